package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateGeneralizerTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "April 12th, 2023|2023",
        "04/21/2023|2023",
        "21.04.2023|2023",
        "2018-02-24 12:45:18|2018",
        "2020-06-20T14:11:22Z|2020",
        "Jan 9th '23|2023",
        "02/04/23|2023",
        "5/61|1961",
        "12/31/49|2049",
        "1/1/50|1950",
        "Monday, May 5, 2025 at 9:30 AM EST|2025",
        "May 2023|2023",
        "03/2021|2021",
        "17-Feb-2023|2023",
        "january fifth , nineteen sixty-one|1961",
        "march third , two thousand and five|2005",
        "May 5|[DATE]",
        "the 3rd of May|[DATE]",
        "04/10|[DATE]",
        "Mon, May 5|[DATE]",
        "not a date|[DATE]",
        "''|[DATE]",
    })
    void date_keepsOnlyItsYear(String date, String expected) {
        assertThat(DateGeneralizer.standard().generalize(date)).isEqualTo(expected);
    }
}
