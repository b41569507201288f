package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.phisafe.core.audit.JournalTestSupport.KEYS;
import static dev.phisafe.core.audit.JournalTestSupport.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer's spliced records and the verifier's fixed-envelope reading are byte-for-byte the canonical format;
 * recordAsync is durable-then-complete and fails closed; fast and deep verification differ only on records that were
 * written malformed; proofs built from the streaming pass's kept nodes equal proofs built from every leaf.
 */
class JournalFastPathTest {
    @TempDir
    Path dir;

    @Test
    void assembledRecord_isByteIdenticalToCanonicalEncoding_andEnvelopeReadsItBack() {
        Random rnd = new Random(7);
        long[] seqs = {0, 1, 9, 10, 99, 100, 123_456_789, Long.MAX_VALUE};
        for (int i = 0; i < 200; i++) {
            AuditEvent e = i % 2 == 0 ? AuditFixtures.fullEvent(i) : AuditFixtures.minimalEvent(i);
            byte[] prev = new byte[32];
            rnd.nextBytes(prev);
            long seq = i < seqs.length ? seqs[i] : rnd.nextLong() & Long.MAX_VALUE;
            String epoch = String.format("%04d-%02d", 2000 + i % 100, 1 + i % 12);
            byte[] expected = JournalFiles.encodeRecord(epoch, seq, prev, e.toMap());
            byte[] json = CanonicalJson.encode(e.toMap());
            byte[] dst = new byte[JournalFiles.recordCapacity(json.length) + 5];
            int end = JournalFiles.assembleRecord(dst, 3, JournalFiles.epochBytes(epoch), json, prev, seq);
            assertThat(Arrays.copyOfRange(dst, 3, end)).as("seq %d", seq).isEqualTo(expected);

            JournalFiles.Envelope env = new JournalFiles.Envelope();
            assertThat(JournalFiles.parseEnvelope(dst, 3, end - 3, env)).isTrue();
            assertThat(env.seq).isEqualTo(seq);
            assertThat(env.prev(dst)).isEqualTo(prev);
            assertThat(env.epochIs(dst, JournalFiles.epochBytes(epoch))).isTrue();
            assertThat(JournalFiles.parseRecord(expected).seq).isEqualTo(seq);
        }
    }

    @Test
    void envelope_rejectsEveryNonCanonicalShape() {
        byte[] prev = new byte[32];
        String good = new String(JournalFiles.encodeRecord("2026-08", 42, prev,
                AuditFixtures.minimalEvent(1).toMap()), StandardCharsets.UTF_8);
        String zeroPrev = "A".repeat(43);
        List<String> bad = List.of(
                good.replace("\"seq\":42", "\"seq\":042"),                      // leading zero
                good.replace("\"seq\":42", "\"seq\":-42"),
                good.replace("\"seq\":42", "\"seq\":99999999999999999999"),     // beyond 64 bits
                good.replace("\"seq\":42", "\"seq\":"),
                good.replace(",\"v\":1}", ",\"v\":2}"),
                good.replace(",\"v\":1}", ",\"v\":1} "),
                good.replace("\"epoch\":\"2026-08\"", "\"epoch\":\"2026/08\""),
                good.replace(zeroPrev, "A".repeat(42) + "!"),
                good.replace(zeroPrev, "A".repeat(42)),
                good.replace("\"event\":{", "\"event\":["),
                " " + good,
                "{}",
                "");
        JournalFiles.Envelope env = new JournalFiles.Envelope();
        for (String s : bad) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(JournalFiles.parseEnvelope(b, 0, b.length, env)).as(s.length() > 60 ? s.substring(0, 60) : s)
                    .isFalse();
        }
        // 'B' as the last of 43 chars sets bits beyond the 256 of the hash: well-formed chars, not canonical
        byte[] b = good.replace(zeroPrev, "A".repeat(42) + "B").getBytes(StandardCharsets.UTF_8);
        assertThat(JournalFiles.parseEnvelope(b, 0, b.length, env)).isTrue();
        assertThat(env.prev(b)).isNull();
    }

    @Test
    void recordAsync_completesWhenDurable_inSubmissionOrder() {
        List<UUID> sent = new ArrayList<>();
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        try (AuditJournal j = journal(dir).build()) {
            for (int i = 0; i < 3000; i++) {
                AuditEvent e = AuditFixtures.minimalEvent(i).toBuilder().id(UUID.randomUUID()).build();
                sent.add(e.id());
                fs.add(j.recordAsync(e));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
            assertThat(j.nextSeq()).isEqualTo(3000);
        }
        List<UUID> read = new ArrayList<>();
        AuditJournal.readEvents(dir, e -> read.add(e.id()));
        assertThat(read).containsExactlyElementsOf(sent);
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).intact()).isTrue();
    }

    @Test
    void recordAsync_afterWriteFailureOrClose_futuresFailClosed() throws IOException {
        AuditJournal j = journal(dir).build();
        j.recordAsync(AuditFixtures.minimalEvent(0)).join();
        j.breakChannelForTest();
        CompletableFuture<Void> f = j.recordAsync(AuditFixtures.fullEvent(1));
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(AuditUnavailableException.class)
                .satisfies(t -> AuditFixtures.assertNoCanary("message", String.valueOf(t.getMessage())));
        assertThat(j.recordAsync(AuditFixtures.minimalEvent(2))).isCompletedExceptionally();
        j.close();
        CompletableFuture<Void> closed = j.recordAsync(AuditFixtures.minimalEvent(3));
        assertThat(closed).isCompletedExceptionally();
        assertThatThrownBy(closed::join).hasCauseInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> j.recordAsync(null)).isInstanceOf(NullPointerException.class);
        List<AuditEvent> read = new ArrayList<>();
        AuditJournal.readEvents(dir, read::add);
        assertThat(read).extracting(AuditEvent::id).containsExactly(AuditFixtures.minimalEvent(0).id());
    }

    /** A journal whose writer emitted a non-canonical event (keys unsorted) yet chained and signed it. */
    @Test
    void recordWrittenMalformed_butChainedAndSigned_fastIntact_deepFindsIt() throws IOException {
        String epoch = "2026-08";
        byte[][] events = {
                CanonicalJson.encode(AuditFixtures.minimalEvent(0).toMap()),
                "{\"outcome\":\"SUCCESS\",\"action\":\"QUERY\"}".getBytes(StandardCharsets.UTF_8),
                CanonicalJson.encode(AuditFixtures.fullEvent(2).toMap())};
        byte[] chain = JournalFiles.ZERO.clone();
        Merkle.Frontier f = new Merkle.Frontier();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            byte[] dst = new byte[JournalFiles.recordCapacity(events[i].length)];
            int end = JournalFiles.assembleRecord(dst, 0, JournalFiles.epochBytes(epoch), events[i], chain, i);
            byte[] line = Arrays.copyOf(dst, end);
            lines.append(new String(line, StandardCharsets.UTF_8)).append('\n');
            chain = Merkle.leafHash(line);
            f.append(chain);
        }
        Files.writeString(JournalFiles.records(dir, epoch), lines);
        Checkpoint c = Checkpoint.sign("test.example.org/tenant-a/" + epoch, 3, f.root(), 0, JournalFiles.ZERO,
                chain, "test-key", KEYS.getPrivate(), KEYS.getPublic());
        Files.write(JournalFiles.checkpoints(dir, epoch), (new String(JournalFiles.encodeCheckpoint(c),
                StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).status()).isEqualTo(JournalVerification.Status.INTACT);
        JournalVerification deep = AuditJournal.verify(dir, KEYS.getPublic(), true);
        assertThat(deep.status()).isEqualTo(JournalVerification.Status.TAMPERED);
        assertThat(deep.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("MALFORMED");
            assertThat(p.line()).isEqualTo(2);
        });
    }

    @Test
    void fastAndDeep_bothDetectBitFlips_acrossASmallJournal() throws IOException {
        JournalTestSupport.write(dir, 12, 4);
        Path rec = JournalFiles.records(dir, AuditJournal.verify(dir, KEYS.getPublic()).epochs().get(0));
        byte[] orig = Files.readAllBytes(rec);
        java.util.TreeSet<Integer> positions = new java.util.TreeSet<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 16; i++) {
            positions.add(i);
            positions.add(orig.length - 1 - i * 4);
        }
        while (positions.size() < 160) {
            positions.add(rnd.nextInt(orig.length));
        }
        for (int pos : positions) {
            byte[] b = orig.clone();
            b[pos] ^= 0x01;
            Files.write(rec, b);
            JournalVerification fast = AuditJournal.verify(dir, KEYS.getPublic());
            JournalVerification deep = AuditJournal.verify(dir, KEYS.getPublic(), true);
            assertThat(fast.intact()).as("fast, byte %d", pos).isFalse();
            assertThat(deep.intact()).as("deep, byte %d", pos).isFalse();
        }
        Files.write(rec, orig);
        assertThat(AuditJournal.verify(dir, KEYS.getPublic()).intact()).isTrue();
    }

    @Test
    void proofsFromKeptNodes_equalProofsFromAllLeaves() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            leaves.add(Merkle.leafHash(new byte[]{(byte) i, (byte) (i >> 8), 3}));
        }
        for (int n = 1; n <= 70; n++) {
            for (int m = 0; m <= n; m++) {
                Merkle.NodeCapture cap = new Merkle.NodeCapture();
                if (m < n) {
                    cap.planInclusion(m, n);
                }
                if (m > 0) {
                    cap.planConsistency(m, n);
                }
                cap.seal();
                Merkle.Frontier f = new Merkle.Frontier(cap);
                leaves.forEach(f::append);   // the stream may run past n: extra nodes are ignored
                if (m < n) {
                    assertThat(cap.leaf(m)).isEqualTo(leaves.get(m));
                    assertThat(Merkle.inclusionPath(cap, m, n)).as("path %d/%d", m, n)
                            .containsExactlyElementsOf(Merkle.inclusionPath(leaves, m, 0, n));
                }
                if (m > 0) {
                    assertThat(Merkle.consistencyProof(cap, m, n)).as("consistency %d/%d", m, n)
                            .containsExactlyElementsOf(Merkle.consistencyProof(leaves, m, n));
                }
            }
        }
        Merkle.NodeCapture unplanned = new Merkle.NodeCapture();
        unplanned.seal();
        assertThat(Merkle.inclusionPath(unplanned, 3, 10)).isNull();
    }
}
