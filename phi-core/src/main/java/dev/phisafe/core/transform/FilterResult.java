package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiPolicy;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link PhiFilter#filter}: the filtered text and what it is — its {@link FilterLabel}, the policy
 * that made it, how many spans of each type were found and what was done to them. Everything but {@link #text()} is
 * free of PHI and can go to audit events and metrics; {@link #toString()} leaves the text out.
 */
public final class FilterResult {
    private final String text;
    private final FilterLabel label;
    private final String policyId;
    private final int policyVersion;
    /** What detection found (offsets and types, no text): the counts are made from it when first asked for. */
    private final List<PhiSpan> found;
    private final PhiPolicy policy;
    private final String zip3List;
    private volatile Tally tally;

    /**
     * @param found  the spans detection found, which no one changes after
     * @param policy the policy whose actions were applied
     */
    FilterResult(String text, FilterLabel label, PhiPolicy policy, List<PhiSpan> found, String zip3List) {
        this.text = Objects.requireNonNull(text, "text");
        this.label = label;
        this.policyId = policy.id();
        this.policyVersion = policy.version();
        this.found = found;
        this.policy = policy;
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
        return tally().counts;
    }

    /** @return the action applied per type found */
    public Map<PhiType, PhiAction> applied() {
        return tally().applied;
    }

    /** The counts and actions per type, made from the spans found when first asked for. */
    private Tally tally() {
        Tally t = tally;
        if (t == null) {
            t = new Tally(found, policy);
            tally = t;
        }
        return t;
    }

    /** Spans and actions per type found; unmodifiable. */
    private static final class Tally {
        final Map<PhiType, Integer> counts;
        final Map<PhiType, PhiAction> applied;

        Tally(List<PhiSpan> found, PhiPolicy policy) {
            if (found.isEmpty()) {
                counts = Map.of();
                applied = Map.of();
                return;
            }
            Map<PhiType, Integer> c = new EnumMap<>(PhiType.class);
            Map<PhiType, PhiAction> a = new EnumMap<>(PhiType.class);
            for (PhiSpan s : found) {
                c.merge(s.type(), 1, Integer::sum);
                a.putIfAbsent(s.type(), policy.action(s.type()));
            }
            counts = Collections.unmodifiableMap(c);
            applied = Collections.unmodifiableMap(a);
        }
    }

    /**
     * The types whose values remain in the text as they were, with the reason: the policy keeps them.
     *
     * @return types found and kept
     */
    public Map<PhiType, PhiAction> remaining() {
        Map<PhiType, PhiAction> m = new EnumMap<>(PhiType.class);
        applied().forEach((t, a) -> {
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
        return "FilterResult{" + label + ", policy=" + policyId + " v" + policyVersion + ", counts=" + counts()
                + ", applied=" + applied() + ", zip3=" + zip3List + "}";
    }
}
