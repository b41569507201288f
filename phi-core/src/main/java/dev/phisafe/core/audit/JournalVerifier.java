package dev.phisafe.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** The checks behind {@link AuditJournal#verify}; see there. Single use. */
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

    JournalVerifier(Path dir, PublicKey key) {
        this.dir = dir;
        this.key = key;
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
            byte[] bytes;
            try {
                bytes = AuditJournal.readBounded(rf, Files.size(rf));
            } catch (IOException e) {
                return unreadable(rn, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            JournalFiles.Lines lines = new JournalFiles.Lines(bytes);
            List<byte[]> leaves = new ArrayList<>(lines.spans.size());
            byte[] firstPrev = null;
            long firstSeq = -1;
            for (int i = 0; i < lines.spans.size(); i++) {
                int[] sp = lines.spans.get(i);
                byte[] leaf = Merkle.leafHash(bytes, sp[0], sp[1]);
                records++;
                JournalFiles.Record r = null;
                try {
                    r = JournalFiles.parseRecord(lines.line(i));
                    parsedRecords++;
                } catch (AuditFormatException e) {
                    problem(rn, i + 1, "MALFORMED", "record is not a canonical, valid record: " + e.getMessage());
                }
                if (r != null) {
                    if (i == 0) {
                        firstPrev = r.prev;
                        firstSeq = r.seq;
                        if (chain == null) {
                            chain = checkStart(ep, rn, r, dropped);
                            expectedSeq = r.seq;
                        }
                    }
                    if (!r.epoch.equals(ep)) {
                        problem(rn, i + 1, "WRONG_EPOCH", "record belongs to another epoch");
                    }
                    if (r.seq != expectedSeq) {
                        problem(rn, i + 1, "SEQUENCE", "sequence number " + r.seq + " where " + expectedSeq
                                + " was expected (record deleted, inserted or reordered)");
                    }
                    if (chain != null && !MessageDigest.isEqual(r.prev, chain)) {
                        problem(rn, i + 1, "CHAIN_BROKEN", "record does not link to the record before it "
                                + "(that record was altered, deleted or reordered)");
                    }
                    expectedSeq = r.seq + 1;
                } else {
                    expectedSeq++;
                }
                chain = leaf;
                leaves.add(leaf);
            }
            if (lines.tornAt >= 0) {
                problem(rn, lines.spans.size() + 1, "TORN_TAIL", (bytes.length - lines.tornAt)
                        + " bytes after the last complete record (a write cut by a crash, or truncation); reopening "
                        + "the journal discards them");
            }
            checkCheckpoints(ep, leaves, firstSeq, firstPrev);
        }
        if (parsedRecords == 0 && records > 0 && checkpoints == 0) {
            return result(JournalVerification.Status.UNREADABLE, new ArrayList<>(epochs));
        }
        return result(problems.isEmpty() ? JournalVerification.Status.INTACT : JournalVerification.Status.TAMPERED,
                new ArrayList<>(epochs));
    }

    /** The first present epoch: its chain must start at zero or at a dropped epoch's signed head. */
    private byte[] checkStart(String ep, String rn, JournalFiles.Record r, TreeSet<String> dropped) {
        if (Arrays.equals(r.prev, JournalFiles.ZERO) && r.seq == 0) {
            return r.prev;
        }
        String before = dropped.lower(ep);
        if (before == null) {
            problem(rn, 1, "MISSING_EPOCH", "journal does not start at the first record and no dropped-epoch "
                    + "checkpoint accounts for the records before it (an epoch was deleted)");
            return r.prev;
        }
        Path tomb = JournalFiles.dropped(dir, before);
        try {
            Checkpoint c = Checkpoint.parse(Files.readString(tomb, StandardCharsets.UTF_8));
            if (!c.verify(key)) {
                problem(tomb.getFileName().toString(), 1, "BAD_SIGNATURE", "dropped-epoch checkpoint is not signed by "
                        + "the trusted key");
            } else if (!MessageDigest.isEqual(c.head(), r.prev) || c.firstSeq() + c.size() != r.seq) {
                problem(rn, 1, "MISSING_EPOCH", "first record does not follow the last dropped epoch's checkpoint");
            }
        } catch (IOException | AuditFormatException e) {
            problem(tomb.getFileName().toString(), 1, "MALFORMED", "dropped-epoch checkpoint unreadable");
        }
        return r.prev;
    }

    private void checkCheckpoints(String ep, List<byte[]> leaves, long firstSeq, byte[] firstPrev) {
        Path cf = JournalFiles.checkpoints(dir, ep);
        String cn = cf.getFileName().toString();
        if (!Files.exists(cf)) {
            if (!leaves.isEmpty()) {
                problem(cn, 0, "NO_CHECKPOINT", "epoch has records but no checkpoint file");
            }
            return;
        }
        byte[] bytes;
        try {
            bytes = AuditJournal.readBounded(cf, Files.size(cf));
        } catch (IOException e) {
            problem(cn, 0, "UNREADABLE", "checkpoint file cannot be read");
            return;
        }
        JournalFiles.Lines lines = new JournalFiles.Lines(bytes);
        if (lines.tornAt >= 0) {
            problem(cn, lines.spans.size() + 1, "TORN_TAIL", "partial checkpoint line");
        }
        List<Checkpoint> good = new ArrayList<>();
        List<Integer> goodLines = new ArrayList<>();
        for (int i = 0; i < lines.spans.size(); i++) {
            Checkpoint c;
            try {
                c = JournalFiles.parseCheckpointLine(lines.line(i));
            } catch (AuditFormatException e) {
                problem(cn, i + 1, "MALFORMED", "checkpoint line is malformed");
                continue;
            }
            checkpoints++;
            if (!c.verify(key)) {
                problem(cn, i + 1, "BAD_SIGNATURE", "checkpoint signature does not verify under the trusted key");
                continue;
            }
            String expectedSuffix = "/" + ep;
            if (!c.origin().endsWith(expectedSuffix)) {
                problem(cn, i + 1, "WRONG_ORIGIN", "checkpoint is for another epoch");
                continue;
            }
            String o = c.origin().substring(0, c.origin().length() - expectedSuffix.length());
            if (origin == null) {
                origin = o;
            } else if (!origin.equals(o)) {
                problem(cn, i + 1, "WRONG_ORIGIN", "checkpoint is for another journal");
                continue;
            }
            if (firstPrev != null && (c.firstSeq() != firstSeq || !MessageDigest.isEqual(c.prev(), firstPrev))) {
                problem(cn, i + 1, "CHAIN_BROKEN", "epoch's first record differs from the one the checkpoint signed");
            }
            if (c.size() > leaves.size()) {
                problem(cn, i + 1, "TRUNCATED", "checkpoint covers " + c.size() + " records but the epoch holds "
                        + leaves.size() + " (records removed from the end)");
                continue;
            }
            if (!good.isEmpty() && c.size() < good.get(good.size() - 1).size()) {
                problem(cn, i + 1, "ROLLBACK", "checkpoint is smaller than the one before it");
                continue;
            }
            good.add(c);
            goodLines.add(i + 1);
        }
        if (good.isEmpty()) {
            if (!leaves.isEmpty()) {
                problem(cn, 0, "NO_CHECKPOINT", "no valid signed checkpoint covers this epoch");
            }
            return;
        }
        // every checkpoint root recomputed from the records, streaming
        Merkle.Frontier f = new Merkle.Frontier();
        int next = 0;
        for (int i = 0; i <= leaves.size() && next < good.size(); i++) {
            while (next < good.size() && good.get(next).size() == f.size()) {
                Checkpoint c = good.get(next);
                byte[] head = f.size() == 0 ? c.prev() : leaves.get((int) f.size() - 1);
                if (!MessageDigest.isEqual(f.root(), c.root()) || !MessageDigest.isEqual(head, c.head())) {
                    problem(cn, goodLines.get(next), "ROOT_MISMATCH", "records 1.." + c.size()
                            + " do not hash to the signed root (a covered record was altered, deleted or reordered)");
                }
                next++;
            }
            if (i < leaves.size()) {
                f.append(leaves.get(i));
            }
        }
        // consistency proofs between sampled consecutive checkpoints, as an external auditor would check them
        int step = Math.max(1, good.size() / SAMPLES);
        for (int j = step; j < good.size(); j += step) {
            Checkpoint a = good.get(j - step);
            Checkpoint b = good.get(j);
            if (a.size() == 0) {
                continue;
            }
            List<byte[]> proof = Merkle.consistencyProof(leaves, (int) a.size(), (int) b.size());
            if (!Merkle.verifyConsistency(a.size(), b.size(), a.root(), b.root(), proof)) {
                problem(cn, goodLines.get(j), "INCONSISTENT", "checkpoint is not an extension of the checkpoint at "
                        + "line " + goodLines.get(j - step) + " (history rewritten)");
            }
        }
        // inclusion proofs for sampled records against the last checkpoint
        Checkpoint last = good.get(good.size() - 1);
        if (last.size() > 0) {
            long n = last.size();
            TreeSet<Long> sample = new TreeSet<>();
            for (long idx = 0; idx < n; idx += Math.max(1, n / SAMPLES)) {
                sample.add(idx);
            }
            sample.add(n - 1);
            for (long idx : sample) {
                List<byte[]> path = Merkle.inclusionPath(leaves, (int) idx, 0, (int) n);
                if (!Merkle.verifyInclusion(idx, n, leaves.get((int) idx), path, last.root())) {
                    problem(JournalFiles.records(dir, ep).getFileName().toString(), idx + 1, "INCLUSION_FAILED",
                            "record is not included in the last signed tree");
                }
            }
        }
        if (leaves.size() > last.size()) {
            warnings.add(ep + ": " + (leaves.size() - last.size()) + " record(s) after the last checkpoint are not "
                    + "yet covered by a signature (normal for a live journal)");
        }
    }
}
