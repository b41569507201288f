package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.Checkpoint;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code phi audit verify} over a real 10,000-record journal: intact gives 0; every kind of mutation gives 1 with
 * file and line; a missing directory, garbage or a bad key gives 2. No record content is ever printed.
 */
class AuditCommandTest {
    private static final int N = 10_000;
    private static final String CANARY = "MRN-CANARY-4411";
    private static final KeyedHash AUDIT_KEY = KeyedHash.jdkHmacSha256(new byte[32], "audit-k1");

    @TempDir
    static Path shared;
    static Path journal;
    static Path pub;
    static Path recordsFile;
    static Path checkpointsFile;
    static KeyPair keys;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void writeJournal() throws Exception {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        journal = shared.resolve("journal");
        try (AuditJournal j = AuditJournal.builder(journal).origin("test/tenant").signingKey("k1", keys)
                .checkpointEvery(1000).build()) {
            for (int i = 0; i < N; i++) {
                j.record(AuditEvent.builder(AuditAction.RETRIEVE).outcome(AuditOutcome.SUCCESS)
                        .recorded(Instant.parse("2026-08-01T00:00:00Z").plusSeconds(i))
                        .principal("user-" + (i % 50)).component("phi-langchain4j/retriever")
                        .purpose(Purpose.TREATMENT).phiCount(PhiType.NAME, i % 4)
                        .subject(AUDIT_KEY, CANARY).recordRef(AUDIT_KEY, "doc-" + i).build());
            }
        }
        pub = shared.resolve("journal.pub");
        Files.writeString(pub, Checkpoint.verifierKey("k1", keys.getPublic()));
        try (var s = Files.list(journal)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("records-")) {
                    recordsFile = p;
                } else if (n.startsWith("checkpoints-")) {
                    checkpointsFile = p;
                }
            }
        }
    }

    private static Run verify(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PhiCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("audit", "verify"));
        args.addAll(Arrays.asList(extra));
        int exit = cl.execute(args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run verifyPinned() {
        return verify("--journal", journal.toString(), "--public-key", pub.toString());
    }

    /** Applies a mutation to a file, verifies, restores the file. */
    private static Run mutated(Path file, java.util.function.UnaryOperator<byte[]> mutation) throws IOException {
        byte[] orig = Files.readAllBytes(file);
        Files.write(file, mutation.apply(orig.clone()));
        try {
            Run r = verifyPinned();
            assertThat(r.out + r.err).doesNotContain(CANARY).doesNotContain("doc-").doesNotContain("user-");
            return r;
        } finally {
            Files.write(file, orig);
        }
    }

    private static List<int[]> lineSpans(byte[] b) {
        List<int[]> spans = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                spans.add(new int[]{s, i + 1});
                s = i + 1;
            }
        }
        return spans;
    }

    private static byte[] withoutLine(byte[] b, int line) {
        int[] sp = lineSpans(b).get(line);
        byte[] out = new byte[b.length - (sp[1] - sp[0])];
        System.arraycopy(b, 0, out, 0, sp[0]);
        System.arraycopy(b, sp[1], out, sp[0], b.length - sp[1]);
        return out;
    }

    private static byte[] swapped(byte[] b, int line) {
        List<int[]> spans = lineSpans(b);
        int[] a = spans.get(line);
        int[] c = spans.get(line + 1);
        byte[] out = new byte[b.length];
        System.arraycopy(b, 0, out, 0, a[0]);
        int p = a[0];
        System.arraycopy(b, c[0], out, p, c[1] - c[0]);
        p += c[1] - c[0];
        System.arraycopy(b, a[0], out, p, a[1] - a[0]);
        System.arraycopy(b, c[1], out, c[1], b.length - c[1]);
        return out;
    }

    @Test
    void intactJournal_exit0_withCounts() {
        Run r = verifyPinned();
        assertThat(r.exit).as(r.out + r.err).isZero();
        assertThat(r.out).contains("journal intact: 10000 records");
        assertThat(r.out + r.err).doesNotContain(CANARY);
        Run unpinned = verify("--journal", journal.toString());
        assertThat(unpinned.exit).isZero();
        assertThat(unpinned.out).contains("warning: public key taken from the journal directory");
        Run deep = verify("--journal", journal.toString(), "--public-key", pub.toString(), "--deep");
        assertThat(deep.exit).as(deep.out + deep.err).isZero();
        assertThat(deep.out).contains("journal intact: 10000 records");
    }

    @Test
    void singleByteChanges_sampledAcrossTheJournal_allDetectedWithLine() throws IOException {
        long size = Files.size(recordsFile);
        Random rnd = new Random(42);
        int detected = 0;
        int trials = 60;
        for (int t = 0; t < trials; t++) {
            long pos = t == 0 ? size - 2 : t == 1 ? 0 : (long) (rnd.nextDouble() * size);
            int delta = 1 + rnd.nextInt(255);
            Run r = mutated(recordsFile, b -> {
                b[(int) pos] = (byte) (b[(int) pos] + delta);
                return b;
            });
            assertThat(r.exit).as("byte %d changed by %d", pos, delta).isEqualTo(1);
            assertThat(r.out).contains(recordsFile.getFileName() + ":").contains("journal NOT intact");
            detected++;
        }
        assertThat(detected).isEqualTo(trials);
    }

    @Test
    void deletedRecords_swappedPairs_truncations_allDetected() throws IOException {
        int[] lines = {0, 1, 499, 999, 1000, 5000, 9998, 9999};
        for (int line : lines) {
            Run r = mutated(recordsFile, b -> withoutLine(b, line));
            assertThat(r.exit).as("delete line %d", line + 1).isEqualTo(1);
            assertThat(r.out).containsPattern("(SEQUENCE|CHAIN_BROKEN|TRUNCATED|ROOT_MISMATCH)");
        }
        for (int line : new int[]{0, 1, 999, 5000, 9998}) {
            Run r = mutated(recordsFile, b -> swapped(b, line));
            assertThat(r.exit).as("swap lines %d,%d", line + 1, line + 2).isEqualTo(1);
            assertThat(r.out).contains(recordsFile.getFileName() + ":" + (line + 1));
        }
        for (long cut : new long[]{1, 700, Files.size(recordsFile) / 2, Files.size(recordsFile) - 1}) {
            Run r = mutated(recordsFile, b -> Arrays.copyOf(b, (int) (b.length - cut)));
            assertThat(r.exit).as("truncate %d bytes", cut).isEqualTo(1);
        }
        // truncation at a record boundary (no torn tail): only the signed checkpoint can tell
        Run r = mutated(recordsFile, b -> Arrays.copyOf(b, lineSpans(b).get(N - 2)[1]));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("TRUNCATED");
    }

    @Test
    void forgedCheckpoints_detected() throws Exception {
        KeyPair attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        // a whole journal re-signed by another key, with the journal's own vkey replaced: the pinned key catches it
        Path forged = shared.resolve("forged");
        try (AuditJournal j = AuditJournal.builder(forged).origin("test/tenant").signingKey("k1", attacker).build()) {
            j.record(AuditEvent.builder(AuditAction.KEY_OPERATION).outcome(AuditOutcome.SUCCESS)
                    .serviceAccount("svc").component("c").build());
        }
        Run r = verify("--journal", forged.toString(), "--public-key", pub.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("BAD_SIGNATURE");
        // a checkpoint line edited (size changed) without a valid signature
        r = mutated(checkpointsFile, b -> new String(b, StandardCharsets.UTF_8)
                .replaceFirst("\\\\n1000\\\\n", "\\\\n999\\\\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.exit).isEqualTo(1);
        // line 1 is the epoch's size-0 opening checkpoint, line 2 the one at 1,000 records
        assertThat(r.out).contains(checkpointsFile.getFileName() + ":2").contains("BAD_SIGNATURE");
        // a checkpoint line removed, then the last one removed: still intact prefixes, but never silently
        r = mutated(checkpointsFile, b -> withoutLine(b, 3));
        assertThat(r.exit).isZero();   // fewer witnesses, nothing forged: the remaining ones still verify
        r = mutated(checkpointsFile, b -> new byte[0]);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("NO_CHECKPOINT");
    }

    @Test
    void missingDirectory_garbage_badKey_exit2() throws IOException {
        Run r = verify("--journal", shared.resolve("nope").toString());
        assertThat(r.exit).isEqualTo(2);
        Path garbage = shared.resolve("garbage");
        Files.createDirectories(garbage);
        Files.write(garbage.resolve("notes.txt"), new byte[]{1, 2, 3});
        assertThat(verify("--journal", garbage.toString()).exit).isEqualTo(2);
        Files.write(garbage.resolve("records-2026-08.jsonl"), "\u0000\u0001garbage\n{}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(verify("--journal", garbage.toString(), "--public-key", pub.toString()).exit).isEqualTo(2);
        Path badKey = shared.resolve("bad.pub");
        Files.writeString(badKey, "not a key " + CANARY);
        r = verify("--journal", journal.toString(), "--public-key", badKey.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).doesNotContain(CANARY);
        assertThat(verify().exit).isEqualTo(2);
    }
}
