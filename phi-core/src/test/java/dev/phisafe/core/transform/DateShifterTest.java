package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateShifterTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static DateShifter shifter() {
        return DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(KEY, "test-key")).build();
    }

    private static PhiContext patient(String id) {
        return PhiContext.builder().tenant("t1").conversation("c1").patient(id).build();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // numeric: separators, order, padding, two-digit years, times
        "4/21/2023|10|5/1/2023",
        "04/21/2023|10|05/01/2023",
        "02/04/23|10|02/14/23",
        "21.04.2023|10|01.05.2023",
        "2023-04-21|10|2023-05-01",
        "2023/04/21|10|2023/05/01",
        "08-15-2023|10|08-25-2023",
        "12/1/1981|10|12/11/1981",
        "1 / 12 / 1961|10|1 / 22 / 1961",
        "2018-02-24 12:45:18|10|2018-03-06 12:45:18",
        "2020-06-20T14:11:22Z|10|2020-06-30T14:11:22Z",
        "2020-06-20T14:11:22.123+02:00|10|2020-06-30T14:11:22.123+02:00",
        "04/21/2023 at 3:45 pm|10|05/01/2023 at 3:45 pm",
        "04/21/2023 at 3 p.m.|10|05/01/2023 at 3 p.m.",
        "12/24/2023, 11:59PM|10|01/03/2024, 11:59PM",
        "01/15/2021|-40|12/06/2020",
        // month names: case, abbreviation, ordinals recomputed
        "April 12th, 2023|10|April 22nd, 2023",
        "Jan 9th '23|10|Jan 19th '23",
        "Jan 9th '23|-40|Nov 30th '22",
        "Jan. 9, 2023|10|Jan. 19, 2023",
        "17-Feb-2023|10|27-Feb-2023",
        "17/Feb/23|20|09/Mar/23",
        "May 5|10|May 15",
        "5 May 2023|10|15 May 2023",
        "May 5, 2023|30|June 4, 2023",
        "3rd of May, 1950|10|13th of May, 1950",
        "the 3rd of May|-3|the 30th of April",
        "Sept 1st, 2023|10|Sept 11th, 2023",
        "Sept 1st, 2023|30|Oct 1st, 2023",
        "SEP 21 2021|10|OCT 1 2021",
        "11th March 2023|10|21st March 2023",
        "dec 3rd|10|dec 13th",
        "Feb 2nd 2021|1|Feb 3rd 2021",
        "Aug 10, '23|1|Aug 11, '23",
        "February 29, 2024|10|March 10, 2024",
        "February 28, 2024|1|February 29, 2024",
        "December 31, 2023|1|January 1, 2024",
        "May 5-7, 2023|10|May 15-17, 2023",
        // weekdays are recomputed (with a year) or moved by the offset (without one)
        "Monday, April 1, 2024|1|Tuesday, April 2, 2024",
        "Friday, April 1, 2024|1|Tuesday, April 2, 2024",
        "Mon, May 5|10|Thu, May 15",
        "Monday the 5th of May|10|Thursday the 15th of May",
        "Monday, May 5, 2025 at 9:30 AM EST|10|Thursday, May 15, 2025 at 9:30 AM EST",
        "Mon 05/05/2025|-1|Sun 05/04/2025",
        // month precision: shifted as the 15th, written as month and year
        "May 2023|10|May 2023",
        "May of 2023|20|June of 2023",
        "March, 2022|-20|February, 2022",
        "03/2021|20|04/2021",
        "12-2019|20|01-2020",
        "Jan-2023|20|Feb-2023",
        "Feb/2023|20|Mar/2023",
        "5/61|20|6/61",
        "january , 2021|20|february , 2021",
        // partial numeric without a year
        "04/10|10|04/20",
        // dictated transcripts stay spelled
        "january fifth , nineteen sixty-one|10|january fifteenth , nineteen sixty-one",
        "january fifth , nineteen sixty-one|-40|november twenty-sixth , nineteen sixty",
        "january 13th , 1982|10|january 23rd , 1982",
        "twenty-first of march|10|thirty-first of march",
        "twenty-first of march|11|first of april",
        "march third , two thousand and five|-70|december twenty-third , two thousand and four",
        "july 8th|1|july 9th",
        "august first|-1|july thirty-first",
        "January Fifth, Nineteen Oh Five|365|January Fifth, Nineteen Oh Six",
        "march 1, nineteen hundred|-1|february 28, nineteen hundred",
        "january 1, nineteen hundred|-1|december 31, eighteen ninety-nine",
    })
    void shift_writesTheShiftedDateInItsOwnFormat(String original, int days, String expected) {
        assertThat(DateShifter.shiftBy(original, days)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "12/31/49|1",                                          // two-digit year leaves the 1950-2049 window
        "Jan 1st '50|-1",
        "2/30|20",                                             // Feb 2030 -> 3/30 would read as March 30
        "May 30-31, 2023|1",                                   // the range would span two months
        "december thirtieth , twenty ninety-nine|5",           // 2100 has no dictated form here
        "9999-12-31|1",
    })
    void shift_withoutAFormForTheResult_failsClosed(String original, int days) {
        assertThatThrownBy(() -> DateShifter.shiftBy(original, days))
                .isInstanceOf(PhiProcessingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(original));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"", " ", "not a date", "May", "2023", "Monday", "13/45/2023", "2/29/2023",
        "April 31, 2023", "4/21/2023 and more", "4/21/2023-", "May 5 patients", "12:30", "\uD83D\uDE00",
        "4/21/2023 at 25:00", "Monday, May 2023", "May 7-5, 2023", "1.2.3.4", "99999999"})
    void shift_ofTextThatIsNoSupportedDate_failsClosed(String text) {
        assertThatThrownBy(() -> shifter().shift(text, patient("p1")))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageNotContaining(text.isBlank() ? "\u0000" : text);
    }

    @Test
    void shift_ofVeryLongText_failsClosedWithoutEchoing() {
        String text = "4/21/2023 ".repeat(100_000);
        assertThatThrownBy(() -> shifter().shift(text, patient("p1")))
                .isInstanceOf(PhiProcessingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4/21"));
    }

    @Test
    void canaryDate_neverAppearsInExceptionsOrToString() {
        String canary = "Canarymonth 31st, 1911";
        DateShifter s = shifter();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> s.shift(canary, patient("p1")));
        assertThat(t).isInstanceOf(PhiProcessingException.class);
        assertThat(t.getMessage()).doesNotContain("Canary").doesNotContain("1911");
        assertThat(s.toString()).isEqualTo("DateShifter{keyId=test-key, maxShiftDays=365}")
                .doesNotContain(new String(KEY, StandardCharsets.US_ASCII));
    }

    @Test
    void shift_usesThePatientsOffset() {
        DateShifter s = shifter();
        PhiContext ctx = patient("patient-42");
        int off = s.offsetDays(ctx);
        java.time.LocalDate expected = java.time.LocalDate.of(2023, 4, 21).plusDays(off);
        String out = s.shift("2023-04-21", ctx);
        assertThat(out).isEqualTo(expected.toString());
    }

    @Test
    void offset_isTheDocumentedHmacOfTenantAndPatient() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] tag = mac.doFinal("date-shift|v1|t1|patient-42".getBytes(StandardCharsets.UTF_8));
        long v = ByteBuffer.wrap(tag, 0, 8).getLong();
        int idx = (int) Long.remainderUnsigned(v, 730);
        int expected = idx < 365 ? idx - 365 : idx - 364;
        assertThat(shifter().offsetDays(patient("patient-42"))).isEqualTo(expected);
    }

    @Test
    void offset_isTheSameAcrossInstancesAndConversations_andDiffersBetweenKeys() {
        DateShifter a = shifter();
        DateShifter b = DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(KEY.clone(), "other-id")).build();
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        DateShifter c = DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(otherKey, "k2")).build();
        int differentWithOtherKey = 0;
        for (int i = 0; i < 200; i++) {
            PhiContext p = patient("p" + i);
            PhiContext sameInOtherConversation = p.toBuilder().conversation("another").build();
            assertThat(b.offsetDays(sameInOtherConversation)).isEqualTo(a.offsetDays(p));
            if (c.offsetDays(p) != a.offsetDays(p)) {
                differentWithOtherKey++;
            }
        }
        assertThat(differentWithOtherKey).isGreaterThan(190);
    }

    @Test
    void offset_staysWithinBoundsAndIsNeverZero() {
        DateShifter s = shifter();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            int off = s.offsetDays(patient("p" + i));
            assertThat(off).isBetween(-365, 365).isNotZero();
            seen.add(off);
        }
        assertThat(seen).hasSize(730);   // every allowed value occurs: no hole, no bias towards a few values
        DateShifter one = s.toBuilder().maxShiftDays(1).build();
        Set<Integer> tiny = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            tiny.add(one.offsetDays(patient("p" + i)));
        }
        assertThat(tiny).containsExactlyInAnyOrder(-1, 1);
    }

    @Test
    void contextWithoutPatient_usesItsConversation() {
        DateShifter s = shifter();
        PhiContext c1 = PhiContext.builder().tenant("t1").conversation("conv-1").build();
        PhiContext c1again = PhiContext.builder().tenant("t1").conversation("conv-1").build();
        assertThat(s.offsetDays(c1)).isEqualTo(s.offsetDays(c1again));
        int distinct = 0;
        for (int i = 0; i < 100; i++) {
            PhiContext ci = PhiContext.builder().tenant("t1").conversation("conv-" + i).build();
            PhiContext pi = PhiContext.builder().tenant("t1").conversation("x").patient("conv-" + i).build();
            if (s.offsetDays(ci) != s.offsetDays(pi)) {
                distinct++;   // a patient id equal to a conversation id is another input to the HMAC
            }
        }
        assertThat(distinct).isGreaterThan(90);
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
        DateShifter s = DateShifter.builder().keyedHash(broken).build();
        assertThatThrownBy(() -> s.shift("2023-04-21", patient("p1"))).isInstanceOf(PhiProcessingException.class);
    }

    @Test
    void builder_rejectsBadSettings() {
        assertThatThrownBy(() -> DateShifter.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyedHash");
        assertThatThrownBy(() -> DateShifter.builder().maxShiftDays(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateShifter.builder().maxShiftDays(3651))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateShifter.builder().keyedHash(null)).isInstanceOf(NullPointerException.class);
        DateShifter s = shifter().toBuilder().maxShiftDays(30).build();
        assertThat(s.maxShiftDays()).isEqualTo(30);
        assertThat(s.keyId()).isEqualTo("test-key");
        assertThat(Arrays.asList(s.toString().split(""))).doesNotContain("\u0000");
    }
}
