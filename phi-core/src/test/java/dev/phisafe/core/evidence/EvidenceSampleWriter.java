package dev.phisafe.core.evidence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the fixture's report to {@code -Devidence.sample=DIR} for the screenshot in docs/evidence.md; skipped in
 * the normal build (it asserts nothing new: {@link EvidenceReportTest} covers the same report).
 */
class EvidenceSampleWriter {
    @Test
    @EnabledIfSystemProperty(named = "evidence.sample", matches = ".+")
    void writeSample() throws Exception {
        Path out = Path.of(System.getProperty("evidence.sample"));
        var signing = EvidenceFixture.signingKey();
        EvidenceFixture.writeJournal(out.resolve("journal"), signing);
        EvidenceReport.builder().config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(out.resolve("journal")).trustedKey(signing.getPublic())
                .period(LocalDate.parse("2026-06-20"), LocalDate.parse("2026-07-19"))
                .clock(Clock.fixed(Instant.parse("2026-07-20T06:00:00Z"), ZoneOffset.UTC)).build()
                .writeTo(out.resolve("report"));
    }
}
