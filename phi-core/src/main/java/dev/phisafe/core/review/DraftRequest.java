package dev.phisafe.core.review;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ReviewGate#submit} needs to open a review: who asked, for which patient and encounter (opaque ids),
 * the AI-generated text, and which AI component, model and destination produced it.
 *
 * <p>The text is PHI: {@link #toString()} never shows it. Every id is an opaque identifier (it is written to audit
 * events; the patient and encounter only as keyed digests). Immutable; build with {@link #builder()}:
 * <pre>{@code
 * DraftRequest r = DraftRequest.builder()
 *         .requester("dr-ruiz").serviceAccount("svc-scribe").patient("pat-7f3c").encounter("enc-889")
 *         .model("gpt-4o").destination("azure-openai-baa").text(noteFromModel).build();
 * }</pre>
 */
public final class DraftRequest {
    private final String requester;
    private final String serviceAccount;
    private final String patient;
    private final String encounter;
    private final String model;
    private final String destination;
    private final String text;

    private DraftRequest(Builder b) {
        this.requester = b.requester;
        this.serviceAccount = b.serviceAccount;
        this.patient = b.patient;
        this.encounter = b.encounter;
        this.model = b.model;
        this.destination = b.destination;
        this.text = b.text;
    }

    /** @return a new builder; all fields but the encounter are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the workforce principal who asked for the note (may not review it) */
    public String requester() {
        return requester;
    }

    /** @return the AI component's service account (may not review it either) */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** @return the patient's opaque id */
    public String patient() {
        return patient;
    }

    /** @return the encounter's opaque id, if given */
    public Optional<String> encounter() {
        return Optional.ofNullable(encounter);
    }

    /** @return the model id (FHIR: the AI Device) */
    public String model() {
        return model;
    }

    /** @return the destination id (vendor deployment, e.g. one covered by a BAA) */
    public String destination() {
        return destination;
    }

    /** @return the AI-generated text (PHI) */
    public String text() {
        return text;
    }

    /** @return ids only; never the text */
    @Override
    public String toString() {
        return "DraftRequest{requester=" + requester + ", serviceAccount=" + serviceAccount + ", model=" + model
                + ", destination=" + destination + ", text=<" + text.length() + " chars>}";
    }

    /** Builder of a {@link DraftRequest}; each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private String requester;
        private String serviceAccount;
        private String patient;
        private String encounter;
        private String model;
        private String destination;
        private String text;

        private Builder() {
        }

        /**
         * @param requester the requesting principal's opaque id
         * @return this builder
         */
        public Builder requester(String requester) {
            this.requester = Texts.id("requester", requester);
            return this;
        }

        /**
         * @param serviceAccount the AI component's service account id
         * @return this builder
         */
        public Builder serviceAccount(String serviceAccount) {
            this.serviceAccount = Texts.id("serviceAccount", serviceAccount);
            return this;
        }

        /**
         * @param patient the patient's opaque id (audited only as a keyed digest)
         * @return this builder
         */
        public Builder patient(String patient) {
            this.patient = Texts.id("patient", patient);
            return this;
        }

        /**
         * @param encounter the encounter's opaque id (audited only as a keyed digest)
         * @return this builder
         */
        public Builder encounter(String encounter) {
            this.encounter = Texts.id("encounter", encounter);
            return this;
        }

        /**
         * @param model the model id, e.g. {@code gpt-4o}
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Texts.id("model", model);
            return this;
        }

        /**
         * @param destination the destination id, e.g. {@code azure-openai-baa}
         * @return this builder
         */
        public Builder destination(String destination) {
            this.destination = Texts.id("destination", destination);
            return this;
        }

        /**
         * @param text the AI-generated note: non-blank, well-formed Unicode, at most 4,194,304 UTF-16 units
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Texts.text("text", text);
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException naming the first missing field, or if requester equals service account
         */
        public DraftRequest build() {
            require(requester, "requester");
            require(serviceAccount, "serviceAccount");
            require(patient, "patient");
            require(model, "model");
            require(destination, "destination");
            require(text, "text");
            if (requester.equals(serviceAccount)) {
                throw new IllegalStateException("requester and serviceAccount must differ: a human asks, an AI "
                        + "component generates");
            }
            return new DraftRequest(this);
        }

        private static void require(Object v, String name) {
            if (Objects.isNull(v)) {
                throw new IllegalStateException(name + " is required");
            }
        }
    }
}
