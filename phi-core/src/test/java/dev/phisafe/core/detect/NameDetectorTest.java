package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameDetectorTest {
    private static NameDetector detector;

    @BeforeAll
    static void load() {
        detector = new NameDetector(Lexicon.load());
    }

    private static List<String> names(String text) {
        return detector.detect(text).stream()
                .filter(s -> s.confidence() >= PhiDetectors.DEFAULT_MIN_CONFIDENCE)
                .map(s -> s.textIn(text)).collect(Collectors.toList());
    }

    @Test
    void titleAndSurname_isOneName() {
        assertThat(names("Guidelines for a patient seen by Dr. Smith on Monday")).containsExactly("Dr. Smith");
    }

    @Test
    void titleAndInitial_isAName() {
        assertThat(names("Mgnt of COPD in pt, Mr. W., who was admitted")).contains("Mr. W.");
        assertThat(names("notes from Dr. A. Smith's clinic")).contains("Dr. A. Smith's");
    }

    @Test
    void firstNameAndInitial_isAName() {
        assertThat(names("a 34-year-old female like Anna S., previously treated")).containsExactly("Anna S.");
    }

    @Test
    void firstAndLastName_isOneSpan() {
        assertThat(names("Treatment options for a 57-year-old male, Michael Smith, diagnosed with melanoma"))
                .containsExactly("Michael Smith");
    }

    @Test
    void lowerCaseTranscript_findsNamesAfterGreetingsAndTitles() {
        String dialogue = "[doctor] hi , martha . how are you ? [patient] i'm doing okay . how are you ? "
                + "[doctor] i'm doing okay . so , i know the nurse told you about the visit . "
                + "[doctor] all right , mr. ward . i'm going to review these results with you today .";
        assertThat(names(dialogue)).contains("martha", "mr. ward");
    }

    @Test
    void nameFoundWithTitle_isMarkedWhereItRecurs() {
        String note = "Seen by Dr. Bellweather today. Plan discussed; bellweather agrees with the plan. "
                + "Bellweather will call.";
        assertThat(names(note)).contains("Dr. Bellweather", "bellweather", "Bellweather");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "What are the diagnostic criteria for a 55-year-old female presenting with Cushing's syndrome?",
        "a 54-year-old female presenting with a high Chaddock reflex and suspected multiple sclerosis",
        "a 60-year-old female with a Framingham risk score of 17 and a history of lupus",
        "the GUSTO trial protocol for managing acute myocardial infarctions in elderly patients",
        "a 42-year-old male patient with a Modified Duke Score of 4 and a history of Marfan syndrome",
        "What are the side effects of Losartan for patients diagnosed with hypertension in 2021?",
        "Can I prescribe Lisinopril and Metformin to a patient with Hodgkin lymphoma?",
        "a recent Ludwig's angina treated last year",
        "Best practices for managing diabetes in elderly patients with a recent HgbA1c of 7.5%"
    })
    void clinicalVocabularyAndEponyms_areNotNames(String text) {
        assertThat(names(text)).isEmpty();
    }

    @Test
    void nurseWillCome_isNotAName() {
        String dialogue = "[doctor] okay . the nurse will come in and give you the shot . "
                + "[patient] okay . thank you . [doctor] and then i will see you in a few weeks . "
                + "[patient] sounds good . have a nice day . [doctor] you too . take care .";
        assertThat(names(dialogue)).isEmpty();
    }

    @Test
    void weekdayAfterACue_isNoName() {
        assertThat(names("Please send the report by Friday or on Monday.")).isEmpty();
    }

    @Test
    void possessive_endsAName() {
        assertThat(names("Mrs. Patel's VIN is on file.")).containsExactly("Mrs. Patel's");
    }

    @Test
    void listOfSurnames_isCoordinated() {
        assertThat(names("The company is the brainchild of our 3 founders: Kowalczyk, Becker and Vasquez."))
                .contains("Becker", "Vasquez");
    }

    @Test
    void foreignNamesWithDiacritics_areFound() {
        assertThat(names("Tomorrow Krisztián Szöllösy will present the results.")).contains("Krisztián Szöllösy");
    }

    @Test
    void spansNeverSplitSurrogatePairs_andStayInsideText() {
        String text = "\uD83D\uDE00Dr. Smith\uD83D\uDE00 met Anna S.\uD83D\uDE00";
        for (PhiSpan s : detector.detect(text)) {
            assertThat(s.end()).isLessThanOrEqualTo(text.length());
            assertThat(Character.isLowSurrogate(text.charAt(s.start()))).isFalse();
            assertThat(Character.isHighSurrogate(text.charAt(s.end() - 1))).isFalse();
        }
        assertThat(names(text)).contains("Dr. Smith", "Anna S.");
    }

    @Test
    void hostileInput_aMegabyteOfCapitalisedNames_finishes() {
        StringBuilder b = new StringBuilder();
        while (b.length() < 1_000_000) {
            b.append("Anna Bob Carl Dr. Smith, ");
        }
        assertThat(detector.detect(b)).isNotEmpty();
    }
}
