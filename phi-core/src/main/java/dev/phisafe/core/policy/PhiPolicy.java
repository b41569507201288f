package dev.phisafe.core.policy;

import dev.phisafe.core.detect.PhiType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What may pass, per {@link PhiType}: for each type, the {@link PhiAction} applied to its spans. Implements the
 * minimum-necessary standard (45 CFR 164.502(b), 164.514(d)) for one recipient and purpose.
 *
 * <p><b>Deny by default.</b> A type the policy does not mention gets {@link PhiAction#BLOCK}: an empty policy is the
 * strictest policy. Relaxing is explicit, per type. <b>Combining never weakens:</b> {@link #and} keeps the stricter
 * action of each type, whatever the order. <b>No BAA, no more than Safe Harbor:</b> {@link #forDestination} caps the
 * policy for a destination without a business associate agreement.
 *
 * <pre>{@code
 * PhiPolicy policy = PhiPolicy.builder("triage-bot", 3)
 *         .action(PhiType.NAME, PhiAction.PLACEHOLDER)
 *         .action(PhiType.DATE, PhiAction.SHIFT_DATE)
 *         .build();                       // every other type: BLOCK
 * PhiPolicy effective = policy.forDestination(destination);
 * }</pre>
 *
 * <p>Immutable and thread-safe; build with {@link #builder}, change with {@link #toBuilder}. {@link #toString()}
 * shows the id, version and actions (configuration, no PHI).
 */
public final class PhiPolicy {
    private final String id;
    private final int version;
    private final Map<PhiType, PhiAction> actions;   // complete: every type present

    private PhiPolicy(String id, int version, Map<PhiType, PhiAction> explicit) {
        this.id = id;
        this.version = version;
        EnumMap<PhiType, PhiAction> all = new EnumMap<>(PhiType.class);
        for (PhiType t : PhiType.values()) {
            all.put(t, explicit.getOrDefault(t, PhiAction.BLOCK));
        }
        this.actions = Collections.unmodifiableMap(all);
    }

    /**
     * @param id      a short, non-secret id recorded in results and audit events ({@code [A-Za-z0-9._:-]+})
     * @param version the policy's version, {@code >= 1}, recorded with the id
     * @return a builder in which every type is blocked
     */
    public static Builder builder(String id, int version) {
        return new Builder(id, version);
    }

    /** @return a builder holding this policy's id, version and actions */
    public Builder toBuilder() {
        Builder b = new Builder(id, version);
        b.actions.putAll(actions);
        return b;
    }

    /** @return the id */
    public String id() {
        return id;
    }

    /** @return the version */
    public int version() {
        return version;
    }

    /**
     * @param type a type
     * @return the action for it ({@link PhiAction#BLOCK} unless the policy relaxed it)
     */
    public PhiAction action(PhiType type) {
        return actions.get(Objects.requireNonNull(type, "type"));
    }

    /** @return every type's action, in {@link PhiType} order; unmodifiable */
    public Map<PhiType, PhiAction> actions() {
        return actions;
    }

    /**
     * The combination of two policies: per type, the stricter action. Commutative; never weaker than either.
     *
     * @param other another policy
     * @return the combined policy, with id {@code "<a>:<b>"} (the two ids in order) and the higher version
     */
    public PhiPolicy and(PhiPolicy other) {
        Objects.requireNonNull(other, "other");
        EnumMap<PhiType, PhiAction> m = new EnumMap<>(PhiType.class);
        for (PhiType t : PhiType.values()) {
            m.put(t, action(t).stricter(other.action(t)));
        }
        String a = id.compareTo(other.id) <= 0 ? id : other.id;
        String b = a.equals(id) ? other.id : id;
        // joined with ':' (not '+'): the id goes into audit events, whose identifiers allow ':' but not '+'
        return new PhiPolicy(a.equals(b) ? a : a + ":" + b, Math.max(version, other.version), m);
    }

    /**
     * The policy as it applies to a destination. A destination without a BAA (and not in-house) receives at most what
     * Safe Harbor allows: every action Safe Harbor does not allow ({@link PhiAction#safeHarbor()}) is replaced by the
     * {@link PhiPolicies#SAFE_HARBOR} action for that type.
     *
     * @param destination where the text goes
     * @return this policy, or a capped copy whose id ends in {@code "@no-baa"}
     */
    public PhiPolicy forDestination(Destination destination) {
        Objects.requireNonNull(destination, "destination");
        if (destination.baa() || destination.inHouse() || isSafeHarbor()) {
            return this;
        }
        EnumMap<PhiType, PhiAction> m = new EnumMap<>(PhiType.class);
        for (PhiType t : PhiType.values()) {
            PhiAction a = action(t);
            m.put(t, a.safeHarbor() ? a : PhiPolicies.SAFE_HARBOR.action(t));
        }
        return new PhiPolicy(id + "@no-baa", version, m);
    }

    /** @return whether every type's action is one Safe Harbor allows, so output is de-identified */
    public boolean isSafeHarbor() {
        for (PhiAction a : actions.values()) {
            if (!a.safeHarbor()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PhiPolicy)) {
            return false;
        }
        PhiPolicy p = (PhiPolicy) o;
        return id.equals(p.id) && version == p.version && actions.equals(p.actions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, actions);
    }

    @Override
    public String toString() {
        return "PhiPolicy{" + id + " v" + version + ", " + actions + "}";
    }

    /** Builder of a {@link PhiPolicy}; every type starts blocked. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final int version;
        private final EnumMap<PhiType, PhiAction> actions = new EnumMap<>(PhiType.class);

        private Builder(String id, int version) {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[A-Za-z0-9._:+@-]{1,64}")) {
                throw new IllegalArgumentException("policy id must be 1-64 chars of letters, digits and . _ : + @ -");
            }
            if (version < 1) {
                throw new IllegalArgumentException("policy version must be >= 1, got " + version);
            }
            this.id = id;
            this.version = version;
        }

        /**
         * Sets the action for a type.
         *
         * @param type   the type
         * @param action what to do with its spans
         * @return this builder
         */
        public Builder action(PhiType type, PhiAction action) {
            actions.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Sets the same action for several types.
         *
         * @param action what to do
         * @param types  the types
         * @return this builder
         */
        public Builder action(PhiAction action, PhiType... types) {
            for (PhiType t : types) {
                action(t, action);
            }
            return this;
        }

        /** @return the policy */
        public PhiPolicy build() {
            return new PhiPolicy(id, version, actions);
        }
    }
}
