package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SurrogateGeneratorTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final KeyedHash HASH = KeyedHash.jdkHmacSha256(KEY, "test-key");
    static final SurrogateGenerator GEN = SurrogateGenerator.builder().seed(HASH).build();
    static final Predicate<String> NONE = s -> false;

    static PhiContext conversation(String id) {
        return PhiContext.builder().tenant("t1").conversation(id).build();
    }

    static final PhiContext C1 = conversation("c1");

    /** The shape of a value: letters become 'a' or 'A', digits '9', everything else is kept. */
    static String shape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isDigit(cp)) {
                b.append('9');
            } else if (Character.isLetter(cp)) {
                b.append(Character.isLowerCase(cp) ? 'a' : 'A');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /**
     * The shape of words: each letter run becomes its case class ("A" an initial, "Aa" capitalized, "AA" all caps,
     * "a" lower), each digit run "9", everything else is kept: "Anna S." and "Maria K." are both "Aa A.".
     */
    static String wordShape(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int j = i + Character.charCount(cp);
            if (Character.isLetter(cp)) {
                int upper = Character.isUpperCase(cp) ? 1 : 0;
                int len = 1;
                while (j < s.length() && Character.isLetter(s.codePointAt(j))) {
                    upper += Character.isUpperCase(s.codePointAt(j)) ? 1 : 0;
                    len++;
                    j += Character.charCount(s.codePointAt(j));
                }
                b.append(len == 1 ? (upper == 1 ? "A" : "a") : upper == len ? "AA" : upper == 0 ? "a" : "Aa");
            } else if (Character.isDigit(cp)) {
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                b.append('9');
            } else {
                b.appendCodePoint(cp);
            }
            i = j;
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "MEDICAL_RECORD_NUMBER|MRN-00482913",
        "MEDICAL_RECORD_NUMBER|4829137",
        "HEALTH_PLAN_BENEFICIARY_NUMBER|1EG4-TE5-MK73",
        "ACCOUNT_NUMBER|4111 1111 1111 1111",
        "CERTIFICATE_LICENSE_NUMBER|BX1234563",
        "VEHICLE_IDENTIFIER|1HGCM82633A004352",
        "VEHICLE_IDENTIFIER|7ABC-123",
        "DEVICE_IDENTIFIER|(01)00884521143527(17)250101",
        "UNIQUE_IDENTIFIER|pt-7731-xq",
        "SOCIAL_SECURITY_NUMBER|123-45-6789",
        "SOCIAL_SECURITY_NUMBER|123456789",
        "SOCIAL_SECURITY_NUMBER|123 45 6789",
        "PHONE_NUMBER|(617) 726-2000",
        "PHONE_NUMBER|617.726.2000",
        "PHONE_NUMBER|+1 617-726-2000",
        "PHONE_NUMBER|+44 20 7946 0958",
        "FAX_NUMBER|617-726-2001",
    })
    void identifier_keepsExactShape(PhiType type, String original) {
        String s = GEN.surrogate(type, original, C1, NONE);
        assertThat(shape(s)).isEqualTo(shape(original));
        assertThat(s).isNotEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Anna S.", "Dr. Smith", "JOHN SMITH", "john smith", "Smith, John A.", "Mary-Jane Smith-Jones",
        "Prof. Ana Lopez-Garcia, MD", "Mr. Jones Jr.", "Zoë Åström",
    })
    void name_keepsWordShapeTitlesAndCase(String original) {
        String s = GEN.surrogate(PhiType.NAME, original, C1, NONE);
        assertThat(wordShape(s)).isEqualTo(wordShape(original));
        assertThat(s).isNotEqualTo(original);
    }

    @Test
    void name_titleIsKept_andSurnameComesFromSurnames() {
        String s = GEN.surrogate(PhiType.NAME, "Dr. Smith", C1, NONE);
        assertThat(s).startsWith("Dr. ").doesNotContain("Smith");
        String allCaps = GEN.surrogate(PhiType.NAME, "DR. SMITH", C1, NONE);
        assertThat(allCaps).startsWith("DR. ").isUpperCase();
        assertThat(GEN.surrogate(PhiType.NAME, "anna s.", C1, NONE)).isLowerCase();
        assertThat(GEN.surrogate(PhiType.NAME, "Prof. Ana Lopez-Garcia, MD", C1, NONE)).startsWith("Prof. ")
                .endsWith(", MD");
    }

    @Test
    void phone_usShaped_is555Fictional() {
        for (String p : List.of("(617) 726-2000", "617-726-2000", "+1 617 726 2000", "16177262000")) {
            String digits = GEN.surrogate(PhiType.PHONE_NUMBER, p, C1, NONE).replaceAll("[^0-9]", "");
            String local = digits.substring(digits.length() - 7);
            assertThat(local).startsWith("55501");
            assertThat(digits.charAt(digits.length() - 10)).isBetween('2', '9');
        }
    }

    @Test
    void ssn_isNeverIssuedRange() {
        for (int i = 0; i < 200; i++) {
            String s = GEN.surrogate(PhiType.SOCIAL_SECURITY_NUMBER, String.format("%03d-45-6789", i + 100), C1, NONE);
            assertThat(s).matches("9\\d\\d-\\d\\d-\\d{4}");
            int group = Integer.parseInt(s.substring(4, 6));
            assertThat(group).isBetween(1, 49); // outside ITIN groups 50-65, 70-88, 90-99
            assertThat(s.substring(7)).isNotEqualTo("0000");
        }
    }

    @Test
    void email_isExampleDomain_withNameLikeLocalPart() {
        String s = GEN.surrogate(PhiType.EMAIL_ADDRESS, "john.smith42@gmail.com", C1, NONE);
        assertThat(s).matches("[a-z]+\\.[a-z]+\\d\\d@example\\.(org|com|net)");
    }

    @Test
    void url_isExampleOrg_withPathLayoutKept() {
        String s = GEN.surrogate(PhiType.URL, "https://www.mychart.com/patient/12345?id=ab", C1, NONE);
        assertThat(s).startsWith("https://www.example.");
        assertThat(shape(s.substring(s.indexOf('/', 8)))).isEqualTo(shape("/patient/12345?id=ab"));
        assertThat(GEN.surrogate(PhiType.URL, "http://foo.org", C1, NONE)).matches("https://example\\.(org|com|net)");
    }

    @Test
    void ip_usesDocumentationRanges() {
        assertThat(GEN.surrogate(PhiType.IP_ADDRESS, "10.4.17.201", C1, NONE))
                .matches("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}");
        assertThat(GEN.surrogate(PhiType.IP_ADDRESS, "fe80::1ff:fe23:4567:890a", C1, NONE)).startsWith("2001:db8::");
    }

    @Test
    void location_keepsSuffixStateAndZipShape() {
        String s = GEN.surrogate(PhiType.GEOGRAPHIC_LOCATION, "123 Beacon Street, Boston, MA 02114", C1, NONE);
        assertThat(shape(s).replaceAll("[aA]+", "w")).isEqualTo("999 w w, w, w 99999");
        assertThat(s).contains(" Street, ").endsWith(", MA " + s.substring(s.length() - 5)).doesNotContain("Beacon")
                .doesNotContain("Boston").doesNotContain("02114");
        assertThat(GEN.surrogate(PhiType.GEOGRAPHIC_LOCATION, "Albany, New York", C1, NONE)).endsWith(", New York")
                .doesNotStartWith("Albany");
        assertThat(GEN.surrogate(PhiType.GEOGRAPHIC_LOCATION, "Massachusetts General Hospital", C1, NONE))
                .endsWith(" General Hospital");
    }

    @ParameterizedTest
    @EnumSource(value = PhiType.class, names = {"DATE", "AGE_OVER_89"})
    void datesAndAges_areNotSupported(PhiType type) {
        assertThatThrownBy(() -> GEN.surrogate(type, "01/02/2020", C1, NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(type.name())
                .hasMessageNotContaining("01/02/2020");
    }

    @Test
    void sameConversationAndValue_giveSameSurrogate_evenFromAnotherInstance() {
        SurrogateGenerator other = SurrogateGenerator.builder().seed(KeyedHash.jdkHmacSha256(KEY, "test-key")).build();
        for (PhiType t : supported()) {
            String v = sample(t);
            assertThat(other.surrogate(t, v, conversation("c1"), NONE)).isEqualTo(GEN.surrogate(t, v, C1, NONE));
        }
    }

    @Test
    void otherConversation_usuallyGivesOtherSurrogate() {
        int differ = 0;
        int total = 0;
        for (PhiType t : supported()) {
            for (int c = 0; c < 10; c++) {
                total++;
                String v = sample(t);
                differ += GEN.surrogate(t, v, C1, NONE).equals(GEN.surrogate(t, v, conversation("c" + (c + 2)), NONE))
                        ? 0 : 1;
            }
        }
        assertThat(differ).isGreaterThan(total * 9 / 10);
    }

    @Test
    void otherKey_givesOtherSurrogates() {
        SurrogateGenerator other = SurrogateGenerator.builder()
                .seed(KeyedHash.jdkHmacSha256("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII),
                        "k2")).build();
        int differ = 0;
        for (PhiType t : supported()) {
            differ += other.surrogate(t, sample(t), C1, NONE).equals(GEN.surrogate(t, sample(t), C1, NONE)) ? 0 : 1;
        }
        assertThat(differ).isGreaterThan(supported().size() * 8 / 10);
    }

    @Test
    void collidingCandidate_isSkipped_deterministically() {
        for (PhiType t : supported()) {
            String v = sample(t);
            String first = GEN.surrogate(t, v, C1, NONE);
            Set<String> taken = Set.of(first);
            String second = GEN.surrogate(t, v, C1, taken::contains);
            assertThat(second).isNotEqualTo(first).isNotEqualTo(v);
            assertThat(GEN.surrogate(t, v, C1, taken::contains)).isEqualTo(second);
        }
    }

    @Test
    void surrogatesInTheText_areAvoided_forManyValues() {
        // 300 distinct SSNs in one conversation: none gets a surrogate that is in the text or already issued
        Set<String> text = new HashSet<>();
        List<String> originals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String v = String.format("%03d-%02d-%04d", 900 + i % 100, 1 + i % 49, i);
            originals.add(v);
            text.add(v);
        }
        Set<String> issued = new HashSet<>();
        for (String v : originals) {
            String s = GEN.surrogate(PhiType.SOCIAL_SECURITY_NUMBER, v, C1, c -> text.contains(c) || issued.contains(c));
            assertThat(text).doesNotContain(s);
            assertThat(issued.add(s)).isTrue();
        }
    }

    @Test
    void everythingCollides_failsClosed_withoutTheValue() {
        String canary = "CANARY-7731-QX";
        assertThatThrownBy(() -> GEN.surrogate(PhiType.MEDICAL_RECORD_NUMBER, canary, C1, s -> true))
                .isInstanceOf(PhiProcessingException.class).hasMessageContaining("MEDICAL_RECORD_NUMBER")
                .hasMessageNotContaining(canary).hasMessageNotContaining("7731");
        // one digit has only nine other values
        assertThatThrownBy(() -> GEN.surrogate(PhiType.UNIQUE_IDENTIFIER, "7", C1, s -> s.length() == 1))
                .isInstanceOf(PhiProcessingException.class);
    }

    @Test
    void originalValue_isNeverReturned_evenWhenShortOrTheOnlyShape() {
        // a single digit, a single letter: the candidate equals the original about 1 time in 10 or 26
        for (int i = 0; i < 500; i++) {
            PhiContext c = conversation("c" + i);
            assertThat(GEN.surrogate(PhiType.UNIQUE_IDENTIFIER, "7", c, NONE)).isNotEqualTo("7");
            assertThat(GEN.surrogate(PhiType.DEVICE_IDENTIFIER, "q", c, NONE)).isNotEqualToIgnoringCase("q");
            assertThat(GEN.surrogate(PhiType.NAME, "Jo", c, NONE)).isNotEqualToIgnoringCase("jo");
        }
    }

    @Test
    void canaryValues_neverAppearInSurrogates() {
        for (PhiType t : supported()) {
            String canary = canary(t);
            for (int i = 0; i < 50; i++) {
                String s = GEN.surrogate(t, canary, conversation("c" + i), NONE);
                assertThat(s).doesNotContainIgnoringCase(canary);
                assertThat(s).doesNotContainIgnoringCase("Zxqvor").doesNotContain("7731943");
            }
        }
    }

    @Test
    void nonBmpAndControlCharacters_areKeptWhole() {
        String v = "ID\uD83D\uDE00-12\u0000x\uD835\uDC00";
        String s = GEN.surrogate(PhiType.UNIQUE_IDENTIFIER, v, C1, NONE);
        assertThat(s).contains("\uD83D\uDE00").contains("\u0000");
        assertThat(shape(s)).isEqualTo(shape(v).replace("\uD835\uDC00", "A"));
        for (int i = 0; i < s.length(); i++) {
            if (Character.isHighSurrogate(s.charAt(i))) {
                assertThat(Character.isLowSurrogate(s.charAt(i + 1))).isTrue();
            }
        }
    }

    @Test
    void longValues_finish() {
        String big = "9-".repeat(200_000);
        for (PhiType t : supported()) {
            assertThat(GEN.surrogate(t, big, C1, NONE)).isNotEqualTo(big);
        }
    }

    @Test
    void toString_showsKeyIdOnly() {
        assertThat(GEN.toString()).contains("test-key").doesNotContain("0123456789abcdef")
                .doesNotContain(new String(KEY, StandardCharsets.ISO_8859_1));
    }

    @Test
    void builder_withoutSeed_fails() {
        assertThatThrownBy(() -> SurrogateGenerator.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seed");
        assertThatThrownBy(() -> SurrogateGenerator.builder().seed(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void failingKey_failsClosed() {
        KeyedHash broken = new KeyedHash() {
            @Override
            public String keyId() {
                return "broken";
            }

            @Override
            public byte[] hash(byte[] data) {
                throw new IllegalStateException("key unavailable");
            }
        };
        SurrogateGenerator g = SurrogateGenerator.builder().seed(broken).build();
        assertThatThrownBy(() -> g.surrogate(PhiType.NAME, "Zxqvor", C1, NONE))
                .isInstanceOf(PhiProcessingException.class).hasMessageNotContaining("Zxqvor");
    }

    static List<PhiType> supported() {
        List<PhiType> out = new ArrayList<>();
        for (PhiType t : PhiType.values()) {
            if (t != PhiType.DATE && t != PhiType.AGE_OVER_89) {
                out.add(t);
            }
        }
        return out;
    }

    static String sample(PhiType t) {
        switch (t) {
            case NAME:
                return "Anna Schulz";
            case GEOGRAPHIC_LOCATION:
                return "55 Fruit Street, Boston, MA 02114";
            case PHONE_NUMBER:
            case FAX_NUMBER:
                return "(617) 726-2000";
            case EMAIL_ADDRESS:
                return "anna.schulz@mgh.harvard.edu";
            case SOCIAL_SECURITY_NUMBER:
                return "123-45-6789";
            case URL:
                return "https://portal.mgh.org/p/12345";
            case IP_ADDRESS:
                return "10.4.17.201";
            default:
                return "MRN-00482913";
        }
    }

    static String canary(PhiType t) {
        switch (t) {
            case NAME:
                return "Zxqvor Zxqvor";
            case GEOGRAPHIC_LOCATION:
                return "7731943 Zxqvor Street, Zxqvor";
            case EMAIL_ADDRESS:
                return "zxqvor7731943@zxqvor.org";
            case URL:
                return "https://zxqvor.org/7731943";
            case IP_ADDRESS:
                return "77.31.94.3";
            case SOCIAL_SECURITY_NUMBER:
                return "773-19-4300";
            case PHONE_NUMBER:
            case FAX_NUMBER:
                return "(773) 194-3000";
            default:
                return "ZXQVOR-7731943";
        }
    }
}
