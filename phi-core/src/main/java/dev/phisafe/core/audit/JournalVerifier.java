package dev.phisafe.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checks behind {@link AuditJournal#verify}; see there. Single use.
 *
 * <p>Streams each file once with bounded memory: per record it hashes the raw line bytes (the leaf hash), reads
 * epoch, prev and seq from the fixed envelope ({@link JournalFiles#parseEnvelope}) and feeds a Merkle frontier that
 * recomputes every checkpoint's root in passing; the sampled inclusion and consistency proofs are built from the few
 * subtree hashes the pass keeps ({@link Merkle.NodeCapture}). With {@code deep}, each record is also parsed by the
 * strict JSON parser, re-canonicalised and checked against the {@link AuditEvent} schema.
 */
final class JournalVerifier {
    private static final int MAX_PROBLEMS = 100;
    private static final int SAMPLES = 16;
    private final Path dir;
    private PublicKey key;
    private final List<JournalVerification.Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long records;
    private long checkpoints;
    private long parsedRecords;
    private String origin;

    private final boolean deep;
    private final JournalFiles.Envelope env = new JournalFiles.Envelope();
    private final byte[] b64 = new byte[JournalFiles.B64_HASH];
    private final int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ArrayDeque<Batch> free = new ArrayDeque<>();
    private ExecutorService pool;

    JournalVerifier(Path dir, PublicKey key, boolean deep) {
        this.dir = dir;
        this.key = key;
        this.deep = deep;
    }

    private void problem(String file, long line, String kind, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new JournalVerification.Problem(file, line, kind, message));
        }
    }

    private JournalVerification result(JournalVerification.Status s, List<String> epochs) {
        return new JournalVerification(s, problems, warnings, records, checkpoints, epochs);
    }

    private JournalVerification unreadable(String file, String message) {
        problem(file, 0, "UNREADABLE", message);
        return result(JournalVerification.Status.UNREADABLE, List.of());
    }

    JournalVerification run() {
        if (workers > 1) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "phi-audit-verify-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        try {
            return verifyAll();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ parallel leaf hashing

    private static final int OK = 1;
    private static final int EPOCH_OK = 2;
    private static final int LINKED = 4;
    /** Chunks read ahead of the sequential checks (each {@link JournalFiles.ChunkReader#CHUNK} bytes or a long line). */
    private static final int DEPTH = 4;
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Merkle::sha256);

    /** The lines of one slice of a chunk and what a worker computed for each (pure functions of the bytes). */
    private static final class Slice {
        int from;
        int to;
        int count;
        byte[] leaves = new byte[32 * 1024];
        long[] seq = new long[1024];
        int[] prevOff = new int[1024];
        byte[] flags = new byte[1024];
        Object[] deep = new Object[0];

        void ensure(int n, boolean withDeep) {
            if (n > flags.length) {
                int c = Math.max(n, flags.length * 2);
                leaves = Arrays.copyOf(leaves, 32 * c);
                seq = Arrays.copyOf(seq, c);
                prevOff = Arrays.copyOf(prevOff, c);
                flags = Arrays.copyOf(flags, c);
            }
            if (withDeep && deep.length < flags.length) {
                deep = new Object[flags.length];
            }
        }
    }

    /** A chunk of complete lines, split into one slice per worker at line boundaries. */
    private static final class Batch extends JournalFiles.Chunk {
        final Slice[] slices;
        final CompletableFuture<?>[] done;

        Batch(int workers) {
            slices = new Slice[workers];
            for (int i = 0; i < workers; i++) {
                slices[i] = new Slice();
            }
            done = new CompletableFuture<?>[workers];
        }

        void await() {
            for (int i = 0; i < done.length; i++) {
                if (done[i] != null) {
                    join(done[i]);
                    done[i] = null;
                }
            }
        }
    }

    /** Splits the chunk at line boundaries and hashes the slices on the pool (or here, with one processor). */
    private void submit(Batch bt, byte[] epoch7) {
        byte[] b = bt.buf;
        int len = bt.len;
        int from = 0;
        for (int i = 0; i < bt.slices.length; i++) {
            int to = len;
            if (i < bt.slices.length - 1) {
                int t = Math.max(from, (int) ((long) len * (i + 1) / bt.slices.length));
                to = t >= len ? len : JournalFiles.indexOfNewline(b, t, len) + 1;
            }
            Slice sl = bt.slices[i];
            sl.from = from;
            sl.to = to;
            sl.count = 0;
            from = to;
            if (pool == null) {
                hashSlice(b, sl, epoch7, deep);
            } else {
                bt.done[i] = CompletableFuture.runAsync(() -> hashSlice(b, sl, epoch7, deep), pool);
            }
        }
    }

    /**
     * For each line of the slice: its leaf hash, its envelope (seq, prev offset), whether its epoch is this file's,
     * whether its prev is the previous line's leaf (for all lines but the slice's first) and, with deep, the strict
     * parse result. No shared state: the results do not depend on thread timing.
     */
    private static void hashSlice(byte[] b, Slice sl, byte[] epoch7, boolean deep) {
        MessageDigest md = DIGEST.get();
        JournalFiles.Envelope e = new JournalFiles.Envelope();
        byte[] enc = new byte[JournalFiles.B64_HASH];
        int p = sl.from;
        int k = 0;
        while (p < sl.to) {
            int nl = JournalFiles.indexOfNewline(b, p, sl.to);
            int len = nl - p;
            sl.ensure(k + 1, deep);
            Merkle.leafHashInto(md, b, p, len, sl.leaves, k * 32);
            int fl = 0;
            if (JournalFiles.parseEnvelope(b, p, len, e)) {
                fl = OK;
                sl.seq[k] = e.seq;
                sl.prevOff[k] = e.prevOff;
                if (e.epochIs(b, epoch7)) {
                    fl |= EPOCH_OK;
                }
                if (k > 0) {
                    JournalFiles.b64Hash(sl.leaves, (k - 1) * 32, enc, 0);
                    if (e.prevIs(b, enc)) {
                        fl |= LINKED;
                    }
                }
                if (deep) {
                    Object d = null;
                    try {
                        JournalFiles.parseRecord(Arrays.copyOfRange(b, p, nl));
                    } catch (RuntimeException | Error x) {
                        d = x;
                    }
                    sl.deep[k] = d;
                }
            }
            sl.flags[k] = (byte) fl;
            p = nl + 1;
            k++;
        }
        sl.count = k;
    }

    private JournalVerification verifyAll() {
        if (dir == null || !Files.isDirectory(dir)) {
            return unreadable("-", "journal directory does not exist or is not a directory");
        }
        TreeSet<String> epochs;
        TreeSet<String> dropped;
        try {
            epochs = JournalFiles.epochs(dir, JournalFiles.RECORDS);
            dropped = JournalFiles.epochs(dir, JournalFiles.DROPPED);
        } catch (IOException e) {
            return unreadable("-", "journal directory cannot be listed (" + e.getClass().getSimpleName() + ")");
        }
        if (epochs.isEmpty()) {
            return unreadable("-", "no records-YYYY-MM.jsonl file: not an audit journal");
        }
        if (key == null) {
            Path vk = dir.resolve(JournalFiles.VKEY);
            try {
                key = Checkpoint.parseVerifierKey(Files.readString(vk, StandardCharsets.UTF_8));
                warnings.add("public key taken from the journal directory (" + JournalFiles.VKEY + "); pass a pinned "
                        + "key to detect a re-signed journal");
            } catch (IOException | IllegalArgumentException e) {
                return unreadable(JournalFiles.VKEY, "no usable public key: pass one");
            }
        }
        byte[] chain = null;
        long expectedSeq = -1;
        for (String ep : epochs) {
            Path rf = JournalFiles.records(dir, ep);
            String rn = rf.getFileName().toString();
            List<JournalVerification.Problem> cpProblems = new ArrayList<>();
            CheckpointFile cps = readCheckpoints(ep, cpProblems);
            Merkle.NodeCapture capture = planProofs(cps);
            Merkle.Frontier frontier = new Merkle.Frontier(capture);
            byte[] epoch7 = JournalFiles.epochBytes(ep);
            byte[] head = new byte[32];   // the last leaf of this epoch; read by checkRoots only once size > 0
            byte[] firstPrev = null;
            long firstSeq = -1;
            int nextCp = 0;
            long lineNo = 0;
            try (JournalFiles.ChunkReader cr = new JournalFiles.ChunkReader(rf)) {
                ArrayDeque<Batch> inFlight = new ArrayDeque<>();
                IOException readError = null;
                boolean readDone = false;
                while (true) {
                    while (!readDone && inFlight.size() < DEPTH) {
                        Batch bt = free.isEmpty() ? new Batch(workers) : free.poll();
                        try {
                            if (!cr.next(bt)) {
                                readDone = true;
                                free.add(bt);
                                break;
                            }
                        } catch (IOException e) {
                            readError = e;
                            readDone = true;
                            free.add(bt);
                            break;
                        }
                        submit(bt, epoch7);
                        inFlight.add(bt);
                    }
                    Batch bt = inFlight.poll();
                    if (bt == null) {
                        break;
                    }
                    bt.await();
                    byte[] b = bt.buf;
                    for (Slice sl : bt.slices) {
                        for (int k = 0; k < sl.count; k++) {
                            lineNo++;
                            records++;
                            nextCp = checkRoots(cps, nextCp, frontier, head);
                            int fl = sl.flags[k];
                            boolean ok = (fl & OK) != 0;
                            byte[] prev = null;
                            if (ok && lineNo == 1) {
                                env.prevOff = sl.prevOff[k];
                                prev = env.prev(b);
                                ok = prev != null;
                            }
                            if (ok && deep) {
                                Object d = sl.deep[k];
                                if (d instanceof AuditFormatException) {
                                    problem(rn, lineNo, "MALFORMED", "record is not a canonical, valid record: "
                                            + ((AuditFormatException) d).getMessage());
                                } else if (d instanceof RuntimeException) {
                                    throw (RuntimeException) d;
                                } else if (d instanceof Error) {
                                    throw (Error) d;
                                }
                            }
                            if (!ok) {
                                problem(rn, lineNo, "MALFORMED", "record envelope is not canonical "
                                        + "({\"epoch\",\"event\",\"prev\",\"seq\",\"v\":1})");
                                expectedSeq++;
                            } else {
                                parsedRecords++;
                                long seq = sl.seq[k];
                                if (lineNo == 1) {
                                    firstPrev = prev;
                                    firstSeq = seq;
                                    if (chain == null) {
                                        chain = checkStart(ep, rn, prev, seq, dropped).clone();
                                        expectedSeq = seq;
                                    }
                                }
                                if ((fl & EPOCH_OK) == 0) {
                                    problem(rn, lineNo, "WRONG_EPOCH", "record belongs to another epoch");
                                }
                                if (seq != expectedSeq) {
                                    problem(rn, lineNo, "SEQUENCE", "sequence number " + seq + " where "
                                            + expectedSeq + " was expected (record deleted, inserted or reordered)");
                                }
                                if (chain != null) {
                                    boolean linked;
                                    if (k > 0) {
                                        linked = (fl & LINKED) != 0;   // chain is the slice's previous leaf
                                    } else {
                                        JournalFiles.b64Hash(chain, b64, 0);
                                        env.prevOff = sl.prevOff[k];
                                        linked = env.prevIs(b, b64);
                                    }
                                    if (!linked) {
                                        problem(rn, lineNo, "CHAIN_BROKEN", "record does not link to the record "
                                                + "before it (that record was altered, deleted or reordered)");
                                    }
                                }
                                expectedSeq = seq + 1;
                            }
                            if (chain == null) {
                                chain = new byte[32];
                            }
                            System.arraycopy(sl.leaves, k * 32, chain, 0, 32);
                            System.arraycopy(sl.leaves, k * 32, head, 0, 32);
                            frontier.append(sl.leaves, k * 32);
                        }
                    }
                    free.add(bt);
                }
                if (readError != null) {
                    return unreadable(rn, "cannot be read (" + readError.getClass().getSimpleName() + ")");
                }
                checkRoots(cps, nextCp, frontier, head);
                if (cr.tornBytes() > 0) {
                    problem(rn, lineNo + 1, "TORN_TAIL", cr.tornBytes() + " bytes after the last complete "
                            + "record (a write cut by a crash, or truncation); reopening the journal discards them");
                }
            } catch (IOException e) {
                return unreadable(rn, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            finishCheckpoints(ep, cps, frontier.size(), firstSeq, firstPrev, capture);
            for (JournalVerification.Problem p : cpProblems) {
                problem(p.file(), p.line(), p.kind(), p.message());
            }
        }
        if (parsedRecords == 0 && records > 0 && checkpoints == 0) {
            return result(JournalVerification.Status.UNREADABLE, new ArrayList<>(epochs));
        }
        return result(problems.isEmpty() ? JournalVerification.Status.INTACT : JournalVerification.Status.TAMPERED,
                new ArrayList<>(epochs));
    }

    /** The first present epoch: its chain must start at zero or at a dropped epoch's signed head. */
    private byte[] checkStart(String ep, String rn, byte[] prev, long seq, TreeSet<String> dropped) {
        if (Arrays.equals(prev, JournalFiles.ZERO) && seq == 0) {
            return prev;
        }
        String before = dropped.lower(ep);
        if (before == null) {
            problem(rn, 1, "MISSING_EPOCH", "journal does not start at the first record and no dropped-epoch "
                    + "checkpoint accounts for the records before it (an epoch was deleted)");
            return prev;
        }
        Path tomb = JournalFiles.dropped(dir, before);
        try {
            Checkpoint c = Checkpoint.parse(Files.readString(tomb, StandardCharsets.UTF_8));
            if (!c.verify(key)) {
                problem(tomb.getFileName().toString(), 1, "BAD_SIGNATURE", "dropped-epoch checkpoint is not signed by "
                        + "the trusted key");
            } else if (!MessageDigest.isEqual(c.head(), prev) || c.firstSeq() + c.size() != seq) {
                problem(rn, 1, "MISSING_EPOCH", "first record does not follow the last dropped epoch's checkpoint");
            }
        } catch (IOException | AuditFormatException e) {
            problem(tomb.getFileName().toString(), 1, "MALFORMED", "dropped-epoch checkpoint unreadable");
        }
        return prev;
    }

    /** The valid, signed, non-decreasing checkpoints of one epoch, with their line numbers. */
    private static final class CheckpointFile {
        final String name;
        final List<Checkpoint> good = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        boolean exists;

        CheckpointFile(String name) {
            this.name = name;
        }
    }

    /** Reads and checks an epoch's checkpoint file (signature, origin, order); problems go to {@code out}. */
    private CheckpointFile readCheckpoints(String ep, List<JournalVerification.Problem> out) {
        Path cf = JournalFiles.checkpoints(dir, ep);
        String cn = cf.getFileName().toString();
        CheckpointFile result = new CheckpointFile(cn);
        if (!Files.exists(cf)) {
            return result;
        }
        result.exists = true;
        // parse every line first, verify the signatures (about 1 ms each) on the pool, then judge them in order
        List<Checkpoint> parsed = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        List<JournalVerification.Problem> tail = new ArrayList<>();
        try (JournalFiles.LineReader lr = new JournalFiles.LineReader(cf, -1)) {
            while (lr.next()) {
                lineNos.add((int) lr.lineNo());
                Checkpoint c;
                try {
                    c = JournalFiles.parseCheckpointLine(lr.line());
                } catch (AuditFormatException e) {
                    c = null;
                }
                parsed.add(c);
            }
            if (lr.tornAt() >= 0) {
                tail.add(new JournalVerification.Problem(cn, lr.lineNo() + 1, "TORN_TAIL", "partial checkpoint line"));
            }
        } catch (IOException e) {
            tail.add(new JournalVerification.Problem(cn, 0, "UNREADABLE", "checkpoint file cannot be read"));
        }
        boolean[] signed = verifySignatures(parsed);
        for (int i = 0; i < parsed.size(); i++) {
            int line = lineNos.get(i);
            Checkpoint c = parsed.get(i);
            if (c == null) {
                out.add(new JournalVerification.Problem(cn, line, "MALFORMED", "checkpoint line is malformed"));
                continue;
            }
            checkpoints++;
            if (!signed[i]) {
                out.add(new JournalVerification.Problem(cn, line, "BAD_SIGNATURE",
                        "checkpoint signature does not verify under the trusted key"));
                continue;
            }
            String expectedSuffix = "/" + ep;
            if (!c.origin().endsWith(expectedSuffix)) {
                out.add(new JournalVerification.Problem(cn, line, "WRONG_ORIGIN", "checkpoint is for another epoch"));
                continue;
            }
            String o = c.origin().substring(0, c.origin().length() - expectedSuffix.length());
            if (origin == null) {
                origin = o;
            } else if (!origin.equals(o)) {
                out.add(new JournalVerification.Problem(cn, line, "WRONG_ORIGIN",
                        "checkpoint is for another journal"));
                continue;
            }
            if (!result.good.isEmpty() && c.size() < result.good.get(result.good.size() - 1).size()) {
                out.add(new JournalVerification.Problem(cn, line, "ROLLBACK",
                        "checkpoint is smaller than the one before it"));
                continue;
            }
            result.good.add(c);
            result.lines.add(line);
        }
        out.addAll(tail);
        return result;
    }

    /** Signature checks of the parsed checkpoints (null entries: false), split over the pool; order-independent. */
    private boolean[] verifySignatures(List<Checkpoint> cps) {
        boolean[] ok = new boolean[cps.size()];
        int parts = pool == null ? 1 : Math.min(workers, cps.size());
        if (parts <= 1) {
            for (int i = 0; i < ok.length; i++) {
                ok[i] = cps.get(i) != null && cps.get(i).verify(key);
            }
            return ok;
        }
        PublicKey k = key;
        CompletableFuture<?>[] f = new CompletableFuture<?>[parts];
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) ok.length * p / parts);
            int to = (int) ((long) ok.length * (p + 1) / parts);
            f[p] = CompletableFuture.runAsync(() -> {
                for (int i = from; i < to; i++) {
                    ok[i] = cps.get(i) != null && cps.get(i).verify(k);
                }
            }, pool);
        }
        for (CompletableFuture<?> x : f) {
            join(x);
        }
        return ok;
    }

    /** Which sampled proofs will be checked, so that the streaming pass keeps just the nodes they need. */
    private static Merkle.NodeCapture planProofs(CheckpointFile cps) {
        Merkle.NodeCapture cap = new Merkle.NodeCapture();
        List<Checkpoint> good = cps.good;
        int step = Math.max(1, good.size() / SAMPLES);
        for (int j = step; j < good.size(); j += step) {
            long a = good.get(j - step).size();
            long b = good.get(j).size();
            if (a > 0) {
                cap.planConsistency(a, b);
            }
        }
        if (!good.isEmpty()) {
            long n = good.get(good.size() - 1).size();
            for (long idx : inclusionSample(n)) {
                cap.planInclusion(idx, n);
            }
        }
        cap.seal();
        return cap;
    }

    private static TreeSet<Long> inclusionSample(long n) {
        TreeSet<Long> sample = new TreeSet<>();
        if (n > 0) {
            for (long idx = 0; idx < n; idx += Math.max(1, n / SAMPLES)) {
                sample.add(idx);
            }
            sample.add(n - 1);
        }
        return sample;
    }

    /** Compares every checkpoint of the current tree size with the streamed root; returns the next index. */
    private int checkRoots(CheckpointFile cps, int next, Merkle.Frontier f, byte[] lastLeaf) {
        int i = next;
        byte[] root = null;
        while (i < cps.good.size() && cps.good.get(i).size() == f.size()) {
            Checkpoint c = cps.good.get(i);
            if (root == null) {
                root = f.root();
            }
            byte[] head = f.size() == 0 ? c.prev() : lastLeaf;
            if (!MessageDigest.isEqual(root, c.root()) || !MessageDigest.isEqual(head, c.head())) {
                problem(cps.name, cps.lines.get(i), "ROOT_MISMATCH", "records 1.." + c.size()
                        + " do not hash to the signed root (a covered record was altered, deleted or reordered)");
            }
            i++;
        }
        return i;
    }

    private void finishCheckpoints(String ep, CheckpointFile cps, long count, long firstSeq, byte[] firstPrev,
                                   Merkle.NodeCapture cap) {
        String cn = cps.name;
        if (!cps.exists) {
            if (count > 0) {
                problem(cn, 0, "NO_CHECKPOINT", "epoch has records but no checkpoint file");
            }
            return;
        }
        List<Checkpoint> good = cps.good;
        boolean anyCovering = false;
        for (int i = 0; i < good.size(); i++) {
            Checkpoint c = good.get(i);
            if (firstPrev != null && (c.firstSeq() != firstSeq || !MessageDigest.isEqual(c.prev(), firstPrev))) {
                problem(cn, cps.lines.get(i), "CHAIN_BROKEN", "epoch's first record differs from the one the "
                        + "checkpoint signed");
            }
            if (c.size() > count) {
                problem(cn, cps.lines.get(i), "TRUNCATED", "checkpoint covers " + c.size() + " records but the "
                        + "epoch holds " + count + " (records removed from the end)");
            } else {
                anyCovering = true;
            }
        }
        if (!anyCovering) {
            if (count > 0) {
                problem(cn, 0, "NO_CHECKPOINT", "no valid signed checkpoint covers this epoch");
            }
            return;
        }
        // consistency proofs between sampled consecutive checkpoints, as an external auditor would check them
        int step = Math.max(1, good.size() / SAMPLES);
        for (int j = step; j < good.size(); j += step) {
            Checkpoint a = good.get(j - step);
            Checkpoint b = good.get(j);
            if (a.size() == 0 || b.size() > count) {
                continue;
            }
            List<byte[]> proof = Merkle.consistencyProof(cap, a.size(), b.size());
            if (proof == null || !Merkle.verifyConsistency(a.size(), b.size(), a.root(), b.root(), proof)) {
                problem(cn, cps.lines.get(j), "INCONSISTENT", "checkpoint is not an extension of the checkpoint at "
                        + "line " + cps.lines.get(j - step) + " (history rewritten)");
            }
        }
        // inclusion proofs for sampled records against the last checkpoint
        Checkpoint last = good.get(good.size() - 1);
        long n = last.size();
        if (n > 0 && n <= count) {
            for (long idx : inclusionSample(n)) {
                List<byte[]> path = Merkle.inclusionPath(cap, idx, n);
                byte[] leaf = cap.leaf(idx);
                if (path == null || leaf == null || !Merkle.verifyInclusion(idx, n, leaf, path, last.root())) {
                    problem(JournalFiles.records(dir, ep).getFileName().toString(), idx + 1, "INCLUSION_FAILED",
                            "record is not included in the last signed tree");
                }
            }
        }
        long covered = 0;
        for (Checkpoint c : good) {
            if (c.size() <= count) {
                covered = Math.max(covered, c.size());
            }
        }
        if (count > covered) {
            warnings.add(ep + ": " + (count - covered) + " record(s) after the last checkpoint are not "
                    + "yet covered by a signature (normal for a live journal)");
        }
    }

    /** Waits for {@code f}, rethrowing what the task threw as it was thrown. */
    private static void join(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw e;
        }
    }
}
