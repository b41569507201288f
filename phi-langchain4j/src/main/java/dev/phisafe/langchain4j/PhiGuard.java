package dev.phisafe.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.transform.SurrogateGenerator;
import dev.phisafe.core.transform.Zip3Generalizer;
import dev.phisafe.core.vault.PseudonymVault;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The LangChain4j entry point of phi-safe: one immutable object, built once, that wraps the parts of an existing
 * LangChain4j chain so that only the minimum necessary PHI reaches a model vendor (45 CFR 164.502(b), 164.514(d)) and
 * the caller still gets an answer about the real patient.
 *
 * <pre>{@code
 * PhiGuard guard = PhiGuard.builder()
 *         .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
 *         .vault(vault)                                     // placeholders per conversation, originals encrypted
 *         .dateShifter(dateShifter)                         // PSEUDONYMIZED shifts dates per patient
 *         .build();
 * ChatModel model = guard.wrap(openAiModel, Destination.builder("openai").model("gpt-4o").baa().build());
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).chatMemory(memory).build();
 * String answer = guard.withScope(PhiScope.of(ctx, Purpose.TREATMENT, access), () -> assistant.chat(question));
 * }</pre>
 * (Runnable: {@code examples/.../GuardedChatExample.java}.)
 *
 * <h2>What a wrapped chat model does, on every call</h2>
 * <ol>
 *   <li>Takes the {@link PhiScope} bound to the calling thread by {@link #withScope}; without one it refuses
 *       (nothing is sent).</li>
 *   <li>Chooses the policy: the router's policy for the destination and the scope's purpose (or the single
 *       {@link Builder#policy}), capped by {@link PhiPolicy#forDestination}: a destination without a BAA never
 *       receives more than Safe Harbor (164.514(b)), whatever the policy says.</li>
 *   <li>Minimizes every message: system, user (every text part, including retrieved content a RAG injector put
 *       there, and the participant name unless the policy keeps names), AI messages in the history (text, thinking,
 *       tool-call arguments) and tool results. Content it cannot minimize (images, audio, video, PDF, custom
 *       messages) is refused, never passed through.</li>
 *   <li>Calls the wrapped model exactly once with the minimized request.</li>
 *   <li>Re-identifies the answer (text, thinking, tool-call arguments) for the caller from the
 *       {@link PseudonymVault}, under the scope's {@link dev.phisafe.core.vault.PhiAccess}; looks for PHI the answer
 *       holds outside any placeholder and handles it as {@link Builder#newPhiInAnswer} says; hands a
 *       {@link ChatReport} to {@link Builder#onReport}.</li>
 * </ol>
 * Fail closed: a detector, vault or policy failure before the call means the wrapped model is not called and a
 * {@link PhiProcessingException} (or {@link PhiBlockedException}) is thrown; after the call it means the answer is
 * withheld. No exception message holds PHI.
 *
 * <h2>Why the scope is bound to the thread</h2>
 * A {@code ChatModel} sees only a {@code ChatRequest}: no memory id, no invocation parameters. Every field of the
 * request that could carry the context is either sent to the vendor (custom parameters, message names) or dropped
 * by AiServices between the caller and the model. The calling thread is what the caller, AiServices and the model
 * call share: AiServices calls the chat model on the caller's thread, in the first call and in the tool loop. The
 * streaming decorator captures the scope when the call starts and binds it again around every callback it forwards,
 * so a tool-loop call that AiServices makes from the vendor's callback thread is in scope too. Work that AiServices
 * moves to an executor (several RAG queries or retrievers in parallel) is not in scope and fails closed; the
 * retriever and tool wrappers read the scope from {@code InvocationParameters} instead (a later part of issue 6).
 *
 * <h2>Chat memory</h2>
 * The caller's side of the guard — the answer AiServices stores in chat memory — holds the re-identified text, not
 * placeholders: placeholders are only valid while the vault keeps the conversation, and after an eviction the same
 * {@code <NAME_1>} can be handed out for another person, so a memory of placeholders could later be re-identified
 * wrongly. Memory is therefore PHI and must be encrypted at rest (the {@code ChatMemoryStore} wrapper of issue 6);
 * every later turn re-minimizes it on the way out.
 *
 * <h2>Not yet here (hook points)</h2>
 * Crypto comes through phi-core's SPIs ({@link PseudonymVault.Builder#aead}, {@link KeyedHash}); an audit sink and
 * a review gate (issue 5) and the store, retriever, memory and tool wrappers are added as further builder methods and
 * {@code wrap(...)} overloads. Until then {@link Builder#onReport} carries the per-call record.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} shows the configuration, never content.
 */
public final class PhiGuard {

    /** The {@code AiMessage} attribute under which a guarded answer carries its {@link ChatReport} (a string). */
    public static final String REPORT_ATTRIBUTE = "phisafe.report";

    /** What a guard does with PHI the model's answer holds outside any placeholder (memorized, invented, leaked). */
    public enum NewPhi {
        /** Report it in the {@link ChatReport} and let the answer through unchanged. */
        REPORT,
        /**
         * Replace each such span by its type's label ({@code [NAME]}) in the answer. For a streamed answer, whose
         * text is already shown, the stream ends with an error instead of a complete response.
         */
        REDACT,
        /** Withhold the whole answer: the caller gets a {@link PhiBlockedException} naming the type. */
        BLOCK
    }

    private final PhiPolicy policy;
    private final PolicyRouter router;
    private final PseudonymVault vault;
    private final PhiDetector detectors;
    private final KeyedHash keyedHash;
    private final DateShifter dateShifter;
    private final SurrogateGenerator surrogates;
    private final Zip3Generalizer zip3;
    private final NewPhi newPhi;
    private final Consumer<ChatReport> reports;
    private final ThreadLocal<PhiScope> scope = new ThreadLocal<>();

    private PhiGuard(Builder b) {
        this.policy = b.policy;
        this.router = b.router;
        this.vault = b.vault;
        this.detectors = b.detectors == null ? PhiDetectors.defaults() : b.detectors;
        this.keyedHash = b.keyedHash;
        this.dateShifter = b.dateShifter;
        this.surrogates = b.surrogates;
        this.zip3 = b.zip3;
        this.newPhi = b.newPhi == null ? NewPhi.REDACT : b.newPhi;
        this.reports = b.reports;
    }

    /** @return a new builder; a policy (or router) and a vault are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Wraps a chat model so that every call to it is minimized for {@code destination} and its answer re-identified
     * for the caller. {@code provider()}, {@code supportedCapabilities()} and {@code defaultRequestParameters()} are
     * the wrapped model's; {@code listeners()} is empty, so that the wrapped model's own listeners fire inside it and
     * see only the minimized request.
     *
     * @param model       the model that talks to the vendor
     * @param destination the vendor, model and BAA status behind {@code model}
     * @return the guarded model
     * @throws IllegalArgumentException if {@code model} is already guarded
     * @throws IllegalStateException    if the policy for this destination needs a part the guard lacks (e.g. a date
     *                                  shifter for SHIFT_DATE)
     */
    public ChatModel wrap(ChatModel model, Destination destination) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(destination, "destination");
        if (model instanceof PhiChatModel) {
            throw new IllegalArgumentException("this ChatModel is already guarded: wrapping twice would minimize "
                    + "placeholders and re-identify twice");
        }
        return new PhiChatModel(model, new ChatGuard(this, destination, filters(destination), false));
    }

    /**
     * Wraps a streaming chat model: as {@link #wrap(ChatModel, Destination)}, with the answer re-identified as the
     * tokens arrive (text is held back only while a placeholder may still be completing, at most
     * {@value dev.phisafe.core.transform.StreamingReidentifier#MAX_HOLDBACK} characters, or
     * {@value dev.phisafe.core.transform.StreamingReidentifier#MAX_HOLDBACK_WITH_DATES} when the policy shifts dates,
     * which are shifted back before they are shown) and a final {@code ChatResponse} whose text is exactly the text
     * streamed. Partial tool calls and unmapped raw events are not forwarded (they may hold
     * placeholders or unscanned vendor text); complete tool calls are, re-identified.
     *
     * @param model       the model that talks to the vendor
     * @param destination the vendor, model and BAA status behind {@code model}
     * @return the guarded model
     * @throws IllegalArgumentException if {@code model} is already guarded
     * @throws IllegalStateException    if the policy for this destination needs a part the guard lacks
     */
    public StreamingChatModel wrap(StreamingChatModel model, Destination destination) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(destination, "destination");
        if (model instanceof PhiStreamingChatModel) {
            throw new IllegalArgumentException("this StreamingChatModel is already guarded: wrapping twice would "
                    + "minimize placeholders and re-identify twice");
        }
        return new PhiStreamingChatModel(model, new ChatGuard(this, destination, filters(destination), true));
    }

    /**
     * Runs {@code body} with {@code scope} bound to the current thread: every guarded model call made inside it (also
     * through AiServices, memory and tools) is minimized and re-identified for that scope. Scopes nest; the previous
     * one is restored when {@code body} returns or throws.
     *
     * @param scope who, which patient, why, and the right to see originals
     * @param body  the work, e.g. {@code () -> assistant.chat(question)}
     * @param <T>   the result type
     * @return what {@code body} returned
     */
    public <T> T withScope(PhiScope scope, Supplier<T> body) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(body, "body");
        PhiScope previous = this.scope.get();
        this.scope.set(scope);
        try {
            return body.get();
        } finally {
            restore(previous);
        }
    }

    /**
     * As {@link #withScope(PhiScope, Supplier)}, for work without a result (e.g. starting a {@code TokenStream}).
     *
     * @param scope who, which patient, why, and the right to see originals
     * @param body  the work
     */
    public void withScope(PhiScope scope, Runnable body) {
        Objects.requireNonNull(body, "body");
        withScope(scope, () -> {
            body.run();
            return null;
        });
    }

    /** @return the scope bound to this thread, or null */
    PhiScope currentScope() {
        return scope.get();
    }

    /** Binds {@code s} (may be null) for the current thread and returns the one it replaced. */
    PhiScope bind(PhiScope s) {
        PhiScope previous = scope.get();
        restore(s);
        return previous;
    }

    private void restore(PhiScope previous) {
        if (previous == null) {
            scope.remove();
        } else {
            scope.set(previous);
        }
    }

    PseudonymVault vault() {
        return vault;
    }

    PhiDetector detectors() {
        return detectors;
    }

    NewPhi newPhi() {
        return newPhi;
    }

    /** Hands the report on; a failing consumer withholds the answer (the record is part of releasing it). */
    void report(ChatReport report) {
        if (reports == null) {
            return;
        }
        try {
            reports.accept(report);
        } catch (RuntimeException e) {
            throw new PhiProcessingException("the report consumer failed (" + e.getClass().getSimpleName()
                    + "); the answer is withheld");
        }
    }

    /** One filter per purpose, built now so that a policy that needs a missing part fails at wrap time. */
    private Map<Purpose, PhiFilter> filters(Destination destination) {
        Map<Purpose, PhiFilter> m = new EnumMap<>(Purpose.class);
        for (Purpose p : Purpose.values()) {
            PhiPolicy chosen = router != null ? router.policyFor(destination, p) : policy.forDestination(destination);
            PhiFilter.Builder fb = PhiFilter.builder().policy(chosen).destination(destination).detectors(detectors)
                    .vault(vault).zip3(zip3);
            if (keyedHash != null) {
                fb.keyedHash(keyedHash);
            }
            if (dateShifter != null) {
                fb.dateShifter(dateShifter);
            }
            if (surrogates != null) {
                fb.surrogates(surrogates);
            }
            m.put(p, fb.build());
        }
        return m;
    }

    /** The configuration: policy or router, detectors, vault, answer handling; never content. */
    @Override
    public String toString() {
        return "PhiGuard{" + (router != null ? router : "policy=" + policy.id() + " v" + policy.version())
                + ", detectors=" + detectors.name() + ", vault=" + vault + ", dateShifter="
                + (dateShifter == null ? "-" : dateShifter.keyId()) + ", keyedHash="
                + (keyedHash == null ? "-" : keyedHash.keyId()) + ", surrogates=" + (surrogates == null ? "-" : "on")
                + ", newPhiInAnswer=" + newPhi + ", reports=" + (reports == null ? "-" : "on") + "}";
    }

    /**
     * Builder of a {@link PhiGuard}. The parts are those of a {@link PhiFilter} (one is built per destination and
     * purpose from them); each setting may be given once, and conflicting settings fail naming both. Not thread-safe.
     */
    public static final class Builder {
        private PhiPolicy policy;
        private PolicyRouter router;
        private PseudonymVault vault;
        private PhiDetector detectors;
        private KeyedHash keyedHash;
        private DateShifter dateShifter;
        private SurrogateGenerator surrogates;
        private Zip3Generalizer zip3;
        private NewPhi newPhi;
        private Consumer<ChatReport> reports;

        private Builder() {
        }

        /**
         * One policy for every purpose (capped per destination). Conflicts with {@link #policies}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(PhiPolicy policy) {
            once(this.policy == null, "policy");
            if (router != null) {
                throw new IllegalStateException("policy(...) conflicts with policies(...): choose one");
            }
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * A policy per purpose and vendor; a purpose without a route blocks every type (deny by default). Conflicts
         * with {@link #policy}.
         *
         * @param router the router
         * @return this builder
         */
        public Builder policies(PolicyRouter router) {
            once(this.router == null, "policies");
            if (policy != null) {
                throw new IllegalStateException("policies(...) conflicts with policy(...): choose one");
            }
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        /**
         * @param vault where placeholders live per conversation, and where the answer's originals come from
         *              (required)
         * @return this builder
         */
        public Builder vault(PseudonymVault vault) {
            once(this.vault == null, "vault");
            this.vault = Objects.requireNonNull(vault, "vault");
            return this;
        }

        /**
         * @param detectors the detector suite for prompts and answers (default {@link PhiDetectors#defaults()})
         * @return this builder
         */
        public Builder detectors(PhiDetector detectors) {
            once(this.detectors == null, "detectors");
            this.detectors = Objects.requireNonNull(detectors, "detectors");
            return this;
        }

        /**
         * @param keyedHash the key of {@link PhiAction#PSEUDONYMIZE} tokens (required if a policy uses it)
         * @return this builder
         */
        public Builder keyedHash(KeyedHash keyedHash) {
            once(this.keyedHash == null, "keyedHash");
            this.keyedHash = Objects.requireNonNull(keyedHash, "keyedHash");
            return this;
        }

        /**
         * @param dateShifter the per-patient date shift (required if a policy uses {@link PhiAction#SHIFT_DATE})
         * @return this builder
         */
        public Builder dateShifter(DateShifter dateShifter) {
            once(this.dateShifter == null, "dateShifter");
            this.dateShifter = Objects.requireNonNull(dateShifter, "dateShifter");
            return this;
        }

        /**
         * @param surrogates the generator of {@link PhiAction#SURROGATE} values (required if a policy uses it)
         * @return this builder
         */
        public Builder surrogates(SurrogateGenerator surrogates) {
            once(this.surrogates == null, "surrogates");
            this.surrogates = Objects.requireNonNull(surrogates, "surrogates");
            return this;
        }

        /**
         * @param zip3 the ZIP3 population list (default {@link Zip3Generalizer#census2020()})
         * @return this builder
         */
        public Builder zip3(Zip3Generalizer zip3) {
            once(this.zip3 == null, "zip3");
            this.zip3 = Objects.requireNonNull(zip3, "zip3");
            return this;
        }

        /**
         * @param handling what to do with PHI the answer holds outside any placeholder (default
         *                 {@link NewPhi#REDACT}: the caller has no established right to identifiers the vendor
         *                 brought in)
         * @return this builder
         */
        public Builder newPhiInAnswer(NewPhi handling) {
            once(this.newPhi == null, "newPhiInAnswer");
            this.newPhi = Objects.requireNonNull(handling, "handling");
            return this;
        }

        /**
         * Receives the {@link ChatReport} of every guarded call before its answer is released, on the thread that
         * releases it. A consumer that throws withholds the answer ({@link PhiProcessingException}): unlike a
         * LangChain4j listener, a failing record is not ignored.
         *
         * @param consumer the consumer
         * @return this builder
         */
        public Builder onReport(Consumer<ChatReport> consumer) {
            once(this.reports == null, "onReport");
            this.reports = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        /**
         * @return the guard
         * @throws IllegalStateException if neither policy nor policies, or no vault, is set; or if a policy needs a
         *                               part that is not set, for a destination with or without a BAA (the message
         *                               names both)
         */
        public PhiGuard build() {
            if (policy == null && router == null) {
                throw new IllegalStateException("a PhiGuard needs policy(...) or policies(...)");
            }
            if (vault == null) {
                throw new IllegalStateException("a PhiGuard needs vault(...): answers are re-identified from it");
            }
            if (zip3 == null) {
                zip3 = Zip3Generalizer.census2020();
            }
            PhiGuard g = new PhiGuard(this);
            // fail at build, not at the first call: every route, with and without a BAA
            for (Destination probe : new Destination[] {Destination.builder("phi-guard-check").baa().build(),
                    Destination.builder("phi-guard-check").build()}) {
                g.filters(probe);
            }
            return g;
        }

        private static void once(boolean unset, String setting) {
            if (!unset) {
                throw new IllegalStateException(setting + "(...) was already set");
            }
        }
    }
}
