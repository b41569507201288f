package dev.phisafe.core.audit;

import java.util.List;

/**
 * The result of {@link AuditJournal#verify}: a status, and for each problem the file, the line (1-based record or
 * checkpoint line, 0 when not tied to a line) and what is wrong — never record content. Immutable.
 */
public final class JournalVerification {

    /** Overall verdict; {@code phi audit verify} exits 0, 1 or 2 accordingly. */
    public enum Status {
        /** Every check passed. */
        INTACT,
        /** At least one check failed: the journal was altered, truncated, reordered, or cut by a crash. */
        TAMPERED,
        /** The directory, a file or the key could not be read, or nothing in it is a journal. */
        UNREADABLE
    }

    /**
     * One finding.
     *
     * @param file the file's name (no directory), or {@code "-"}
     * @param line the 1-based line, or 0
     * @param kind a stable code, e.g. {@code CHAIN_BROKEN}, {@code ROOT_MISMATCH}, {@code BAD_SIGNATURE}
     * @param message what is wrong, without content
     */
    public record Problem(String file, long line, String kind, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + kind + ": " + message;
        }
    }

    private final Status status;
    private final List<Problem> problems;
    private final List<String> warnings;
    private final long records;
    private final long checkpoints;
    private final List<String> epochs;

    JournalVerification(Status status, List<Problem> problems, List<String> warnings, long records,
                        long checkpoints, List<String> epochs) {
        this.status = status;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.records = records;
        this.checkpoints = checkpoints;
        this.epochs = List.copyOf(epochs);
    }

    /** @return the verdict */
    public Status status() {
        return status;
    }

    /** @return whether the status is {@link Status#INTACT} */
    public boolean intact() {
        return status == Status.INTACT;
    }

    /** @return the problems, in file order (at most 100 are kept) */
    public List<Problem> problems() {
        return problems;
    }

    /** @return notes that do not fail verification (e.g. records after the last checkpoint, unpinned key) */
    public List<String> warnings() {
        return warnings;
    }

    /** @return how many record lines were read */
    public long records() {
        return records;
    }

    /** @return how many checkpoints were verified */
    public long checkpoints() {
        return checkpoints;
    }

    /** @return the epochs present, oldest first */
    public List<String> epochs() {
        return epochs;
    }

    @Override
    public String toString() {
        return "JournalVerification{" + status + ", records=" + records + ", checkpoints=" + checkpoints
                + ", problems=" + problems.size() + "}";
    }
}
