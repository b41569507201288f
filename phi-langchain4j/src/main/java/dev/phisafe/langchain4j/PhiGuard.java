package dev.phisafe.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.Mac;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditSink;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.review.ReviewGate;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.transform.SurrogateGenerator;
import dev.phisafe.core.transform.Zip3Generalizer;
import dev.phisafe.core.vault.PseudonymVault;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
 * <h2>AiServices</h2>
 * {@link #aiService(Class, Object)} makes {@link MinimumNecessary} (purpose and policy per method) and
 * {@link RequiresReview} (the answer becomes a draft for the {@link Builder#reviewGate}) take effect; users who prefer
 * guardrails register the composite pair {@link #inputGuardrail} / {@link #outputGuardrail}, safe against
 * langchain4j#6425. Crypto comes through phi-core's SPIs ({@link PseudonymVault.Builder#aead}, {@link KeyedHash}).
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} shows the configuration, never content.
 */
public final class PhiGuard {

    /**
     * The invocation-parameter key under which an AiService method may pass its {@link PhiScope}
     * ({@code InvocationParameters.from(PhiGuard.SCOPE_PARAMETER, scope)}): the retriever and augmentor wrappers use
     * it when the thread has no scope (AiServices retrieves on an executor when there are several queries).
     */
    public static final String SCOPE_PARAMETER = "phisafe.scope";

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
    private final Auditor auditor;
    private final ReviewGate reviewGate;
    private final String reviewServiceAccount;
    private final ThreadLocal<Bound> scope = new ThreadLocal<>();
    /** One filter per destination and purpose, shared by every decorator of this guard (so results can be reused). */
    private final java.util.concurrent.ConcurrentMap<Destination, Map<Purpose, PhiFilter>> filtersByDestination =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The filters of {@link MinimumNecessary} methods, per destination, purpose and method policy. */
    private final java.util.concurrent.ConcurrentMap<java.util.List<Object>, PhiFilter> methodFilters =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A scope bound to a thread, with the invocation id every audit event of that call carries, the policy an
     * {@link MinimumNecessary} method adds (or null), and what the call did so far ({@link Invocation}).
     */
    record Bound(PhiScope scope, String invocationId, PhiPolicy methodPolicy, Invocation invocation) {
        Bound(PhiScope scope, String invocationId) {
            this(scope, invocationId, null, new Invocation());
        }
    }

    /**
     * What one bound call did: the destination of its last guarded model call (a review draft names it), and what its
     * steps may reuse within the call ({@link InvocationMemo}). {@link #close()} ends it: the memo is dropped and its
     * vault lease released. Thread-safe.
     */
    static final class Invocation implements AutoCloseable {
        private volatile Destination destination;
        private final InvocationMemo memo = new InvocationMemo();

        void calledModel(Destination d) {
            destination = d;
        }

        Destination destination() {
            return destination;
        }

        InvocationMemo memo() {
            return memo;
        }

        /** Records that {@code envelope} verified for {@code text} and {@code tenant} under {@code mac}. */
        void verified(dev.phisafe.core.spi.Mac mac, String tenant, String text, Map<String, String> envelope) {
            memo.verified(mac, tenant, text, envelope);
        }

        @Override
        public void close() {
            memo.close();
        }
    }

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
        this.auditor = new Auditor(b.auditSink, b.auditKey);
        this.reviewGate = b.reviewGate;
        this.reviewServiceAccount = b.reviewServiceAccount;
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
     * Wraps an embedding store so that it holds PHI only encrypted and returns only authentic segments of the
     * patient in scope (45 CFR 164.312(a)(2)(iv) encryption at rest, 164.312(c) integrity, 164.502(b) minimum
     * necessary). Works over any LangChain4j store that keeps string metadata and supports equality filters
     * ({@code InMemoryEmbeddingStore}, Chroma, pgvector, ...).
     *
     * <ul>
     *   <li><b>add</b> (inside {@link #withScope}): each segment's text and full metadata are AEAD-encrypted with
     *       associated data binding tenant, store, segment id and field; the vector is stored DCPE-encrypted (the
     *       store's similarity search still works, approximately) with an AEAD exact copy; filterable metadata keys
     *       and the patient id ({@link StoreOptions#patientKey()}, else the scope's patient) are stored as
     *       deterministic tokens; an {@link dev.phisafe.core.integrity.IntegrityEnvelope} is sealed (or, if the
     *       segment carries one sealed at ingestion, verified first — a failing one is refused). Embeddings without
     *       a segment are refused.</li>
     *   <li><b>search</b>: requires a scope with a patient; the query text ({@code EmbeddingSearchRequest.query()})
     *       never reaches the store; equality filters are rewritten to tokens and a filter on the scope's tenant and
     *       patient is added to every search; range and contains filters are refused with an
     *       {@link UnsupportedOperationException} naming the key, never the value. {@code k × overFetch} candidates
     *       are fetched per vector key, decrypted, verified (AEAD, envelope, patient) and re-ranked by exact cosine.
     *       A candidate that fails is dropped and an {@code INTEGRITY_FAILURE} (or {@code ACCESS_DENIED}) event is
     *       recorded; then a {@code RETRIEVE} event. If the audit sink fails, nothing is returned.</li>
     *   <li>Returned segments carry the plaintext metadata, the patient id and the envelope's {@code phi.*} keys, so
     *       a later step ({@link #wrap(ContentRetriever, Destination, Mac)}) can verify them again.</li>
     * </ul>
     * What leaks to the store: segment count and sizes, approximate vector geometry (see {@code VectorCipher}),
     * equality and frequency of filterable values, and tenant ids. Key rotation: {@link #reencrypt}.
     *
     * @param store   the store that will hold ciphertext
     * @param options the store's name, keys and filterable keys
     * @return the guarded store
     * @throws IllegalArgumentException if {@code store} is already guarded
     */
    public EmbeddingStore<TextSegment> wrap(EmbeddingStore<TextSegment> store, StoreOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        if (store instanceof PhiEmbeddingStore) {
            throw new IllegalArgumentException("this EmbeddingStore is already guarded: wrapping twice would encrypt "
                    + "ciphertext");
        }
        return new PhiEmbeddingStore(store, this, options);
    }

    /**
     * Re-encrypts, inside {@link #withScope}, every row of the scope's tenant in a guarded store whose keys are not
     * the current primaries (after a rotation of its AEAD, token, vector or MAC key): each row is decrypted with the
     * old keys (still enabled), its vector restored losslessly from the exact copy, and written again under the same
     * id with the new keys; the envelope keeps its facts and is re-sealed. Idempotent and resumable: run it until it
     * returns 0, then disable the old keys. Filters on tokens only match rows already re-encrypted, so run it right
     * after promoting a new token key. Records a {@code KEY_OPERATION} audit event.
     *
     * @param guardedStore a store returned by {@link #wrap(EmbeddingStore, StoreOptions)} of this guard
     * @return the number of rows re-encrypted
     * @throws IllegalArgumentException if the store is not guarded by this guard
     * @throws PhiProcessingException   if some rows failed decryption or integrity (they are left as they are and
     *                                  audited; the message gives counts only)
     */
    public int reencrypt(EmbeddingStore<TextSegment> guardedStore) {
        Objects.requireNonNull(guardedStore, "guardedStore");
        if (!(guardedStore instanceof PhiEmbeddingStore) || ((PhiEmbeddingStore) guardedStore).guard() != this) {
            throw new IllegalArgumentException("reencrypt needs a store returned by this guard's wrap(store, options)");
        }
        return ((PhiEmbeddingStore) guardedStore).reencrypt();
    }

    /**
     * Wraps a chat memory store so that it holds each memory only as one AEAD ciphertext of the whole message list
     * (associated data: tenant, a keyed pseudonym of the memory id, field), under that pseudonym, so the store sees
     * neither the messages nor the memory id, which callers often make from a patient or user id (45 CFR
     * 164.312(a)(2)(iv)). The messages themselves are those the caller's side holds: answers re-identified (placeholders
     * are only valid while the vault keeps the conversation, so a memory of placeholders could later be re-identified
     * wrongly) — every later turn is minimized again by the chat decorator on its way out. Reading, writing and
     * deleting need a bound scope (its tenant is bound into the ciphertext); a memory that does not decrypt fails
     * closed with a {@link PhiProcessingException}. {@code deleteMessages} removes the ciphertext (erasure).
     *
     * @param store    the store that will hold ciphertext (e.g. a database-backed {@code ChatMemoryStore})
     * @param aead     the memory encryption key
     * @param memoryIds the key of the memory-id pseudonyms (a purpose of its own)
     * @return the guarded store
     */
    public ChatMemoryStore wrap(ChatMemoryStore store, Aead aead, KeyedHash memoryIds) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(aead, "aead");
        Objects.requireNonNull(memoryIds, "memoryIds");
        if (store instanceof PhiChatMemoryStore) {
            throw new IllegalArgumentException("this ChatMemoryStore is already guarded");
        }
        return new PhiChatMemoryStore(store, this, aead, memoryIds);
    }

    /**
     * Wraps a tool: the arguments the model wrote (with placeholders) are re-identified for the real tool from the
     * conversation's vault entries (string values of the JSON arguments, so originals stay valid JSON; a
     * {@code REIDENTIFY} event is recorded first), and the tool's result is minimized for {@code destination} before
     * AiServices puts it into memory and sends it to the model. Use it for each {@code @Tool} method:
     * {@code AiServiceTool.builder().toolSpecification(ToolSpecifications.toolSpecificationFrom(m))
     * .toolExecutor(guard.wrap(new DefaultToolExecutor(tools, m), destination)).build()}. Needs a bound scope.
     *
     * @param tool        the real tool
     * @param destination the model the result is meant for (its policy minimizes the result)
     * @return the guarded tool
     */
    public ToolExecutor wrap(ToolExecutor tool, Destination destination) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(destination, "destination");
        if (tool instanceof PhiToolExecutor) {
            throw new IllegalArgumentException("this ToolExecutor is already guarded");
        }
        return new PhiToolExecutor(tool, new ChatGuard(this, destination, filters(destination), false));
    }

    /**
     * Wraps a content retriever: the query is minimized for {@code queryDestination} (where the query text goes:
     * the embedding model, a search service) before the wrapped retriever sees it (a {@code QUERY} event is
     * recorded); every content it returns must carry an integrity envelope that verifies under {@code integrity} for
     * the scope's tenant and a {@value StoreOptions#DEFAULT_PATIENT_KEY} equal to the scope's patient, else it is
     * dropped and an {@code INTEGRITY_FAILURE} / {@code ACCESS_DENIED} event recorded; then a {@code RETRIEVE} event.
     * The scope is the thread's, or the {@link PhiScope} an AiService call passed as the invocation parameter
     * {@link #SCOPE_PARAMETER} (which also works when AiServices retrieves on its executor).
     *
     * @param retriever        the retriever (e.g. an {@code EmbeddingStoreContentRetriever} over a guarded store)
     * @param queryDestination where the query text goes
     * @param integrity        the segment MAC (the one in {@link StoreOptions.Builder#integrity})
     * @return the guarded retriever
     */
    public ContentRetriever wrap(ContentRetriever retriever, Destination queryDestination, Mac integrity) {
        Objects.requireNonNull(retriever, "retriever");
        Objects.requireNonNull(queryDestination, "queryDestination");
        Objects.requireNonNull(integrity, "integrity");
        return new PhiContentRetriever(retriever, new ChatGuard(this, queryDestination, filters(queryDestination),
                false), new SegmentCheck(this, integrity, StoreOptions.DEFAULT_PATIENT_KEY,
                        Auditor.COMPONENT_RETRIEVER));
    }

    /**
     * Wraps a retrieval augmentor: its result is released only if every retrieved content verifies and belongs to
     * the patient in scope (the augmented message already holds their text, so one failure withholds it all:
     * a tampered segment never reaches a prompt). Binds the {@link #SCOPE_PARAMETER} scope, if the thread has none,
     * around the whole augmentation, so wrapped retrievers and {@link #contentInjector} inside it see it.
     *
     * @param augmentor the augmentor
     * @param integrity the segment MAC
     * @return the guarded augmentor
     */
    public RetrievalAugmentor wrap(RetrievalAugmentor augmentor, Mac integrity) {
        Objects.requireNonNull(augmentor, "augmentor");
        Objects.requireNonNull(integrity, "integrity");
        return new PhiRetrievalAugmentor(augmentor, this, new SegmentCheck(this, integrity,
                StoreOptions.DEFAULT_PATIENT_KEY, Auditor.COMPONENT_RETRIEVER));
    }

    /**
     * A content injector for {@code DefaultRetrievalAugmentor.builder().contentInjector(...)}: drops contents that
     * fail the integrity or patient check (audited) and states the minimization in the prompt, so the model keeps
     * placeholders as written and does not ask for identifiers.
     *
     * <p>Within one invocation the guarded chat model then minimizes the message it assembled part by part, as it
     * minimizes separate messages: the user's query (reusing, for exactly the same text, filter and context, the
     * result the guarded retriever got for it, so the query is detected once per turn), the injector's own
     * instructions (constant text, no PHI: passed as written), and the retrieved contents. Detection context therefore
     * does not reach from the query into the contents or back (a name found with strong evidence in one is not
     * propagated to a bare surname in the other); a message changed after assembly is minimized whole. Pass the same
     * {@code Mac} instance to the store, the retriever and this injector so that each segment's envelope is verified
     * once per invocation.
     *
     * @param integrity the segment MAC
     * @return the injector
     */
    public ContentInjector contentInjector(Mac integrity) {
        Objects.requireNonNull(integrity, "integrity");
        return new PhiContentInjector(this, new SegmentCheck(this, integrity, StoreOptions.DEFAULT_PATIENT_KEY,
                Auditor.COMPONENT_RETRIEVER));
    }

    /**
     * Wraps an AiService so that its {@link MinimumNecessary} and {@link RequiresReview} annotations take effect: a
     * JDK proxy of {@code type} that, per call, binds the method's purpose and policy (on top of the scope the caller
     * bound with {@link #withScope}, which is required), gives the call its own invocation id (every audit event of
     * the call carries it), and for a {@code @RequiresReview} method submits the answer to the review gate and
     * returns the draft id. Methods without annotations are passed through in the caller's scope.
     *
     * <p>Why a proxy: a wrapped {@code ChatModel} sees only a {@code ChatRequest}, and LangChain4j's
     * {@code InvocationContext} (which names the method) reaches guardrails, tools and retrievers but not the model;
     * a proxy around the interface is the one place that sees the method before any model call, on the caller's
     * thread, and can keep the answer from the caller. The annotations are checked here, so a bad policy id or a
     * {@code @RequiresReview} method that does not return {@code String} fails now, not at the first call.
     *
     * <pre>{@code
     * Scribe scribe = guard.aiService(Scribe.class, AiServices.builder(Scribe.class)
     *         .chatModel(guard.wrap(openAi, destination)).build());
     * String draftId = guard.withScope(scope, () -> scribe.dischargeNote(encounterText));
     * }</pre>
     *
     * @param type    the AiService interface
     * @param service the AiService built by {@code AiServices} (its model wrapped by this guard)
     * @param <T>     the interface type
     * @return the proxy
     * @throws IllegalArgumentException if {@code type} is not an interface, {@code service} does not implement it, an
     *                                  annotation names an unknown policy, or a {@code @RequiresReview} method does
     *                                  not return {@code String}
     * @throws IllegalStateException    if a method is {@code @RequiresReview} and no {@link Builder#reviewGate} is set
     */
    public <T> T aiService(Class<T> type, T service) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("aiService needs the AiService interface, got " + type.getName());
        }
        if (!type.isInstance(service) || java.lang.reflect.Proxy.isProxyClass(service.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(service) instanceof PhiAiService) {
            throw new IllegalArgumentException("service must implement " + type.getName() + " and not be guarded "
                    + "already");
        }
        PhiAiService handler = new PhiAiService(type, service, this);
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    /**
     * The input half of the composite guardrail pair, for users who prefer guardrails to wrapping the model. Register
     * it as the <b>only</b> input guardrail ({@code AiServices.builder(..).inputGuardrails(guard.inputGuardrail(d,
     * yours...))}) and pass your own guardrails to it: they run first, in order, on the minimized message (so they
     * never see PHI); then this guardrail returns the minimized text as its rewrite, last. Why: LangChain4j 1.19 keeps
     * only the last guardrail's result, so a rewrite followed by another guardrail's plain {@code success()} is lost
     * and the original message is sent (langchain4j#6425); composed here, nothing can follow the rewrite.
     *
     * <p>What the pair covers: the user message as the guardrail sees it (after RAG: with the retrieved content) and
     * reprompts made by the output half's inner guardrails. It does not see system messages, chat history, tool
     * results, query-transformer calls or reprompts of guardrails registered outside it: for those, wrap the model
     * ({@link #wrap(ChatModel, Destination)}), the one choke point; use the pair <em>instead of</em> it only where those
     * carry no PHI. A failing or fatal inner result is returned as is; an inner rewrite is minimized again. A user
     * message with several text parts, or with non-text parts, is refused (fatal). Needs a bound scope.
     *
     * @param destination where the message goes
     * @param inner       your input guardrails, run before the rewrite
     * @return the composite guardrail
     */
    public dev.langchain4j.guardrail.InputGuardrail inputGuardrail(Destination destination,
            dev.langchain4j.guardrail.InputGuardrail... inner) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(inner, "inner");
        return new PhiInputGuardrail(new ChatGuard(this, destination, filters(destination), false),
                java.util.List.of(inner));
    }

    /**
     * The output half of the composite guardrail pair (see {@link #inputGuardrail}): register it as the only output
     * guardrail and pass yours to it. Your guardrails run first on the answer as the model wrote it (placeholders);
     * a reprompt they ask for is minimized before it goes back to the model; then this guardrail re-identifies the
     * answer for the caller as its rewrite, last (new PHI in the answer handled as {@link Builder#newPhiInAnswer}
     * says). Chat memory keeps the model's answer (placeholders), as LangChain4j stores it before output guardrails.
     *
     * @param destination where the conversation goes (its policy minimizes reprompts)
     * @param inner       your output guardrails, run before the re-identification
     * @return the composite guardrail
     */
    public dev.langchain4j.guardrail.OutputGuardrail outputGuardrail(Destination destination,
            dev.langchain4j.guardrail.OutputGuardrail... inner) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(inner, "inner");
        return new PhiOutputGuardrail(new ChatGuard(this, destination, filters(destination), false),
                java.util.List.of(inner));
    }

    /**
     * Runs {@code body} in the thread's scope, or else in the {@link PhiScope} found under {@link #SCOPE_PARAMETER}
     * in the RAG metadata's invocation parameters (with the AiService invocation id), or else unbound.
     */
    <T> T inScopeOf(dev.langchain4j.rag.query.Metadata metadata, Supplier<T> body) {
        if (scope.get() != null || metadata == null || metadata.invocationParameters() == null) {
            return body.get();
        }
        Object s = metadata.invocationParameters().get(SCOPE_PARAMETER);
        if (!(s instanceof PhiScope)) {
            return body.get();
        }
        String id = metadata.invocationContext() != null && metadata.invocationContext().invocationId() != null
                ? metadata.invocationContext().invocationId().toString() : UUID.randomUUID().toString();
        Bound bound = new Bound((PhiScope) s, id);
        Bound previous = bind(bound);
        try {
            return body.get();
        } finally {
            restore(previous);
            bound.invocation().close();
        }
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
        Bound previous = this.scope.get();
        Bound bound = new Bound(scope, UUID.randomUUID().toString());
        this.scope.set(bound);
        try {
            return body.get();
        } finally {
            restore(previous);
            bound.invocation().close();
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
        Bound b = scope.get();
        return b == null ? null : b.scope();
    }

    /** @return the scope and invocation id bound to this thread, or null */
    Bound currentBound() {
        return scope.get();
    }

    /**
     * @param what the operation, for the message
     * @return the bound scope
     * @throws IllegalStateException if none is bound (nothing happened)
     */
    Bound requireBound(String what) {
        Bound b = scope.get();
        if (b == null) {
            throw new IllegalStateException("no PhiScope is bound to this thread: " + what + " needs "
                    + "guard.withScope(scope, ...); nothing happened");
        }
        return b;
    }

    /** Binds {@code b} (may be null) for the current thread and returns the one it replaced. */
    Bound bind(Bound b) {
        Bound previous = scope.get();
        restore(b);
        return previous;
    }

    private void restore(Bound previous) {
        if (previous == null) {
            scope.remove();
        } else {
            scope.set(previous);
        }
    }

    Auditor auditor() {
        return auditor;
    }

    PseudonymVault vault() {
        return vault;
    }

    boolean hasReviewGate() {
        return reviewGate != null;
    }

    ReviewGate reviewGate() {
        return reviewGate;
    }

    String reviewServiceAccount() {
        return reviewServiceAccount;
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

    /**
     * One filter per purpose, built now so that a policy that needs a missing part fails at wrap time; built once per
     * destination and shared by every decorator of this guard, so that a result one step filtered can be reused by
     * the next ({@link InvocationMemo}).
     */
    private Map<Purpose, PhiFilter> filters(Destination destination) {
        return filtersByDestination.computeIfAbsent(destination, d -> {
            Map<Purpose, PhiFilter> m = new EnumMap<>(Purpose.class);
            for (Purpose p : Purpose.values()) {
                m.put(p, filter(d, p, null));
            }
            return java.util.Collections.unmodifiableMap(m);
        });
    }

    /** The filter of a {@link MinimumNecessary} method's policy for a destination and purpose, built once. */
    PhiFilter methodFilter(Destination destination, Purpose p, PhiPolicy extra) {
        return methodFilters.computeIfAbsent(java.util.List.of(destination, p, extra),
                k -> filter(destination, p, extra));
    }

    /**
     * The filter for a destination and purpose; with {@code extra} (a {@link MinimumNecessary} method's policy) the
     * route's policy combined with it by {@link PhiPolicy#and} (per type the stricter action: never weaker than the
     * route), then capped for the destination.
     */
    PhiFilter filter(Destination destination, Purpose p, PhiPolicy extra) {
        PhiPolicy chosen = router != null ? router.policyFor(destination, p) : policy.forDestination(destination);
        if (extra != null) {
            // combined, then capped again: and() of two capped policies is capped, the cap is idempotent on actions
            chosen = chosen.and(extra.forDestination(destination));
        }
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
        return fb.build();
    }

    /** The configuration: policy or router, detectors, vault, answer handling; never content. */
    @Override
    public String toString() {
        return "PhiGuard{" + (router != null ? router : "policy=" + policy.id() + " v" + policy.version())
                + ", detectors=" + detectors.name() + ", vault=" + vault + ", dateShifter="
                + (dateShifter == null ? "-" : dateShifter.keyId()) + ", keyedHash="
                + (keyedHash == null ? "-" : keyedHash.keyId()) + ", surrogates=" + (surrogates == null ? "-" : "on")
                + ", newPhiInAnswer=" + newPhi + ", reports=" + (reports == null ? "-" : "on") + ", audit=" + auditor
                + ", review=" + (reviewGate == null ? "-" : "on/" + reviewServiceAccount) + "}";
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
        private AuditSink auditSink;
        private KeyedHash auditKey;
        private ReviewGate reviewGate;
        private String reviewServiceAccount;

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
         * Where every guarded step records its {@link dev.phisafe.core.audit.AuditEvent} (45 CFR 164.312(b)):
         * {@code DISCLOSE_TO_VENDOR} before a prompt leaves, {@code REIDENTIFY} before an answer is released,
         * {@code POLICY_BLOCK}, {@code RETRIEVE}, {@code INTEGRITY_FAILURE}, {@code ACCESS_DENIED},
         * {@code KEY_OPERATION}; all carry the invocation id of the enclosing {@link PhiGuard#withScope} call, the
         * principal, purpose and conversation, and never content. Fail closed: if the sink throws, the step does not
         * happen (nothing is sent, stored, returned or revealed) and an
         * {@link dev.phisafe.core.audit.AuditUnavailableException} is thrown.
         *
         * @param sink the sink, e.g. an {@code AuditJournal}
         * @return this builder
         */
        public Builder auditSink(AuditSink sink) {
            once(this.auditSink == null, "auditSink");
            this.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * @param key the audit pseudonymisation key: events then carry keyed digests of the patient id and of the
         *            segment ids returned (a key of its own purpose; never the pseudonym or date key)
         * @return this builder
         */
        public Builder auditKey(KeyedHash key) {
            once(this.auditKey == null, "auditKey");
            this.auditKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * The human review gate of {@link RequiresReview} methods (issue 5): their answers become drafts submitted to
         * it, requested by the scope's principal on behalf of {@code serviceAccount}, which the gate then keeps from
         * reviewing (separation of duties, SOC 2 CC6.1).
         *
         * @param gate           the gate
         * @param serviceAccount the AI component's service account id, e.g. {@code svc-scribe}
         * @return this builder
         */
        public Builder reviewGate(ReviewGate gate, String serviceAccount) {
            once(this.reviewGate == null, "reviewGate");
            this.reviewGate = Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(serviceAccount, "serviceAccount");
            if (serviceAccount.isBlank()) {
                throw new IllegalArgumentException("serviceAccount must not be blank");
            }
            this.reviewServiceAccount = serviceAccount;
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
            if (auditKey != null && auditSink == null) {
                throw new IllegalStateException("auditKey(...) needs auditSink(...): the key only serves audit events");
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
