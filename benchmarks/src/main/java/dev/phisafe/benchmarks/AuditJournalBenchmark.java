package dev.phisafe.benchmarks;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.JournalVerification;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.nio.file.StandardOpenOption;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable audit journal appends (issue 5 target: at least 200,000 events/s with group commit) and verification
 * (target: at least 1,000,000 events/s). Every append is acknowledged only after its record is forced to disk:
 * {@code record()} returns then, {@code recordAsync()}'s future completes then. Callers that append at the same time
 * share one write and one fsync (group commit), so throughput is about (events in flight) / (fsync latency) until the
 * CPU limits it: {@link #fsyncLatency} measures the disk alone. The event is a realistic retrieval event (principal,
 * purpose, PHI counts, a patient and a record digest). Journals live under {@code java.io.tmpdir}: report the file
 * system and fsync latency with the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuditJournalBenchmark {
    private static final KeyedHash KEY = KeyedHash.jdkHmacSha256(new byte[32], "audit-bench");
    private Path dir;
    private AuditJournal journal;
    private AuditEvent event;

    static AuditEvent retrievalEvent() {
        return AuditEvent.builder(AuditAction.RETRIEVE).outcome(AuditOutcome.SUCCESS).principal("user-4711")
                .role("clinician").serviceAccount("svc-rag").component("phi-langchain4j/retriever")
                .purpose(Purpose.TREATMENT).phiCount(PhiType.NAME, 2).phiCount(PhiType.DATE, 1)
                .policy("safe-harbor", "3").subject(KEY, "pat-1").recordRef(KEY, "doc-889").build();
    }

    static KeyPair keys() throws NoSuchAlgorithmException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException, NoSuchAlgorithmException {
        dir = Files.createTempDirectory("phi-audit-bench");
        journal = AuditJournal.builder(dir).signingKey("bench", keys()).build();
        event = retrievalEvent();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        boolean wrote = journal.nextSeq() > 0;
        journal.close();
        JournalVerification v = AuditJournal.verify(dir, null);
        if (wrote && !v.intact()) {
            throw new IllegalStateException("benchmark journal does not verify: " + v);
        }
        delete(dir);
    }

    /** One thread: every append waits for its own fsync. */
    @Benchmark
    @Threads(1)
    public void append1Thread() {
        journal.record(event);
    }

    /** Eight threads: appends that arrive during an fsync share the next one (group commit). */
    @Benchmark
    @Threads(8)
    public void append8Threads() {
        journal.record(event);
    }

    /** Sixty-four threads calling the synchronous {@code record()}. */
    @Benchmark
    @Threads(64)
    public void append64Threads() {
        journal.record(event);
    }

    /** One pipeline thread keeping {@code window} {@code recordAsync()} events in flight; an op = one durable event. */
    @State(Scope.Thread)
    public static class Window {
        @Param({"1024", "4096"})
        int window;
        final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

        @TearDown(Level.Iteration)
        public void drain() {
            while (!inFlight.isEmpty()) {
                inFlight.poll().join();
            }
        }
    }

    /**
     * @param w the in-flight window
     */
    @Benchmark
    @Threads(1)
    public void appendAsyncWindow(Window w) {
        w.inFlight.add(journal.recordAsync(event));
        if (w.inFlight.size() >= w.window) {
            w.inFlight.poll().join();
        }
    }

    /** The disk alone: append 64 bytes and {@code force} (what one group commit costs at least). */
    @State(Scope.Thread)
    public static class RawFile {
        Path file;
        FileChannel ch;
        final ByteBuffer line = ByteBuffer.allocate(64);

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = Files.createTempFile("phi-fsync-probe", ".bin");
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            ch.close();
            Files.delete(file);
        }
    }

    /**
     * @param f the probe file
     * @throws IOException if the disk fails
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void fsyncLatency(RawFile f) throws IOException {
        f.line.clear();
        f.ch.write(f.line);
        f.ch.force(false);
    }

    /** A journal of {@code records} retrieval events written once per trial (with a window of async appends). */
    @State(Scope.Benchmark)
    public static class Written {
        @Param({"100000", "1000000"})
        int records;
        Path dir;

        @Setup(Level.Trial)
        public void write() throws IOException, NoSuchAlgorithmException {
            dir = write(records);
        }

        static Path write(int n) throws IOException, NoSuchAlgorithmException {
            Path d = Files.createTempDirectory("phi-audit-verify-bench");
            AuditEvent e = retrievalEvent();
            try (AuditJournal j = AuditJournal.builder(d).signingKey("bench", keys()).build()) {
                ArrayDeque<CompletableFuture<Void>> window = new ArrayDeque<>();
                for (int i = 0; i < n; i++) {
                    window.add(j.recordAsync(e));
                    if (window.size() >= 4096) {
                        window.poll().join();
                    }
                }
                window.forEach(CompletableFuture::join);
            }
            return d;
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            AuditJournalBenchmark.delete(dir);
        }
    }

    /** A 100,000-record journal for the deep (parse every record) verification. */
    @State(Scope.Benchmark)
    public static class Written100k {
        Path dir;

        @Setup(Level.Trial)
        public void write() throws IOException, NoSuchAlgorithmException {
            dir = Written.write(100_000);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            AuditJournalBenchmark.delete(dir);
        }
    }

    /**
     * Fast verification (raw-byte chain, every checkpoint root, signatures, sampled proofs): events/s =
     * records / (s/op).
     *
     * @param w the written journal
     * @return the report (consumed by JMH)
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public JournalVerification verifyFast(Written w) {
        JournalVerification v = AuditJournal.verify(w.dir, null);
        if (!v.intact() || v.records() != w.records) {
            throw new IllegalStateException("not intact: " + v);
        }
        return v;
    }

    /**
     * Deep verification of 100,000 records (adds a strict parse and re-canonicalisation of each record).
     *
     * @param w the written journal
     * @return the report (consumed by JMH)
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public JournalVerification verifyDeep100k(Written100k w) {
        return AuditJournal.verify(w.dir, null, true);
    }
}
