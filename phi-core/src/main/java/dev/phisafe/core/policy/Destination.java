package dev.phisafe.core.policy;

import java.util.Objects;

/**
 * Where text goes: a model vendor and model, and whether a business associate agreement (BAA, 45 CFR 164.502(e),
 * 164.504(e)) covers that vendor. A destination without a BAA never receives more than Safe Harbor allows, whatever
 * the policy says ({@link PhiPolicy#forDestination}).
 *
 * <p>Immutable; build with {@link #builder(String)}. The names are non-secret and appear in audit events.
 */
public final class Destination {
    private final String vendor;
    private final String model;
    private final boolean baa;
    private final boolean inHouse;

    private Destination(Builder b) {
        this.vendor = b.vendor;
        this.model = b.model;
        this.baa = b.baa;
        this.inHouse = b.inHouse;
    }

    /**
     * @param vendor the vendor's name, e.g. {@code "openai"}, {@code "anthropic"}, {@code "in-house"}
     * @return a builder; the BAA flag starts false (strictest)
     */
    public static Builder builder(String vendor) {
        return new Builder(vendor);
    }

    /** @return the vendor */
    public String vendor() {
        return vendor;
    }

    /** @return the model, or {@code "*"} for any model of the vendor */
    public String model() {
        return model;
    }

    /** @return whether a BAA covers this vendor */
    public boolean baa() {
        return baa;
    }

    /** @return whether the model runs inside the covered entity (no disclosure to a third party) */
    public boolean inHouse() {
        return inHouse;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Destination)) {
            return false;
        }
        Destination d = (Destination) o;
        return vendor.equals(d.vendor) && model.equals(d.model) && baa == d.baa && inHouse == d.inHouse;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, model, baa, inHouse);
    }

    @Override
    public String toString() {
        return "Destination{" + vendor + "/" + model + (inHouse ? ", in-house" : baa ? ", BAA" : ", no BAA") + "}";
    }

    /** Builder of a {@link Destination}. */
    public static final class Builder {
        private final String vendor;
        private String model = "*";
        private boolean baa;
        private boolean inHouse;

        private Builder(String vendor) {
            Objects.requireNonNull(vendor, "vendor");
            if (vendor.isBlank()) {
                throw new IllegalArgumentException("vendor must not be blank");
            }
            this.vendor = vendor;
        }

        /**
         * @param model the model name
         * @return this builder
         */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model;
            return this;
        }

        /**
         * Declares that a BAA covers this vendor. Say it only when one is signed.
         *
         * @return this builder
         */
        public Builder baa() {
            this.baa = true;
            return this;
        }

        /**
         * Declares that the model runs inside the covered entity: text sent there is a use, not a disclosure.
         *
         * @return this builder
         */
        public Builder inHouse() {
            this.inHouse = true;
            return this;
        }

        /** @return the destination */
        public Destination build() {
            return new Destination(this);
        }
    }
}
