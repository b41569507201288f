package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 acceptance: a process killed with SIGKILL during heavy appends loses no acknowledged record. A child JVM
 * ({@link JournalCrashChild}) appends with 8 {@code record()} threads and a window of {@code recordAsync()} events and
 * prints each id after its acknowledgement; the test kills it at a random moment, several rounds on the same journal.
 * After each kill: verify reports either INTACT or only a torn tail; reopening repairs it; every acknowledged id is in
 * the journal; and the journal then verifies INTACT.
 */
class AuditJournalCrashTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void sigkillDuringHeavyAppends_losesNoAcknowledgedRecord_andReopenRepairsTheTail() throws Exception {
        KeyPair keys = JournalTestSupport.newKeys();
        Random rnd = new Random();
        Set<UUID> acked = new HashSet<>();
        long tornRounds = 0;
        long lastSeq = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = start(keys);
            Reader stdout = new Reader(child.getInputStream());
            stdout.start();
            assertThat(stdout.awaitReady(30_000)).as("child started").isTrue();
            Thread.sleep(150 + rnd.nextInt(900));
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            stdout.join(10_000);
            List<UUID> ids = stdout.ids();
            assertThat(ids).as("round %d: the child acknowledged appends before it was killed", round).isNotEmpty();
            acked.addAll(ids);

            JournalVerification afterCrash = AuditJournal.verify(dir, keys.getPublic());
            if (!afterCrash.intact()) {
                assertThat(afterCrash.problems()).as("round %d: only a torn tail may follow a crash", round)
                        .extracting(JournalVerification.Problem::kind).containsOnly("TORN_TAIL");
                tornRounds++;
            }
            try (AuditJournal j = AuditJournal.builder(dir).origin("test.example.org/crash")
                    .signingKey("crash-key", keys).build()) {
                boolean tornRecords = afterCrash.problems().stream().anyMatch(p -> p.file().startsWith("records-"));
                assertThat(j.discardedTailBytes() > 0).as("round %d: a torn record tail is discarded on reopen", round)
                        .isEqualTo(tornRecords);
                assertThat(j.nextSeq()).isGreaterThan(lastSeq);
                lastSeq = j.nextSeq();
            }
            Set<UUID> present = new HashSet<>();
            AuditJournal.readEvents(dir, e -> present.add(e.id()));
            assertThat(present).as("round %d: every acknowledged id is in the journal", round).containsAll(acked);
            JournalVerification reopened = AuditJournal.verify(dir, keys.getPublic());
            assertThat(reopened.problems()).isEmpty();
            assertThat(reopened.status()).isEqualTo(JournalVerification.Status.INTACT);
        }
        assertThat(AuditJournal.verify(dir, keys.getPublic(), true).status())
                .isEqualTo(JournalVerification.Status.INTACT);
        System.out.printf("crash test: %d rounds, %d acknowledged ids all present, %d rounds left a torn tail%n",
                ROUNDS, acked.size(), tornRounds);
    }

    private Process start(KeyPair keys) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(), dir.toString(),
                Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Collects stdout; only newline-terminated 36-character lines count as acknowledged ids. */
    private static final class Reader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean ready;

        Reader(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[1 << 16];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (bytes) {
                        bytes.write(b, 0, n);
                        if (!ready && bytes.toString(StandardCharsets.US_ASCII).contains("READY\n")) {
                            ready = true;
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        }

        boolean awaitReady(long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (!ready && isAlive() && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            return ready;
        }

        List<UUID> ids() {
            String s;
            synchronized (bytes) {
                s = bytes.toString(StandardCharsets.US_ASCII);
            }
            List<UUID> out = new ArrayList<>();
            int start = 0;
            for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
                String line = s.substring(start, nl);
                start = nl + 1;
                if (line.length() == 36) {
                    out.add(UUID.fromString(line));
                }
            }
            return out;
        }
    }
}
