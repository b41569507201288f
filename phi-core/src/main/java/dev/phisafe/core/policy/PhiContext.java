package dev.phisafe.core.policy;

import java.util.Objects;

/**
 * Who asks, for which patient, in which conversation — the non-secret context that travels with every step and
 * scopes pseudonym mappings and date shifts. It must never hold PHI: use opaque ids (a tenant key, a conversation
 * UUID, an internal patient surrogate key), never a name or an MRN.
 *
 * <p>Immutable; build with {@link #builder()}. {@link #toString()} prints the ids, which are non-secret by contract.
 */
public final class PhiContext {
    private final String tenant;
    private final String conversation;
    private final String patient;

    private PhiContext(Builder b) {
        this.tenant = b.tenant;
        this.conversation = b.conversation;
        this.patient = b.patient;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this context's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tenant = tenant;
        b.conversation = conversation;
        b.patient = patient;
        return b;
    }

    /** @return the tenant id (required) */
    public String tenant() {
        return tenant;
    }

    /** @return the conversation id (required): placeholders are consistent within one conversation */
    public String conversation() {
        return conversation;
    }

    /** @return the opaque patient id, or null when the text concerns no single patient */
    public String patient() {
        return patient;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PhiContext)) {
            return false;
        }
        PhiContext c = (PhiContext) o;
        return tenant.equals(c.tenant) && conversation.equals(c.conversation) && Objects.equals(patient, c.patient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, conversation, patient);
    }

    @Override
    public String toString() {
        return "PhiContext{tenant=" + tenant + ", conversation=" + conversation + ", patient="
                + (patient == null ? "-" : patient) + "}";
    }

    /** Builder of a {@link PhiContext}. Not thread-safe. */
    public static final class Builder {
        private String tenant;
        private String conversation;
        private String patient;

        private Builder() {
        }

        /**
         * @param id the tenant id: 1–128 chars of letters, digits, {@code - _ . :}
         * @return this builder
         */
        public Builder tenant(String id) {
            this.tenant = checkId("tenant", id);
            return this;
        }

        /**
         * @param id the conversation id: 1–128 chars of letters, digits, {@code - _ . :}
         * @return this builder
         */
        public Builder conversation(String id) {
            this.conversation = checkId("conversation", id);
            return this;
        }

        /**
         * @param id an opaque patient id (not an MRN): 1–128 chars of letters, digits, {@code - _ . :}
         * @return this builder
         */
        public Builder patient(String id) {
            this.patient = checkId("patient", id);
            return this;
        }

        /**
         * @return the context
         * @throws IllegalStateException if tenant or conversation is missing
         */
        public PhiContext build() {
            if (tenant == null || conversation == null) {
                throw new IllegalStateException("a PhiContext needs tenant(...) and conversation(...)");
            }
            return new PhiContext(this);
        }

        // the restricted alphabet keeps free text (and so PHI) out of ids, which appear in logs and audit events
        private static String checkId(String what, String id) {
            Objects.requireNonNull(id, what);
            if (id.isEmpty() || id.length() > 128) {
                throw new IllegalArgumentException(what + " id must have 1 to 128 characters, got " + id.length());
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                        || c == '.' || c == ':';
                if (!ok) {
                    throw new IllegalArgumentException(what + " id may hold only letters, digits and - _ . : "
                            + "(it is logged; opaque ids keep PHI out of logs); bad character at index " + i);
                }
            }
            return id;
        }
    }
}
