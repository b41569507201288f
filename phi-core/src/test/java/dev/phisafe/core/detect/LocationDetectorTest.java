package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocationDetectorTest {
    private static LocationDetector detector;

    @BeforeAll
    static void load() {
        detector = new LocationDetector(Lexicon.load());
    }

    private static List<String> places(String text) {
        return detector.detect(text).stream()
                .filter(s -> s.confidence() >= PhiDetectors.DEFAULT_MIN_CONFIDENCE)
                .map(s -> s.textIn(text)).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UCLA Medical Center", "Mt. Sinai Hospital", "St. Vincent's Clinic", "Green Valley Clinic",
        "Mercy General Hospital", "Cleveland Clinic", "Johns Hopkins Hospital", "Albuquerque Neurology Center",
        "Cedars-Sinai Medical Center", "St. Luke’s"})
    void facilityNames_areLocations(String facility) {
        assertThat(places("The patient was treated at " + facility + " on the same day.")).containsExactly(facility);
    }

    @Test
    void facilityWithCityAndState_isOneSpan() {
        assertThat(places("seen at Mayo Clinic in Rochester, MN on July 2")).containsExactly("Mayo Clinic in Rochester, MN");
    }

    @Test
    void streetAddressWithCityStateZip_isOneSpan() {
        assertThat(places("She lives at 1234 Elm St., Springfield, IL 62704 with her son."))
                .containsExactly("1234 Elm St., Springfield, IL 62704");
    }

    @Test
    void multiLineAddress_isCoveredWhole() {
        String text = "Please return to 6639 Canónigo Valiño 70\n Apt. 758\n Almussafes\n Spain 97197 in case of loss";
        assertThat(places(text)).containsExactly("6639 Canónigo Valiño 70\n Apt. 758\n Almussafes\n Spain 97197");
    }

    @Test
    void citiesWithContext_areLocations() {
        assertThat(places("a 70-year-old male residing in Fresno, last hospitalization")).containsExactly("Fresno");
        assertThat(places("seen by Dr. Patel in New York City on March 15")).containsExactly("New York City");
        assertThat(places("referred from Sacramento, CA last week")).containsExactly("Sacramento, CA");
    }

    @Test
    void zipAfterAPlaceWord_isALocation_butANationalityBeforeOfficeIsNot() {
        assertThat(places("John Smith lives in 90210.")).containsExactly("90210");
        assertThat(places("seen by Dr. Smith at our Chicago office on Jan 5th")).containsExactly("Chicago office");
        assertThat(places("call the Israeli office tomorrow")).isEmpty();
    }

    @Test
    void facilityWithCityStateAndZip_isOneSpan_andPhoneExtensionsAreNoAddress() {
        assertThat(places("visited St. Mary's Hospital in Rochester, NY 14620 today"))
                .containsExactly("St. Mary's Hospital in Rochester, NY 14620");
        assertThat(places("Call me at 212-555-0123 ext. 45 tomorrow.")).isEmpty();
    }

    @Test
    void countyAndPoBox_areLocations() {
        assertThat(places("He moved to Marin County in May.")).containsExactly("Marin County");
        assertThat(places("Mail to P.O. Box 287 please")).containsExactly("P.O. Box 287");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "What is the impact of a high Framingham Risk Score on a 55-year-old male?",
        "Best practices for managing a patient in Texas with heart failure",
        "the Mayo classification of fractures",
        "Recommended dosage of amoxicillin for a 7-year-old child with streptococcal pharyngitis",
        "take 20 mg daily for 3 weeks"
    })
    void clinicalTermsAndStatesAlone_areNotLocations(String text) {
        assertThat(places(text)).isEmpty();
    }

    @Test
    void hostileInput_aMegabyteOfNumbersAndStreetWords_finishes() {
        StringBuilder b = new StringBuilder();
        while (b.length() < 1_000_000) {
            b.append("12 Main St 12 Apt 3 , ");
        }
        assertThat(detector.detect(b)).isNotEmpty();
    }
}
