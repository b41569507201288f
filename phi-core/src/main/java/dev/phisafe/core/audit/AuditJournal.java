package dev.phisafe.core.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The tamper-evident system of record for audit events: an {@link AuditSink} that appends each event durably to
 * JSON-lines files, chained by hash and covered by an RFC 6962 Merkle tree with Ed25519-signed checkpoints.
 *
 * <h2>What it guarantees</h2>
 * <ul>
 *   <li><b>Durable before acknowledged.</b> {@link #record} returns only after the record is written and forced to
 *       disk ({@code FileChannel.force}). Concurrent callers share one fsync (group commit).</li>
 *   <li><b>Fail closed.</b> If a write or fsync fails, {@link #record} throws {@link AuditUnavailableException} and the
 *       journal refuses every later record until reopened; the caller must refuse the PHI-carrying operation
 *       (45 CFR 164.312(b); NIST SP 800-53 AU-5).</li>
 *   <li><b>Tamper-evident.</b> Record n holds {@code prev} = leaf hash of record n-1 ({@code SHA-256(0x00 || line)}),
 *       so deleting, inserting, reordering or altering a record breaks the chain; the same leaf hashes form an
 *       RFC 6962 tree per epoch whose signed {@link Checkpoint}s (every {@code checkpointEvery} records or
 *       {@code checkpointInterval}, at each epoch change and on close) expose truncation and rollback
 *       (AU-9, AU-9(3)). {@link #verify} and {@code phi audit verify} check all of it.</li>
 *   <li><b>Crash-safe.</b> On reopen a partial last line (a write cut by a crash, never acknowledged) is reported and
 *       truncated; acknowledged records are never lost. A journal shorter than its last signed checkpoint, or with a
 *       broken record, does not open (fail closed).</li>
 *   <li><b>Retention by epoch.</b> One file per calendar month (UTC). {@link #applyRetention()} deletes whole epochs
 *       older than the retention period (6 years by default, 45 CFR 164.316(b)(2); AU-11) unless a legal hold is set,
 *       keeping each dropped epoch's final signed checkpoint so later epochs still verify.</li>
 *   <li><b>No PHI.</b> Files hold only {@link AuditEvent}s, which hold none by construction; file names hold epochs.</li>
 * </ul>
 *
 * <p>Layout of the directory: {@code records-YYYY-MM.jsonl} (one canonical record per line:
 * {@code {"epoch","event","prev","seq","v"}}), {@code checkpoints-YYYY-MM.jsonl} (signed notes),
 * {@code dropped-YYYY-MM.checkpoint} (final checkpoint of a deleted epoch), {@code journal.vkey} (the public key).
 * One journal instance per directory; it is thread-safe.
 */
public final class AuditJournal implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);
    private static final int MAX_BATCH = 4096;

    private final Path dir;
    private final String origin;
    private final String keyName;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final int checkpointEvery;
    private final long checkpointIntervalNanos;
    private final Period retention;
    private final boolean legalHold;
    private final Clock clock;
    private final long discardedTailBytes;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile Throwable failure;

    // writer-thread state (also read under 'this' for proofs/checkpoints)
    private volatile Epoch current;
    private volatile long nextSeq;
    private byte[] chain;
    private long lastCheckpointNanos;

    private AuditJournal(Builder b) {
        this.dir = b.dir;
        this.origin = b.origin;
        this.keyName = b.keyName;
        this.privateKey = b.keyPair.getPrivate();
        this.publicKey = b.keyPair.getPublic();
        this.checkpointEvery = b.checkpointEvery;
        this.checkpointIntervalNanos = b.checkpointInterval.toNanos();
        this.retention = b.retention;
        this.legalHold = b.legalHold;
        this.clock = b.clock;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JournalFiles.VKEY), Checkpoint.verifierKey(keyName, publicKey) + "\n");
            this.discardedTailBytes = recover();
        } catch (IOException e) {
            closeQuietly();
            throw new AuditUnavailableException("audit journal cannot be opened (" + e.getClass().getSimpleName()
                    + "); PHI operations must be refused", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.lastCheckpointNanos = System.nanoTime();
        this.writer = new Thread(this::writeLoop, "phi-audit-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * @param dir the journal's directory (created if missing); one journal instance per directory
     * @return a builder; a signing key ({@link Builder#signingKey}) is required
     */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    // ------------------------------------------------------------------ recording

    /**
     * Appends the event and returns once it is durable on disk.
     *
     * @param event the event
     * @throws AuditUnavailableException if the journal is closed or failed, or the write or fsync failed: refuse the
     *                                   operation the event describes
     */
    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Pending p = new Pending(event.toMap());
        synchronized (lifecycle) {
            checkUsable();
            queue.add(p);
        }
        await(p.done);
    }

    private void checkUsable() {
        if (failure != null) {
            throw new AuditUnavailableException("audit journal failed earlier and refuses records until reopened", failure);
        }
        if (closed) {
            throw new AuditUnavailableException("audit journal is closed");
        }
    }

    private static void await(CompletableFuture<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the record may already be durable: wait for the verdict
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof AuditUnavailableException) {
                        throw new AuditUnavailableException(c.getMessage(), c.getCause());
                    }
                    throw new AuditUnavailableException("audit journal write failed", c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes a signed checkpoint of the current epoch now (it is also written automatically).
     *
     * @return the checkpoint
     * @throws AuditUnavailableException if the journal is closed or failed
     */
    public Checkpoint checkpoint() {
        Pending p = new Pending(null);
        synchronized (lifecycle) {
            checkUsable();
            queue.add(p);
        }
        await(p.done);
        return p.checkpoint;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.poll(Math.max(1, checkpointIntervalNanos / 4), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                if (failure == null && current != null && current.count > current.checkpointedSize
                        && System.nanoTime() - lastCheckpointNanos >= checkpointIntervalNanos) {
                    try {
                        writeCheckpoint();
                    } catch (IOException | RuntimeException e) {
                        fail(e);
                    }
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.contains(Pending.CLOSE);
            try {
                if (failure != null) {
                    throw new AuditUnavailableException("audit journal failed earlier and refuses records", failure);
                }
                ByteBuffer buf = null;
                for (Pending p : batch) {
                    if (p != Pending.CLOSE && p.event != null) {
                        buf = append(p, buf);
                    }
                }
                flush(buf);
                for (Pending p : batch) {
                    if (p != Pending.CLOSE && p.event == null) {
                        if (current == null) {
                            rollTo(epochNow());
                        }
                        p.checkpoint = writeCheckpoint();
                    }
                }
                if (current == null) {
                    // nothing written yet
                } else if (stop && current.count > current.checkpointedSize) {
                    writeCheckpoint();
                } else if (current.count - current.checkpointedSize >= checkpointEvery) {
                    writeCheckpoint();
                }
                for (Pending p : batch) {
                    p.done.complete(null);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                for (Pending p : batch) {
                    p.done.completeExceptionally(failure instanceof AuditUnavailableException ? failure
                            : new AuditUnavailableException("audit journal write failed ("
                            + failure.getClass().getSimpleName() + "); PHI operations must be refused", failure));
                }
            }
            if (stop) {
                closeQuietly();
                return;
            }
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("audit journal in {} failed ({}); records are refused until it is reopened",
                    dir.getFileName(), e.getClass().getSimpleName());
        }
    }

    private ByteBuffer append(Pending p, ByteBuffer buf) throws IOException {
        String epoch = epochNow();
        if (current == null || epoch.compareTo(current.name) > 0) {
            flush(buf);
            buf = null;
            rollTo(epoch);
        }
        byte[] line = JournalFiles.encodeRecord(current.name, nextSeq, chain, p.event);
        byte[] leaf = Merkle.leafHash(line);
        if (buf == null || buf.remaining() < line.length + 1) {
            flush(buf);
            buf = ByteBuffer.allocate(Math.max(1 << 20, line.length + 1));
        }
        buf.put(line).put((byte) '\n');
        current.frontier.append(leaf);
        current.count++;
        current.head = leaf;
        chain = leaf;
        nextSeq++;
        return buf;
    }

    private void flush(ByteBuffer buf) throws IOException {
        if (buf == null || buf.position() == 0) {
            return;
        }
        buf.flip();
        while (buf.hasRemaining()) {
            current.records.write(buf);
        }
        current.records.force(false);
        buf.clear();
    }

    private String epochNow() {
        return YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)).toString();
    }

    private void rollTo(String epoch) throws IOException {
        if (current != null) {
            if (current.count > current.checkpointedSize || current.checkpointedSize == 0) {
                writeCheckpoint();
            }
            current.close();
        }
        current = Epoch.create(dir, epoch, nextSeq, chain);
        forceDir();
    }

    private synchronized Checkpoint writeCheckpoint() throws IOException {
        Epoch e = current;
        Checkpoint c = Checkpoint.sign(origin + "/" + e.name, e.count, e.frontier.root(), e.firstSeq, e.prev,
                e.count == 0 ? e.prev : e.head, keyName, privateKey, publicKey);
        byte[] line = JournalFiles.encodeCheckpoint(c);
        ByteBuffer b = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n');
        b.flip();
        while (b.hasRemaining()) {
            e.checkpoints.write(b);
        }
        e.checkpoints.force(false);
        e.checkpointedSize = e.count;
        e.lastCheckpoint = c;
        lastCheckpointNanos = System.nanoTime();
        return c;
    }

    private void forceDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the file's own fsync still holds its content
            LOG.debug("directory fsync unsupported for audit journal ({})", e.getClass().getSimpleName());
        }
    }

    // ------------------------------------------------------------------ recovery

    private long recover() throws IOException {
        TreeSet<String> epochs = JournalFiles.epochs(dir, JournalFiles.RECORDS);
        nextSeq = 0;
        chain = JournalFiles.ZERO.clone();
        while (!epochs.isEmpty()) {
            String last = epochs.last();
            Path f = JournalFiles.records(dir, last);
            if (Files.size(f) == 0 && epochs.size() > 1) {
                Files.delete(f);   // created at a roll-over that wrote no record: nothing to keep
                Files.deleteIfExists(JournalFiles.checkpoints(dir, last));
                epochs.remove(last);
                continue;
            }
            break;
        }
        if (epochs.isEmpty()) {
            TreeSet<String> dropped = JournalFiles.epochs(dir, JournalFiles.DROPPED);
            if (!dropped.isEmpty()) {
                throw new AuditUnavailableException("audit journal holds only dropped epochs; refusing to restart "
                        + "the chain");
            }
            return 0;
        }
        String name = epochs.last();
        Path f = JournalFiles.records(dir, name);
        long size = Files.size(f);
        JournalFiles.Lines lines = new JournalFiles.Lines(readBounded(f, size));
        long discarded = 0;
        if (lines.tornAt >= 0) {
            discarded = size - lines.tornAt;
            LOG.warn("audit journal epoch {}: torn tail of {} bytes after record line {} (a write cut by a crash, "
                    + "never acknowledged) discarded", name, discarded, lines.spans.size());
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(lines.tornAt);
                ch.force(true);
            }
        }
        Epoch e = Epoch.open(dir, name);
        List<Checkpoint> cps = readCheckpoints(JournalFiles.checkpoints(dir, name), name);
        try {
            for (int i = 0; i < lines.spans.size(); i++) {
                byte[] line = lines.line(i);
                JournalFiles.Record r;
                try {
                    r = JournalFiles.parseRecord(line);
                } catch (AuditFormatException ex) {
                    throw corrupt(name, i);
                }
                if (i == 0) {
                    e.firstSeq = r.seq;
                    e.prev = r.prev;
                    nextSeq = r.seq;
                    chain = r.prev;
                }
                if (r.seq != nextSeq || !Arrays.equals(r.prev, chain) || !r.epoch.equals(name)) {
                    throw corrupt(name, i);
                }
                byte[] leaf = Merkle.leafHash(line);
                e.frontier.append(leaf);
                e.count++;
                e.head = leaf;
                chain = leaf;
                nextSeq++;
                for (Checkpoint c : cps) {
                    if (c.size() == e.count && !Arrays.equals(c.root(), e.frontier.root())) {
                        throw new AuditUnavailableException("audit journal epoch " + name + " does not match its "
                                + "signed checkpoint at size " + c.size() + "; run 'phi audit verify'");
                    }
                }
            }
            if (lines.spans.isEmpty() && !cps.isEmpty()) {
                e.firstSeq = cps.get(0).firstSeq();
                e.prev = cps.get(0).prev();
                nextSeq = e.firstSeq;
                chain = e.prev;
            }
            for (Checkpoint c : cps) {
                if (c.size() > e.count) {
                    throw new AuditUnavailableException("audit journal epoch " + name + " holds " + e.count
                            + " records but was checkpointed at " + c.size() + " (truncated or rolled back); run "
                            + "'phi audit verify'");
                }
                e.checkpointedSize = Math.max(e.checkpointedSize, c.size());
                e.lastCheckpoint = c;
            }
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        current = e;
        if (e.count > e.checkpointedSize) {
            writeCheckpoint();
        }
        return discarded;
    }

    private static AuditUnavailableException corrupt(String epoch, int line) {
        return new AuditUnavailableException("audit journal epoch " + epoch + " is broken at record line "
                + (line + 1) + "; it does not open (fail closed): run 'phi audit verify'");
    }

    private List<Checkpoint> readCheckpoints(Path f, String epoch) throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        long size = Files.size(f);
        JournalFiles.Lines lines = new JournalFiles.Lines(readBounded(f, size));
        if (lines.tornAt >= 0) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(lines.tornAt);
                ch.force(true);
            }
        }
        for (int i = 0; i < lines.spans.size(); i++) {
            Checkpoint c;
            try {
                c = JournalFiles.parseCheckpointLine(lines.line(i));
            } catch (AuditFormatException ex) {
                throw new AuditUnavailableException("audit journal checkpoint " + (i + 1) + " of epoch " + epoch
                        + " is malformed; run 'phi audit verify'");
            }
            if (!c.verify(publicKey) || !c.origin().equals(origin + "/" + epoch)) {
                throw new AuditUnavailableException("audit journal checkpoint " + (i + 1) + " of epoch " + epoch
                        + " is not signed by this journal's key for this origin; run 'phi audit verify'");
            }
            out.add(c);
        }
        return out;
    }

    static byte[] readBounded(Path f, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("journal file too large");
        }
        byte[] b = new byte[(int) size];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    return Arrays.copyOf(b, buf.position());
                }
            }
        }
        return b;
    }

    // ------------------------------------------------------------------ retention, proofs, reading

    /**
     * Deletes whole epochs whose last instant lies more than the retention period before now, unless a legal hold
     * is set. Each deletion is first recorded as a {@link AuditAction#RETENTION} event in this journal (fail closed:
     * no record, no deletion), and the epoch's final signed checkpoint is kept as {@code dropped-<epoch>.checkpoint}
     * so that later epochs still verify. The current epoch is never deleted.
     *
     * @return the epochs deleted (empty under a legal hold)
     * @throws AuditUnavailableException if the journal cannot record or delete
     */
    public List<String> applyRetention() {
        List<String> out = new ArrayList<>();
        if (legalHold) {
            return out;
        }
        TreeSet<String> epochs;
        try {
            epochs = JournalFiles.epochs(dir, JournalFiles.RECORDS);
        } catch (IOException e) {
            throw new AuditUnavailableException("audit journal directory unreadable", e);
        }
        Instant now = clock.instant();
        for (String ep : epochs) {
            String cur;
            synchronized (this) {
                cur = current == null ? epochNow() : current.name;
            }
            if (ep.compareTo(cur) >= 0) {
                break;
            }
            Instant expiry = YearMonth.parse(ep).plusMonths(1).atDay(1).plus(retention).atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            if (!expiry.isBefore(now)) {
                break;
            }
            try {
                List<Checkpoint> cps = readCheckpoints(JournalFiles.checkpoints(dir, ep), ep);
                if (cps.isEmpty()) {
                    throw new AuditUnavailableException("epoch " + ep + " has no signed checkpoint; not deleted");
                }
                record(AuditEvent.builder(AuditAction.RETENTION).outcome(AuditOutcome.SUCCESS)
                        .serviceAccount("phi-safe").component("phi-core/audit-journal").detail("epoch", "epoch:" + ep)
                        .measure("records", cps.get(cps.size() - 1).size()).build());
                Path tomb = JournalFiles.dropped(dir, ep);
                Files.writeString(tomb, cps.get(cps.size() - 1).toNote());
                try (FileChannel ch = FileChannel.open(tomb, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.delete(JournalFiles.records(dir, ep));
                Files.deleteIfExists(JournalFiles.checkpoints(dir, ep));
                forceDir();
                out.add(ep);
            } catch (IOException e) {
                throw new AuditUnavailableException("audit journal retention failed for epoch " + ep, e);
            }
        }
        return out;
    }

    /**
     * Builds an RFC 6962 inclusion proof for one record of an epoch against the tree of its first {@code treeSize}
     * records, e.g. to show one patient's access entry to an auditor without revealing others.
     *
     * @param epoch    the epoch, {@code YYYY-MM}
     * @param index    the record's index within the epoch (0-based)
     * @param treeSize the tree size, usually a checkpoint's {@link Checkpoint#size()}
     * @return the proof
     * @throws IllegalArgumentException if the epoch or range does not exist
     */
    public InclusionProof proveInclusion(String epoch, long index, long treeSize) {
        List<byte[]> leaves = leaves(epoch);
        if (index < 0 || treeSize > leaves.size() || index >= treeSize) {
            throw new IllegalArgumentException("no record " + index + " in a tree of " + treeSize + " (epoch has "
                    + leaves.size() + ")");
        }
        return new InclusionProof(index, treeSize, leaves.get((int) index),
                Merkle.inclusionPath(leaves, (int) index, 0, (int) treeSize));
    }

    /**
     * Builds an RFC 6962 consistency proof between two tree sizes of one epoch (the older tree is a prefix of the
     * newer one: nothing was rewritten in between).
     *
     * @param epoch  the epoch
     * @param first  the older size
     * @param second the newer size
     * @return the proof
     * @throws IllegalArgumentException if the sizes are out of range
     */
    public ConsistencyProof proveConsistency(String epoch, long first, long second) {
        List<byte[]> leaves = leaves(epoch);
        if (first < 0 || first > second || second > leaves.size()) {
            throw new IllegalArgumentException("sizes out of range");
        }
        return new ConsistencyProof(first, second, Merkle.consistencyProof(leaves, (int) first, (int) second));
    }

    private List<byte[]> leaves(String epoch) {
        if (epoch == null || !JournalFiles.EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("epoch must be YYYY-MM");
        }
        synchronized (this) {
            try {
                Path f = JournalFiles.records(dir, epoch);
                if (!Files.exists(f)) {
                    throw new IllegalArgumentException("no such epoch");
                }
                long size = current != null && current.name.equals(epoch) ? current.records.size() : Files.size(f);
                JournalFiles.Lines lines = new JournalFiles.Lines(readBounded(f, size));
                List<byte[]> out = new ArrayList<>(lines.spans.size());
                for (int[] s : lines.spans) {
                    out.add(Merkle.leafHash(lines.bytes, s[0], s[1]));
                }
                return out;
            } catch (IOException e) {
                throw new AuditUnavailableException("audit journal unreadable", e);
            }
        }
    }

    /**
     * Reads every event of a journal directory in order (oldest epoch first), for reports. It checks each record's
     * form but not the chain or signatures: use {@link #verify} for that.
     *
     * @param dir    the journal directory
     * @param action called once per event
     * @throws AuditFormatException      if a record is malformed (the message names file and line)
     * @throws AuditUnavailableException if the directory cannot be read
     */
    public static void readEvents(Path dir, Consumer<? super AuditEvent> action) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(action, "action");
        try {
            for (String ep : JournalFiles.epochs(dir, JournalFiles.RECORDS)) {
                Path f = JournalFiles.records(dir, ep);
                JournalFiles.Lines lines = new JournalFiles.Lines(readBounded(f, Files.size(f)));
                for (int i = 0; i < lines.spans.size(); i++) {
                    try {
                        action.accept(JournalFiles.parseRecord(lines.line(i)).event);
                    } catch (AuditFormatException e) {
                        throw new AuditFormatException(f.getFileName() + " line " + (i + 1) + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new AuditUnavailableException("audit journal unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Verifies a journal directory: every record canonical and well-formed, sequence contiguous, hash chain intact
     * across epochs (dropped epochs via their kept checkpoints), every checkpoint signed by {@code trustedKey} and
     * matching the records, consecutive checkpoints consistent, and sampled inclusion proofs valid.
     *
     * @param dir        the journal directory
     * @param trustedKey the pinned Ed25519 public key, or null to use the directory's {@code journal.vkey} (weaker:
     *                   whoever can rewrite the journal can replace that file; the report says so)
     * @return the report; never throws for a bad journal
     */
    public static JournalVerification verify(Path dir, PublicKey trustedKey) {
        return new JournalVerifier(dir, trustedKey).run();
    }

    /** @return bytes of a torn last line discarded when this journal was opened (0 if the tail was clean) */
    public long discardedTailBytes() {
        return discardedTailBytes;
    }

    /** @return the sequence number the next record will get (the number of records ever appended) */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** @return the directory */
    public Path directory() {
        return dir;
    }

    /** @return the last checkpoint written, or null before the first */
    public synchronized Checkpoint lastCheckpoint() {
        return current == null ? null : current.lastCheckpoint;
    }

    /**
     * Writes a final checkpoint and closes the files. Records submitted before are completed; later ones throw.
     */
    @Override
    public void close() {
        Pending p = Pending.CLOSE;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(p);
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        Epoch e = current;
        if (e != null) {
            e.close();
        }
    }

    /** Test hook: simulates the disk going away under the journal (the channel closes). */
    void breakChannelForTest() throws IOException {
        current.records.close();
    }

    @Override
    public String toString() {
        return "AuditJournal{" + origin + ", dir=" + dir.getFileName() + ", key=" + keyName + "}";
    }

    // ------------------------------------------------------------------ internals

    private static final class Pending {
        static final Pending CLOSE = new Pending(null);
        final Map<String, Object> event;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Checkpoint checkpoint;

        Pending(Map<String, Object> event) {
            this.event = event;
        }
    }

    private static final class Epoch {
        final String name;
        final FileChannel records;
        final FileChannel checkpoints;
        final Merkle.Frontier frontier = new Merkle.Frontier();
        long firstSeq;
        byte[] prev;
        byte[] head;
        long count;
        long checkpointedSize;
        Checkpoint lastCheckpoint;

        private Epoch(String name, FileChannel records, FileChannel checkpoints) {
            this.name = name;
            this.records = records;
            this.checkpoints = checkpoints;
        }

        static Epoch open(Path dir, String name) throws IOException {
            FileChannel r = FileChannel.open(JournalFiles.records(dir, name), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            try {
                FileChannel c = FileChannel.open(JournalFiles.checkpoints(dir, name), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                Epoch e = new Epoch(name, r, c);
                e.prev = JournalFiles.ZERO.clone();
                return e;
            } catch (IOException ex) {
                r.close();
                throw ex;
            }
        }

        static Epoch create(Path dir, String name, long firstSeq, byte[] prev) throws IOException {
            FileChannel r = FileChannel.open(JournalFiles.records(dir, name), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileChannel c;
            try {
                c = FileChannel.open(JournalFiles.checkpoints(dir, name), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException ex) {
                r.close();
                throw ex;
            }
            Epoch e = new Epoch(name, r, c);
            e.firstSeq = firstSeq;
            e.prev = prev.clone();
            return e;
        }

        void close() {
            for (FileChannel ch : new FileChannel[]{records, checkpoints}) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing after a failure: nothing more to save
                }
            }
        }
    }

    /** Builder of an {@link AuditJournal}. */
    public static final class Builder {
        private final Path dir;
        private String origin = "phi-safe/audit";
        private String keyName;
        private KeyPair keyPair;
        private int checkpointEvery = 1000;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private Period retention = Period.ofYears(6);
        private boolean legalHold;
        private Clock clock = Clock.systemUTC();

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /**
         * @param origin the log's name in checkpoints, e.g. {@code audit.example.org/tenant-a}; an identifier
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = Identifiers.check("origin", origin);
            return this;
        }

        /**
         * @param keyName a name for the key (appears in checkpoints), an identifier
         * @param ed25519 the Ed25519 key pair that signs checkpoints; keep the private key out of the journal's
         *                directory and publish the public key ({@link Checkpoint#verifierKey}) to verifiers
         * @return this builder
         */
        public Builder signingKey(String keyName, KeyPair ed25519) {
            Identifiers.check("key name", keyName);
            Objects.requireNonNull(ed25519, "ed25519");
            Checkpoint.rawEd25519(ed25519.getPublic());
            if (!"Ed25519".equals(ed25519.getPrivate().getAlgorithm())
                    && !"EdDSA".equals(ed25519.getPrivate().getAlgorithm())) {
                throw new IllegalArgumentException("signing key must be Ed25519");
            }
            this.keyName = keyName;
            this.keyPair = ed25519;
            return this;
        }

        /**
         * @param records write a checkpoint after this many records (default 1,000)
         * @return this builder
         */
        public Builder checkpointEvery(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("checkpointEvery must be at least 1");
            }
            this.checkpointEvery = records;
            return this;
        }

        /**
         * @param interval write a checkpoint at least this often while records arrive (default 10 s)
         * @return this builder
         */
        public Builder checkpointInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("checkpointInterval must be positive");
            }
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * @param retention how long epochs are kept after they end (default 6 years, 45 CFR 164.316(b)(2))
         * @return this builder
         */
        public Builder retention(Period retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.isNegative()) {
                throw new IllegalArgumentException("retention must not be negative");
            }
            this.retention = retention;
            return this;
        }

        /**
         * @param hold true to keep every epoch regardless of retention (litigation or investigation hold)
         * @return this builder
         */
        public Builder legalHold(boolean hold) {
            this.legalHold = hold;
            return this;
        }

        /**
         * @param clock the clock that assigns epochs (default UTC system clock)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the journal: recovers state, repairs a torn tail, checks the last checkpoint.
         *
         * @return the journal
         * @throws IllegalStateException     if no signing key was given
         * @throws AuditUnavailableException if the directory cannot be used or the journal is broken (fail closed)
         */
        public AuditJournal build() {
            if (keyPair == null) {
                throw new IllegalStateException("signingKey is required: checkpoints must be signed");
            }
            return new AuditJournal(this);
        }
    }
}
