package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link PhiFilter#filter}: the filtered text and what it is — its {@link FilterLabel}, the policy
 * that made it, how many spans of each type were found and what was done to them. Everything but {@link #text()} is
 * free of PHI and can go to audit events and metrics; {@link #toString()} leaves the text out.
 */
public final class FilterResult {
    private static final PhiType[] TYPES = PhiType.values();

    private final String text;
    private final FilterLabel label;
    private final String policyId;
    private final int policyVersion;
    private final Map<PhiType, Integer> counts;
    private final Map<PhiType, PhiAction> applied;
    private final String zip3List;

    /**
     * @param counts  spans per type, by ordinal: the filter hands over an array of its own, which no one changes
     * @param applied the action applied to each type with a span
     */
    FilterResult(String text, FilterLabel label, String policyId, int policyVersion, int[] counts,
            java.util.function.Function<PhiType, PhiAction> applied, String zip3List) {
        this.text = Objects.requireNonNull(text, "text");
        this.label = label;
        this.policyId = policyId;
        this.policyVersion = policyVersion;
        if (counts == null) {
            this.counts = Map.of();
            this.applied = Map.of();
        } else {
            this.counts = new TypeMap<>(counts, k -> counts[k]);
            this.applied = new TypeMap<>(counts, k -> applied.apply(TYPES[k]));
        }
        this.zip3List = zip3List;
    }

    /** @return the filtered text; it may still hold PHI unless {@link #label()} says it is de-identified */
    public String text() {
        return text;
    }

    /** @return what the text is */
    public FilterLabel label() {
        return label;
    }

    /** @return the id of the effective policy (after the destination's cap) */
    public String policyId() {
        return policyId;
    }

    /** @return its version */
    public int policyVersion() {
        return policyVersion;
    }

    /** @return spans found per type (only types with at least one span) */
    public Map<PhiType, Integer> counts() {
        return counts;
    }

    /** @return the action applied per type found */
    public Map<PhiType, PhiAction> applied() {
        return applied;
    }

    /**
     * The types whose values remain in the text as they were, with the reason: the policy keeps them.
     *
     * @return types found and kept
     */
    public Map<PhiType, PhiAction> remaining() {
        Map<PhiType, PhiAction> m = new EnumMap<>(PhiType.class);
        applied.forEach((t, a) -> {
            if (a == PhiAction.KEEP) {
                m.put(t, a);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** @return which ZIP3 population list generalized ZIP codes, e.g. {@code "CENSUS-2020"} */
    public String zip3List() {
        return zip3List;
    }

    /** Shows label, policy and counts; never the text. */
    @Override
    public String toString() {
        return "FilterResult{" + label + ", policy=" + policyId + " v" + policyVersion + ", counts=" + counts
                + ", applied=" + applied + ", zip3=" + zip3List + "}";
    }
}
