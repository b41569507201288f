package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.phisafe.core.audit.JournalTestSupport.KEYS;
import static dev.phisafe.core.audit.JournalTestSupport.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditJournalTest {
    @TempDir
    Path dir;

    private List<AuditEvent> readAll() {
        List<AuditEvent> out = new ArrayList<>();
        AuditJournal.readEvents(dir, out::add);
        return out;
    }

    @Test
    void record_thenReopen_eventsReadBackInOrderAndJournalVerifies() {
        JournalTestSupport.write(dir, 25, 10);
        assertThat(readAll()).hasSize(25).first().isEqualTo(AuditFixtures.fullEvent(0));
        try (AuditJournal j = journal(dir).build()) {
            assertThat(j.nextSeq()).isEqualTo(25);
            assertThat(j.discardedTailBytes()).isZero();
            j.record(AuditFixtures.minimalEvent(99));
        }
        JournalVerification v = AuditJournal.verify(dir, KEYS.getPublic());
        assertThat(v.problems()).isEmpty();
        assertThat(v.status()).isEqualTo(JournalVerification.Status.INTACT);
        assertThat(v.records()).isEqualTo(26);
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void eightConcurrentWriters_loseNothing_andChainStaysIntact() throws Exception {
        Set<UUID> acked = ConcurrentHashMap.newKeySet();
        try (AuditJournal j = journal(dir).checkpointEvery(500).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        AuditEvent e = AuditFixtures.minimalEvent(tt * 1000 + i).toBuilder().id(UUID.randomUUID()).build();
                        j.record(e);
                        acked.add(e.id());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
        }
        List<AuditEvent> all = readAll();
        assertThat(all).hasSize(4000);
        assertThat(all.stream().map(AuditEvent::id)).containsExactlyInAnyOrderElementsOf(acked);
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).status()).isEqualTo(JournalVerification.Status.INTACT);
    }

    @Test
    void canary_journalFilesAndNames_holdNoPhi() throws IOException {
        JournalTestSupport.write(dir, 20, 5);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                AuditFixtures.assertNoCanary("file name", f.getFileName().toString());
                AuditFixtures.assertNoCanary(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
    }

    @Test
    void brokenChannel_recordThrows_andJournalStaysClosedUntilReopened() throws IOException {
        AuditJournal j = journal(dir).build();
        j.record(AuditFixtures.minimalEvent(0));
        j.breakChannelForTest();
        assertThatThrownBy(() -> j.record(AuditFixtures.minimalEvent(1)))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("refused");
        assertThatThrownBy(() -> j.record(AuditFixtures.minimalEvent(2)))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("until reopened");
        j.close();
        try (AuditJournal again = journal(dir).build()) {
            assertThat(again.nextSeq()).isEqualTo(1);
            again.record(AuditFixtures.minimalEvent(3));
        }
        assertThat(readAll()).extracting(AuditEvent::id)
                .containsExactly(AuditFixtures.minimalEvent(0).id(), AuditFixtures.minimalEvent(3).id());
    }

    @Test
    void fullDisk_recordThrows_failClosed() throws IOException {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "/dev/full is needed to simulate ENOSPC");
        String epoch = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        Files.createSymbolicLink(JournalFiles.records(dir, epoch), devFull);
        try (AuditJournal j = journal(dir).build()) {
            assertThatThrownBy(() -> j.record(AuditFixtures.fullEvent(0)))
                    .isInstanceOf(AuditUnavailableException.class)
                    .satisfies(t -> AuditFixtures.assertNoCanary("message", String.valueOf(t.getMessage())));
        }
    }

    @Test
    void unwritableDirectory_buildThrows() throws IOException {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> journal(file.resolve("journal")).build()).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void tornTail_onReopen_isReportedTruncatedAndAckedRecordsKept() throws IOException {
        JournalTestSupport.write(dir, 5, 100);
        Path rec = onlyRecordsFile();
        Files.write(rec, "{\"epoch\":\"20".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        JournalVerification before = AuditJournal.verify(dir, KEYS.getPublic());
        assertThat(before.status()).isEqualTo(JournalVerification.Status.TAMPERED);
        assertThat(before.problems()).extracting(JournalVerification.Problem::kind).containsExactly("TORN_TAIL");
        assertThat(before.problems().get(0).line()).isEqualTo(6);
        try (AuditJournal j = journal(dir).build()) {
            assertThat(j.discardedTailBytes()).isEqualTo(12);
            assertThat(j.nextSeq()).isEqualTo(5);
            j.record(AuditFixtures.minimalEvent(5));
        }
        assertThat(readAll()).hasSize(6);
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).intact()).isTrue();
    }

    @Test
    void truncatedBelowCheckpoint_doesNotOpen() throws IOException {
        JournalTestSupport.write(dir, 5, 100);
        Path rec = onlyRecordsFile();
        List<String> lines = Files.readAllLines(rec);
        Files.write(rec, lines.subList(0, 4));
        assertThatThrownBy(() -> journal(dir).build()).isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void alteredRecord_doesNotOpen() throws IOException {
        JournalTestSupport.write(dir, 5, 100);
        Path rec = onlyRecordsFile();
        String s = Files.readString(rec).replaceFirst("user-4711", "user-4712");
        Files.writeString(rec, s);
        assertThatThrownBy(() -> journal(dir).build()).isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("phi audit verify");
    }

    @Test
    void epochs_rollOverMonthly_chainAcrossEpochs_andRetentionDropsOldOnes() throws IOException {
        TestClock clock = new TestClock(Instant.parse("2019-01-15T00:00:00Z"));
        try (AuditJournal j = journal(dir).clock(clock).checkpointEvery(3).build()) {
            for (int m = 0; m < 4; m++) {
                for (int i = 0; i < 5; i++) {
                    j.record(AuditFixtures.minimalEvent(m * 10 + i));
                }
                clock.now.set(clock.now.get().plus(java.time.Duration.ofDays(31)));
            }
        }
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).epochs())
                .containsExactly("2019-01", "2019-02", "2019-03", "2019-04");
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).intact()).isTrue();
        // legal hold keeps everything
        clock.now.set(Instant.parse("2025-04-01T00:00:00Z"));
        try (AuditJournal j = journal(dir).clock(clock).legalHold(true).build()) {
            assertThat(j.applyRetention()).isEmpty();
        }
        // six years after the end of Jan and Feb 2019 (plus a day)
        try (AuditJournal j = journal(dir).clock(clock).retention(Period.ofYears(6)).build()) {
            assertThat(j.applyRetention()).containsExactly("2019-01", "2019-02");
        }
        assertThat(dir.resolve("dropped-2019-02.checkpoint")).exists();
        assertThat(JournalFiles.records(dir, "2019-01")).doesNotExist();
        JournalVerification v = AuditJournal.verify(dir, KEYS.getPublic());
        assertThat(v.problems()).isEmpty();
        assertThat(v.epochs()).containsExactly("2019-03", "2019-04", "2025-04");
        assertThat(readAll()).extracting(AuditEvent::action).contains(AuditAction.RETENTION);
        // deleting an epoch without its kept checkpoint is detected
        Files.delete(dir.resolve("dropped-2019-02.checkpoint"));
        Files.delete(dir.resolve("dropped-2019-01.checkpoint"));
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).problems())
                .extracting(JournalVerification.Problem::kind).contains("MISSING_EPOCH");
    }

    @Test
    void proofs_fromJournal_verifyAgainstSignedCheckpoint() {
        try (AuditJournal j = journal(dir).build()) {
            for (int i = 0; i < 37; i++) {
                j.record(AuditFixtures.minimalEvent(i));
            }
            Checkpoint c20 = null;
            Checkpoint c37 = j.checkpoint();
            assertThat(c37.verify(KEYS.getPublic())).isTrue();
            assertThat(c37.verify(JournalTestSupport.newKeys().getPublic())).isFalse();
            String epoch = c37.origin().substring(c37.origin().lastIndexOf('/') + 1);
            for (int i = 0; i < 37; i++) {
                InclusionProof p = j.proveInclusion(epoch, i, 37);
                assertThat(p.verify(c37.root())).isTrue();
            }
            ConsistencyProof cp = j.proveConsistency(epoch, 20, 37);
            InclusionProof p20 = j.proveInclusion(epoch, 0, 20);
            assertThat(c20).isNull();
            // the 20-record root is recomputed from the proof's own leaf path
            byte[] root20 = Merkle.root(leavesOf(epoch), 0, 20);
            assertThat(p20.verify(root20)).isTrue();
            assertThat(cp.verify(root20, c37.root())).isTrue();
            byte[] bad = root20.clone();
            bad[0] ^= 1;
            assertThat(cp.verify(bad, c37.root())).isFalse();
            assertThat(Checkpoint.parse(c37.toNote()).toNote()).isEqualTo(c37.toNote());
        }
    }

    private List<byte[]> leavesOf(String epoch) {
        List<byte[]> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(JournalFiles.records(dir, epoch))) {
                out.add(Merkle.leafHash(l.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void builder_rejectsBadSettings() {
        assertThatThrownBy(() -> AuditJournal.builder(dir).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signingKey");
        assertThatThrownBy(() -> journal(dir).checkpointEvery(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal(dir).origin("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal(dir).retention(Period.ofYears(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closed_recordThrows() {
        AuditJournal j = journal(dir).build();
        j.close();
        assertThatThrownBy(() -> j.record(AuditFixtures.minimalEvent(0))).isInstanceOf(AuditUnavailableException.class);
    }

    private Path onlyRecordsFile() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("records-")).findFirst().orElseThrow();
        }
    }
}
