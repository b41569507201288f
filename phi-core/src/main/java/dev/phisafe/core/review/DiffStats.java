package dev.phisafe.core.review;

/**
 * How much a reviewer changed an AI draft: counts only, never text (NIST SP 800-53 AU-3(3)). Recorded in the decision
 * and in its audit event so that an auditor can see whether review was substantive (SOC 2 CC7.2: an edit rate near
 * zero over thousands of notes is a rubber-stamp signal).
 *
 * <p>Texts are split into tokens: runs of letters and digits (words), runs of whitespace, and single other
 * characters. {@link #algorithm()} {@code myers-token@1} is an exact shortest edit script over those tokens (Myers
 * 1986), used while it fits a fixed work budget; beyond it, {@code token-multiset@1} counts the tokens whose
 * multiplicity differs — linear time, exact for insertions and deletions, blind to moved text (so it can
 * under-count), flagged by {@link #exact()} {@code false}. Characters are Unicode code points.
 *
 * @param algorithm     the algorithm id and version
 * @param exact         whether the counts come from a shortest edit script
 * @param insertedChars code points in inserted tokens
 * @param deletedChars  code points in deleted tokens
 * @param insertedWords word tokens inserted
 * @param deletedWords  word tokens deleted
 * @param originalChars code points of the AI text
 * @param finalChars    code points of the approved text
 */
public record DiffStats(String algorithm, boolean exact, long insertedChars, long deletedChars, long insertedWords,
                        long deletedWords, long originalChars, long finalChars) {

    /** The statistics of an approval without edits. */
    static DiffStats unchanged(String text) {
        long n = text.codePointCount(0, text.length());
        return new DiffStats(TextDiff.EXACT, true, 0, 0, 0, 0, n, n);
    }

    /**
     * @return the share of text changed, {@code (inserted + deleted) / (original + final)} characters, from 0 (no
     *         edit) to 1 (everything replaced)
     */
    public double changedShare() {
        long total = originalChars + finalChars;
        return total == 0 ? 0 : (double) (insertedChars + deletedChars) / total;
    }

    /** @return {@link #changedShare()} in thousandths, rounded (the integer form audit events carry) */
    public long changedPerMille() {
        return Math.round(changedShare() * 1000);
    }
}
