package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of {@link ContactDetector}: e-mail addresses, URLs, IPv4 and IPv6 addresses. */
class ContactDetectorTest {

    private final ContactDetector detector = new ContactDetector();

    /** Reported spans as "TYPE:text", keeping only what the suite keeps (confidence >= 0.5). */
    private List<String> found(String text) {
        List<PhiSpan> spans = detector.detect(text);
        for (PhiSpan s : spans) {
            assertThat(s.start()).isBetween(0, text.length());
            assertThat(s.end()).isBetween(s.start() + 1, text.length());
            assertThat(Character.isLowSurrogate(text.charAt(s.start()))).isFalse();
            assertThat(Character.isHighSurrogate(text.charAt(s.end() - 1))).isFalse();
            assertThat(s.detector()).isEqualTo("contact");
        }
        return spans.stream()
                .filter(s -> s.confidence() >= 0.5)
                .sorted((a, b) -> Integer.compare(a.start(), b.start()))
                .map(s -> s.type() + ":" + text.substring(s.start(), s.end()))
                .collect(Collectors.toList());
    }

    // ------------------------------------------------------------ e-mail

    @Test
    void email_inSentence_isDetectedWithExactOffsets() {
        String text = "Email her case details to jane.e@example.com.";
        List<PhiSpan> spans = detector.detect(text);
        assertThat(spans).hasSize(1);
        PhiSpan s = spans.get(0);
        assertThat(s.start()).isEqualTo(text.indexOf("jane"));
        assertThat(s.end()).isEqualTo(text.indexOf(".com") + 4);
        assertThat(s.type()).isEqualTo(PhiType.EMAIL_ADDRESS);
        assertThat(s.confidence()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void email_withPlusUnderscorePercentAndSubdomain_isDetected() {
        assertThat(found("(Email: a_b+tag%x@mail.med.example.org)"))
                .containsExactly("EMAIL_ADDRESS:a_b+tag%x@mail.med.example.org");
    }

    @Test
    void email_withNonAsciiLocalPartAndIdnDomain_isDetected() {
        assertThat(found("Kontakt: josé.müller@klinik-straße.de, danke"))
                .containsExactly("EMAIL_ADDRESS:josé.müller@klinik-straße.de");
    }

    @Test
    void email_afterMailtoOrLabelWithoutSpace_isDetected() {
        assertThat(found("mailto:ann@x.org")).containsExactly("EMAIL_ADDRESS:ann@x.org");
        assertThat(found("Email:ann@x.org")).containsExactly("EMAIL_ADDRESS:ann@x.org");
    }

    @Test
    void email_afterEllipsis_doesNotTakeTheDots() {
        assertThat(found("write...john@x.org")).containsExactly("EMAIL_ADDRESS:john@x.org");
    }

    @Test
    void email_domainIsNotAlsoReportedAsUrl() {
        assertThat(found("johndoe@hospital.org and ebrown@www.example.com"))
                .containsExactly("EMAIL_ADDRESS:johndoe@hospital.org", "EMAIL_ADDRESS:ebrown@www.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "a@b", "@handle on social", "x@7.5", "meet @ 5pm", "foo@bar.c",
            "an email on May 5th", "a@@b.com"})
    void email_withoutDomainAndTld_isNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    // ------------------------------------------------------------ URL

    @Test
    void url_withScheme_stopsBeforeTrailingPunctuation() {
        String text = "See https://example.com/path/a.html?q=1&r=2#frag.";
        assertThat(found(text)).containsExactly("URL:https://example.com/path/a.html?q=1&r=2#frag");
    }

    @Test
    void url_inParentheses_keepsBalancedParenthesesOnly() {
        assertThat(found("(see http://en.wikipedia.org/wiki/Foo_(bar))"))
                .containsExactly("URL:http://en.wikipedia.org/wiki/Foo_(bar)");
        assertThat(found("(http://x.org/a), then")).containsExactly("URL:http://x.org/a");
        assertThat(found("\"https://x.org/q?a=1\"!")).containsExactly("URL:https://x.org/q?a=1");
    }

    @Test
    void url_withAnySchemePortAndUserinfo_isOneUrl() {
        assertThat(found("ftp://files.example.net/a.txt")).containsExactly("URL:ftp://files.example.net/a.txt");
        assertThat(found("open myapp://record?id=42 now")).containsExactly("URL:myapp://record?id=42");
        assertThat(found("http://localhost:8080/x")).containsExactly("URL:http://localhost:8080/x");
        assertThat(found("http://user@example.com/x")).containsExactly("URL:http://user@example.com/x");
    }

    @Test
    void url_withWwwPrefix_isDetected() {
        assertThat(found("Visit www.UEarly.se/ or WWW.EXAMPLE.COM."))
                .containsExactly("URL:www.UEarly.se/", "URL:WWW.EXAMPLE.COM");
    }

    @Test
    void url_bareDomainWithKnownTld_isDetected() {
        assertThat(found("Log in at mychart.example.org/login, or call."))
                .containsExactly("URL:mychart.example.org/login");
        assertThat(found("see example.com for details")).containsExactly("URL:example.com");
        assertThat(found("portal: clinic.com.au; api example.io:8443/v1"))
                .containsExactly("URL:clinic.com.au", "URL:example.io:8443/v1");
        assertThat(found("records at england.nhs.uk today")).containsExactly("URL:england.nhs.uk");
        assertThat(found("info at bücher.de")).containsExactly("URL:bücher.de");
    }

    @Test
    void url_withIdnHost_isDetected() {
        assertThat(found("http://münchen.de/info")).containsExactly("URL:http://münchen.de/info");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e.g. aspirin", "i.e. daily", "dose 7.5 mg", "see report.pdf", "Dr.Smith saw her",
            "she was seen.It hurt", "Smith et.al reported", "went home.no fever", "HbA1c 7.5%", "COVID-19",
            "type 2 diabetes", "U.S.A. citizen", "Ph.D. student", "notes.md and data.zip", "take 5.mg daily",
            "vs.in the past", "Mr.Li called", "a.m. dose", "version 2.0.1", "file.txt"})
    void url_thingsThatAreNotHosts_areNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void url_ambiguousCountryTld_needsAPath() {
        assertThat(found("seen.it")).isEmpty();
        assertThat(found("go to example.it/contact")).containsExactly("URL:example.it/contact");
    }

    // ------------------------------------------------------------ IP addresses

    @Test
    void ipv4_isDetectedWithExactOffsets() {
        String text = "Login from 192.168.1.10.";
        List<PhiSpan> spans = detector.detect(text);
        assertThat(spans).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(PhiType.IP_ADDRESS);
            assertThat(s.start()).isEqualTo(11);
            assertThat(s.end()).isEqualTo(23);
            assertThat(s.confidence()).isGreaterThanOrEqualTo(0.85);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3.4.5", "12.05.2023", "192.168.1", "version 1.2.3.4",
            "10.1.1.01", "Table 1.2.3.4.5.6 shows"})
    void ipv4_invalidOrLongerDottedNumber_isNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void ipv6_fullCompressedAndEmbeddedIpv4_areDetected() {
        assertThat(found("src 6e40:4041:c617:e898:c11:40d2:c669:2eb4 ok"))
                .containsExactly("IP_ADDRESS:6e40:4041:c617:e898:c11:40d2:c669:2eb4");
        assertThat(found("host 2001:DB8::8A2E:370:7334.")).containsExactly("IP_ADDRESS:2001:DB8::8A2E:370:7334");
        assertThat(found("link fe80::1 up")).containsExactly("IP_ADDRESS:fe80::1");
        assertThat(found("mapped ::ffff:192.0.2.128 seen")).containsExactly("IP_ADDRESS:::ffff:192.0.2.128");
        assertThat(found("url http://[2001:db8::1]:8080/")).containsExactly("URL:http://[2001:db8::1]:8080/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 12:30 today", "at 10:15:20", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
            "2001:db8::1::2", "12::30", "std::vector", "ab:cd:eg", "12:30pm", "ratio 1:2", "fe80:::1",
            "gggg::1"})
    void ipv6_timesAndBadGroupCounts_areNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void ipv6_validator_checksGroupCount() {
        assertThat(ContactDetector.validIpv6("1:2:3:4:5:6:7:8", 0, 15)).isTrue();
        assertThat(ContactDetector.validIpv6("1:2:3:4:5:6:1.2.3.4", 0, 19)).isTrue();
        assertThat(ContactDetector.validIpv6("1:2:3:4:5:6:7:1.2.3.4", 0, 21)).isFalse();
        assertThat(ContactDetector.validIpv6("1::2:3:4:5:6:7:8", 0, 16)).isFalse();
    }

    // ------------------------------------------------------------ robustness

    @Test
    void nonBmpTextAroundMatches_keepsOffsetsExact() {
        String text = "😀 mail 😀a@b.com😀 site https://x.org/😀 ip 😀10.0.0.1😀";
        assertThat(found(text)).containsExactly("EMAIL_ADDRESS:a@b.com", "URL:https://x.org/😀",
                "IP_ADDRESS:10.0.0.1");
    }

    @Test
    void emptyAndPunctuationOnlyInputs_findNothing() {
        assertThat(found("")).isEmpty();
        assertThat(found("@")).isEmpty();
        assertThat(found("://")).isEmpty();
        assertThat(found("www.")).isEmpty();
        assertThat(found("::")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", ".", "a.", "a@", "@a.", "::", "1.", "a:", "http://", "www.a.", "1:", "ab:",
            "9", "-", "a@b.", "(", ")"})
    void hostileInput_oneMegabyte_finishes(String unit) {
        String text = unit.repeat(1_000_000 / unit.length());
        assertThat(detector.detect(text)).isNotNull();
    }

    @Test
    void hostileInput_veryLongUrlAndLocalPart_areBounded() {
        String longPath = "http://x.org/" + "a".repeat(1_000_000);
        assertThat(detector.detect(longPath)).isNotEmpty();
        String longLocal = "a".repeat(1_000_000) + "@example.com";
        assertThat(found(longLocal)).isEmpty();
    }
}
