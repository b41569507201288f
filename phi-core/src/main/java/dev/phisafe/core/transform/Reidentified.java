package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiSpan;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Reidentifier#reidentify}: the re-identified text, and what happened, without PHI.
 *
 * <ul>
 *   <li>{@link #text()} — the model output with every known placeholder replaced by its original. <b>This is
 *       PHI</b>: it goes to the authorized caller only.</li>
 *   <li>{@link #restoredCounts()} — how many values were restored, per placeholder label (for audit).</li>
 *   <li>{@link #unknownPlaceholders()} — bracketed placeholders the resolver did not know (a model inventing
 *       {@code <NAME_7>}, or a mapping that expired), canonical, label and number only; they are left in the text
 *       as the model wrote them.</li>
 *   <li>{@link #newPhi()} — PHI the detector found in the model output outside any placeholder: identifiers the
 *       model brought in itself (memorization, hallucination, leakage from other context). Types and offsets only;
 *       offsets are UTF-16 indices into the <em>model output</em> that was passed in, not into {@link #text()}.</li>
 * </ul>
 *
 * <p>Immutable. {@link #toString()} shows counts, unknown placeholders and span types/offsets, never the text.
 */
public final class Reidentified {

    private final String text;
    private final Map<String, Integer> restoredCounts;
    private final List<String> unknownPlaceholders;
    private final List<PhiSpan> newPhi;

    Reidentified(String text, Map<String, Integer> restoredCounts, List<String> unknownPlaceholders,
            List<PhiSpan> newPhi) {
        this.text = text;
        this.restoredCounts = restoredCounts; // already unmodifiable and in label order
        this.unknownPlaceholders = List.copyOf(unknownPlaceholders);
        this.newPhi = List.copyOf(newPhi);
    }

    /** @return the re-identified text; contains PHI */
    public String text() {
        return text;
    }

    /**
     * @return number of restored values per label ({@code "NAME"}, {@code "DATE"}, ...), in label order, labels
     *         with no restored value left out; unmodifiable
     */
    public Map<String, Integer> restoredCounts() {
        return restoredCounts;
    }

    /** @return the total number of restored values */
    public int restoredTotal() {
        int n = 0;
        for (int c : restoredCounts.values()) {
            n += c;
        }
        return n;
    }

    /**
     * @return distinct unknown bracketed placeholders in canonical form (e.g. {@code <NAME_7>}), in order of first
     *         appearance; unmodifiable
     */
    public List<String> unknownPlaceholders() {
        return unknownPlaceholders;
    }

    /**
     * @return PHI found in the model output outside placeholders (sorted, non-overlapping; offsets into the model
     *         output); unmodifiable
     */
    public List<PhiSpan> newPhi() {
        return newPhi;
    }

    /** Describes the outcome without any text. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Reidentified{length=").append(text.length())
                .append(", restored=").append(restoredCounts)
                .append(", unknownPlaceholders=").append(unknownPlaceholders)
                .append(", newPhi=[");
        for (int i = 0; i < newPhi.size(); i++) {
            PhiSpan s = newPhi.get(i);
            sb.append(i == 0 ? "" : ", ").append(s.type()).append('[').append(s.start()).append(',').append(s.end())
                    .append(')');
        }
        return sb.append("]}").toString();
    }
}
