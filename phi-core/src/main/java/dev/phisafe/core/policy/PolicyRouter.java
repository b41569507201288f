package dev.phisafe.core.policy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the policy for a {@link Destination} and a {@link Purpose}: minimum necessary differs by recipient and by
 * why the PHI is used (45 CFR 164.502(b), 164.514(d)). Deny by default: a purpose without a route gets the empty policy,
 * which blocks every type; every policy returned is already capped for its destination
 * ({@link PhiPolicy#forDestination}), so a vendor without a BAA never receives more than Safe Harbor allows.
 *
 * <pre>{@code
 * PolicyRouter router = PolicyRouter.builder()
 *         .route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED)                 // any vendor
 *         .route(Purpose.TREATMENT, "in-house", PhiPolicies.IN_HOUSE)          // one vendor
 *         .route(Purpose.RESEARCH, PhiPolicies.SAFE_HARBOR)
 *         .build();
 * PhiPolicy p = router.policyFor(destination, Purpose.TREATMENT);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PolicyRouter {
    private static final PhiPolicy DENY_ALL = PhiPolicy.builder("deny-all", 1).build();

    private final Map<Purpose, PhiPolicy> byPurpose;
    private final Map<Purpose, Map<String, PhiPolicy>> byVendor;

    private PolicyRouter(Builder b) {
        this.byPurpose = new EnumMap<>(b.byPurpose);
        Map<Purpose, Map<String, PhiPolicy>> v = new EnumMap<>(Purpose.class);
        b.byVendor.forEach((p, m) -> v.put(p, Map.copyOf(m)));
        this.byVendor = v;
    }

    /** @return a builder with no routes (everything denied) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param destination where the text goes
     * @param purpose     why
     * @return the vendor's route for the purpose, else the purpose's route, else a policy that blocks every type;
     *         capped for the destination
     */
    public PhiPolicy policyFor(Destination destination, Purpose purpose) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(purpose, "purpose");
        PhiPolicy p = byVendor.getOrDefault(purpose, Map.of()).get(destination.vendor());
        if (p == null) {
            p = byPurpose.getOrDefault(purpose, DENY_ALL);
        }
        return p.forDestination(destination);
    }

    @Override
    public String toString() {
        return "PolicyRouter{purposes=" + byPurpose.keySet() + ", vendorRoutes=" + byVendor + "}";
    }

    /** Builder of a {@link PolicyRouter}. A route given twice is an error. */
    public static final class Builder {
        private final Map<Purpose, PhiPolicy> byPurpose = new EnumMap<>(Purpose.class);
        private final Map<Purpose, Map<String, PhiPolicy>> byVendor = new EnumMap<>(Purpose.class);

        private Builder() {
        }

        /**
         * @param purpose the purpose
         * @param policy  the policy for every vendor without a route of its own
         * @return this builder
         * @throws IllegalStateException if the purpose already has a route
         */
        public Builder route(Purpose purpose, PhiPolicy policy) {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(policy, "policy");
            PhiPolicy prev = byPurpose.putIfAbsent(purpose, policy);
            if (prev != null) {
                throw new IllegalStateException("purpose " + purpose + " is routed twice: to '" + prev.id() + "' and '"
                        + policy.id() + "'");
            }
            return this;
        }

        /**
         * @param purpose the purpose
         * @param vendor  the vendor ({@link Destination#vendor()})
         * @param policy  the policy for that vendor and purpose
         * @return this builder
         * @throws IllegalStateException if that vendor and purpose already have a route
         */
        public Builder route(Purpose purpose, String vendor, PhiPolicy policy) {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(policy, "policy");
            PhiPolicy prev = byVendor.computeIfAbsent(purpose, k -> new HashMap<>()).putIfAbsent(vendor, policy);
            if (prev != null) {
                throw new IllegalStateException("purpose " + purpose + " for vendor '" + vendor + "' is routed twice: to '"
                        + prev.id() + "' and '" + policy.id() + "'");
            }
            return this;
        }

        /** @return the router */
        public PolicyRouter build() {
            return new PolicyRouter(this);
        }
    }
}
