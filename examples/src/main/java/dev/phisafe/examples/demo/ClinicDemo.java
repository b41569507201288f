package dev.phisafe.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.JournalVerification;
import dev.phisafe.core.evidence.EvidenceConfig;
import dev.phisafe.core.evidence.EvidenceReport;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.review.CommitResult;
import dev.phisafe.core.review.Draft;
import dev.phisafe.core.review.DraftRequest;
import dev.phisafe.core.review.InMemoryReviewStore;
import dev.phisafe.core.review.ReviewGate;
import dev.phisafe.core.review.ReviewRefusedException;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.langchain4j.ChatReport;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import dev.phisafe.langchain4j.StoreOptions;
import dev.phisafe.tink.DcpeVectorCipher;
import dev.phisafe.tink.KeyInfo;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code ./phi demo}: a synthetic clinic through a PHI-safe RAG pipeline, offline, in one run. It composes the
 * examples: notes are ingested into an encrypted in-memory store ({@code EncryptedStoreExample}) with in-process
 * MiniLM embeddings, clinician questions go through a guarded retriever and chat model ({@code GuardedRagExample})
 * to a BAA destination (pseudonymized) and a destination without a BAA (capped to Safe Harbor), a generated
 * discharge summary passes the review gate ({@code ReviewGateExample}), every step is recorded in a hash-chained
 * journal ({@code AuditJournalExample}) that is verified at the end, and the evidence package is written
 * ({@code EvidenceReportExample}).
 *
 * <p>The vendor: an OpenAI-compatible server when {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} are set
 * ({@link VendorConfig}), else the {@link OfflineStandInChatModel}, which is not a model and says so.
 *
 * <p>Usage: {@code phi demo [--out DIR] [--offline]}; exit 0 when the journal verifies, 1 when it does not, 2 on bad
 * usage or configuration.
 */
public final class ClinicDemo {
    static final String TENANT = "demo-clinic";
    static final String CLINICIAN = "dr-lin";
    static final String REVIEWER = "dr-osei";
    static final String SERVICE_ACCOUNT = "svc-scribe";
    static final String BAA_VENDOR = "clinic-llm";
    static final String NO_BAA_VENDOR = "public-llm";
    static final int WIDTH = 100;

    private static final String USAGE = "usage: phi demo [--out DIR] [--offline]\n"
            + "  --out DIR   where the audit journal and the evidence package go (default target/phi-demo-<time>)\n"
            + "  --offline   use the offline stand-in even if OPENAI_BASE_URL and OPENAI_API_KEY are set\n"
            + "Vendor: OPENAI_BASE_URL + OPENAI_API_KEY (+ OPENAI_MODEL), from the environment or as -D system "
            + "properties (with ./phi: PHI_JAVA_OPTS=\"-DOPENAI_BASE_URL=... -DOPENAI_API_KEY=...\").";

    /** The clinician questions: patient, question ({@code %s} = the patient's name), BAA destination or not. */
    private record Ask(String patient, String question, boolean baa) {
    }

    private static final List<Ask> ASKS = List.of(
            new Ask("p-10", "What warfarin dose is %s taking, and what was the INR?", true),
            new Ask("p-01", "When was %s seen for diabetes, and what was the HbA1c?", true),
            new Ask("p-02", "What allergies does %s have, and what phone number should we call?", true),
            new Ask("p-06", "Write a plain-language reminder for %s about the next follow-up visit.", false));
    private static final Ask DRAFT = new Ask("p-04", "Draft a discharge summary for %s.", true);

    /** The AiService the demo asks through. */
    interface Assistant {
        @SystemMessage("You are a clinical assistant. Answer briefly, only from the notes provided.")
        String chat(String question);
    }

    /**
     * Options of one run.
     *
     * @param out     where journal and evidence go
     * @param offline force the offline stand-in
     */
    public record Options(Path out, boolean offline) {
        /**
         * @param args {@code [--out DIR] [--offline]}
         * @return the options
         * @throws IllegalArgumentException on an unknown or incomplete argument
         */
        public static Options parse(String... args) {
            Path out = null;
            boolean offline = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--offline" -> offline = true;
                    case "--out" -> {
                        if (i + 1 >= args.length || args[i + 1].isBlank()) {
                            throw new IllegalArgumentException("--out needs a directory");
                        }
                        out = Path.of(args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (out == null) {
                out = Path.of("target", "phi-demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                        .format(LocalDateTime.now()));
            }
            return new Options(out, offline);
        }
    }

    private ClinicDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args {@code [--out DIR] [--offline] [--help]}
     */
    public static void main(String[] args) {
        quietLogs();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        Optional<VendorConfig> vendor;
        try {
            options = Options.parse(args);
            vendor = options.offline() ? Optional.empty() : VendorConfig.fromSystem();
        } catch (IllegalArgumentException e) {
            System.err.println("phi demo: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            DemoResult r = run(options, vendor, System.out);
            System.exit(r.journal().intact() ? 0 : 1);
        } catch (Exception e) {
            // our own fake data only, but keep the habit: type, not message, for anything unexpected
            System.err.println("phi demo: failed (" + e.getClass().getName() + ")");
            System.exit(2);
        }
    }

    /** Library INFO lines (key creation, native library lookup) would bury the narration; warnings still show. */
    private static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error"); // "no GPU" on every CPU-only machine
        }
    }

    /**
     * Runs the demo and prints it to {@code out}.
     *
     * @param options where to write, and whether to force the stand-in
     * @param vendor  the OpenAI-compatible server, or empty for the offline stand-in
     * @param out     where the narration goes
     * @return what happened
     * @throws Exception if a step fails (the journal, keys or store)
     */
    public static DemoResult run(Options options, Optional<VendorConfig> vendor, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        Path outDir = options.out().toAbsolutePath();
        Files.createDirectories(outDir);
        Path keyDir = Files.createTempDirectory("phi-demo-keys");
        try {
            return run(outDir, keyDir, vendor, out, t0);
        } finally {
            deleteTree(keyDir);
        }
    }

    private static DemoResult run(Path outDir, Path keyDir, Optional<VendorConfig> vendor, PrintStream out, long t0)
            throws Exception {
        Clinic clinic = Clinic.load();
        String modelName = vendor.map(VendorConfig::model).orElse(OfflineStandInChatModel.MODEL);
        rule(out, "phi-safe demo: a synthetic clinic through a PHI-safe RAG pipeline");
        wrap(out, "", clinic.notice());
        wrap(out, "", "Vendor: " + vendor.map(v -> "OpenAI-compatible server at " + v.baseUrl() + ", model "
                + v.model()).orElse("OFFLINE STAND-IN (no model configured; it answers by extracting sentences from "
                + "the minimized prompt it received; set OPENAI_BASE_URL and OPENAI_API_KEY to call a real model)"));
        wrap(out, "", "Both destinations below reach that same model; what differs is the contract. " + BAA_VENDOR
                + " has a BAA: policy 'pseudonymized' (placeholders, dates shifted per patient). " + NO_BAA_VENDOR
                + " has none: the guard caps any policy to Safe Harbor (placeholders, dates to the year).");

        // ---- keys: a Tink keyring under a local KEK (production: a cloud KMS); deleted when the demo ends ----
        TinkKeyring keys = TinkKeyring.builder().directory(keyDir.resolve("keys"))
                .kek(new LocalKekClient(), LocalKekClient.generate(keyDir.resolve("kek.json"))).build();
        KeysetId storeAead = KeysetId.of(TENANT, KeyPurpose.AEAD);
        KeysetId storeTokens = KeysetId.of(TENANT, KeyPurpose.DETERMINISTIC_AEAD);
        KeysetId storeMac = KeysetId.of(TENANT, KeyPurpose.MAC);
        KeysetId dates = KeysetId.of(TENANT, KeyPurpose.PRF);
        KeysetId vaultAead = KeysetId.of(TENANT + "-vault", KeyPurpose.AEAD);
        KeysetId vaultIndex = KeysetId.of(TENANT + "-vault", KeyPurpose.PRF);
        KeysetId audit = KeysetId.of(TENANT + "-audit", KeyPurpose.PRF);
        List<KeysetId> keysets = List.of(storeAead, storeTokens, storeMac, dates, vaultAead, vaultIndex, audit);
        keysets.forEach(keys::create);
        PrfConfig.register();
        StoreOptions storeOptions = StoreOptions.builder("clinical-notes").aead(keys.aead(storeAead))
                .tokens(keys.deterministicAead(storeTokens)).integrity(keys.mac(storeMac)).filterable("doc_type")
                .vectors(DcpeVectorCipher.builder().dimension(384).beta(1.5)
                        .keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))
                        .exactCopyAead(keys.aead(storeAead)).build())
                .build();
        DateShifter shifter = DateShifter.builder().keyedHash(keys.keyedHash(dates)).build();

        KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path journalDir = outDir.resolve("journal");
        Path publicKeyFile = outDir.resolve("journal-public-key.pem");
        Files.writeString(publicKeyFile, pem(signing.getPublic()), StandardCharsets.UTF_8);
        List<ChatReport> reports = new ArrayList<>();
        DemoResult.Review review;
        List<DemoResult.Exchange> exchanges = new ArrayList<>();
        int rows;
        int hits;
        try (AuditJournal journal = AuditJournal.builder(journalDir).origin("phi-demo/" + TENANT)
                .signingKey("phi-demo-signer", signing).build()) {
            PhiGuard guard = PhiGuard.builder()
                    .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                    .vault(PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofHours(1))
                            .aead(keys.aead(vaultAead)).lookupHash(keys.keyedHash(vaultIndex)).build())
                    .dateShifter(shifter)
                    .auditSink(journal).auditKey(keys.keyedHash(audit))
                    .onReport(reports::add)
                    .build();

            // ---- 1. ingest: encrypted store, in-process embeddings ----
            long t = System.nanoTime();
            section(out, "1. Ingest " + clinic.notes().size() + " notes of " + clinic.patients().size()
                    + " patients into an encrypted in-memory store");
            wrap(out, "  ", "Embeddings: all-MiniLM-L6-v2, in-process (note text never leaves the JVM). Keys: a "
                    + "Tink keyring under a local KEK in a temporary directory, deleted at the end.");
            EmbeddingModel embeddings = new AllMiniLmL6V2EmbeddingModel();
            InMemoryEmbeddingStore<TextSegment> backing = new InMemoryEmbeddingStore<>();
            EmbeddingStore<TextSegment> store = guard.wrap(backing, storeOptions);
            List<TextSegment> segments = clinic.notes().stream().map(n -> TextSegment.from(n.text(), Metadata
                    .from("patient_id", n.patient()).put("doc_type", "note").put("note_id", n.id()))).toList();
            List<Embedding> vectors = embeddings.embedAll(segments).content();
            PhiScope ingest = PhiScope.of(PhiContext.builder().tenant(TENANT).conversation("ingest").build(),
                    Purpose.TREATMENT, PhiAccess.grantedTo("svc-phi-demo-ingest", "ingest"));
            guard.withScope(ingest, () -> store.addAll(vectors, segments));
            String json = backing.serializeToJson();
            JsonNode entries = new ObjectMapper().readTree(json).path("entries");
            rows = entries.size();
            hits = plaintextHits(entries, clinic);
            int notesFound = countNotes(entries, clinic);
            String sample = entries.path(0).path("embedded").path("text").asText();
            wrap(out, "  ", String.format(Locale.ROOT, "The store holds %d rows. Its serialized form (%,d bytes) "
                    + "contains %d of the %d note texts and %d of the %d planted identifiers: it sees ciphertext "
                    + "only (text and metadata AEAD-encrypted, patient id as a deterministic token, vectors "
                    + "DCPE-encrypted).", rows, json.length(), notesFound, clinic.notes().size(), hits - notesFound,
                    distinctPlanted(clinic).size()));
            wrap(out, "  ", "A stored row's text: " + abbreviate(sample, 60));
            done(out, t);

            // ---- 2. questions through the guarded retriever and chat model ----
            ChatModel base = vendor.<ChatModel>map(v -> OpenAiChatModel.builder().baseUrl(v.baseUrl())
                    .apiKey(v.apiKey()).modelName(v.model()).timeout(Duration.ofSeconds(60)).maxRetries(1).build())
                    .orElseGet(OfflineStandInChatModel::new);
            RecordingChatModel recorder = new RecordingChatModel(base);
            Destination baa = Destination.builder(BAA_VENDOR).model(modelName).baa().build();
            Destination noBaa = Destination.builder(NO_BAA_VENDOR).model(modelName).build();
            Destination inProcess = Destination.builder("in-process").model("all-minilm-l6-v2").baa().build();
            RetrievalAugmentor augmentor = DefaultRetrievalAugmentor.builder()
                    .contentRetriever(guard.wrap(EmbeddingStoreContentRetriever.builder().embeddingStore(store)
                            .embeddingModel(embeddings).maxResults(3).build(), inProcess, storeOptions.integrity()))
                    .contentInjector(guard.contentInjector(storeOptions.integrity())).build();
            Assistant viaBaa = AiServices.builder(Assistant.class).chatModel(guard.wrap(recorder, baa))
                    .retrievalAugmentor(augmentor).build();
            Assistant viaNoBaa = AiServices.builder(Assistant.class).chatModel(guard.wrap(recorder, noBaa))
                    .retrievalAugmentor(augmentor).build();
            int q = 0;
            for (Ask ask : ASKS) {
                t = System.nanoTime();
                q++;
                Destination d = ask.baa() ? baa : noBaa;
                section(out, "2." + q + " Question about patient " + ask.patient() + " to " + d.vendor()
                        + (ask.baa() ? " (BAA)" : " (no BAA)"));
                exchanges.add(ask(guard, ask.baa() ? viaBaa : viaNoBaa, recorder, reports, clinic, ask, d, "q" + q,
                        shifter, vendor.isEmpty(), out));
                done(out, t);
            }

            // ---- 3. a generated note through the review gate ----
            t = System.nanoTime();
            section(out, "3. A generated discharge summary through the review gate");
            wrap(out, "  ", "The AI drafts the note through the same guard; it reaches the record only after a "
                    + "different person approved exactly those bytes.");
            DemoResult.Exchange draft = ask(guard, viaBaa, recorder, reports, clinic, DRAFT, baa, "draft", shifter,
                    vendor.isEmpty(), out);
            exchanges.add(draft);
            review = review(journal, keys, audit, draft, modelName, out);
            done(out, t);
        }

        // ---- 4. verify the journal, write the evidence ----
        long t = System.nanoTime();
        section(out, "4. Verify the audit journal, write the evidence package");
        JournalVerification v = AuditJournal.verify(journalDir, signing.getPublic());
        wrap(out, "  ", "Audit journal " + journalDir + ": " + v.status() + ", " + v.records() + " records, "
                + v.checkpoints() + " signed checkpoint(s) (Ed25519 key pinned: " + publicKeyFile.getFileName()
                + "). Records hold ids, counts, keyed digests and policy versions; never text.");
        EvidenceReport.Builder eb = EvidenceReport.builder()
                .config(EvidenceConfig.parse("phi-demo-evidence.yaml", evidenceConfig(modelName), true))
                .journal(journalDir).trustedKey(signing.getPublic());
        for (KeysetId id : keysets) {
            for (KeyInfo k : keys.list(id)) {
                eb.key(id.tenant() + "/" + id.purpose().label(), k.keyId(), k.status() == KeyInfo.Status.ENABLED,
                        k.primary(), k.created());
            }
        }
        Path evidenceDir = outDir.resolve("evidence");
        List<Path> files = eb.build().writeTo(evidenceDir);
        wrap(out, "  ", "Evidence package (HIPAA 164.312 and SOC 2 mapping, disclosures per destination, journal "
                + "verification): " + evidenceDir.resolve("index.html"));
        wrap(out, "  ", "Check it again any time: ./phi audit verify --journal " + journalDir + " --public-key "
                + publicKeyFile);
        done(out, t);
        rule(out, String.format(Locale.ROOT, "done in %.1f s: journal %s; output in %s",
                (System.nanoTime() - t0) / 1e9, v.status(), outDir));
        return new DemoResult(vendor.isEmpty(), rows, hits, exchanges, review, v, files, outDir);
    }

    /** Asks one question in its own conversation and prints the three views. */
    private static DemoResult.Exchange ask(PhiGuard guard, Assistant assistant, RecordingChatModel recorder,
            List<ChatReport> reports, Clinic clinic, Ask ask, Destination d, String conversation, DateShifter shifter,
            boolean standIn, PrintStream out) {
        String question = String.format(Locale.ROOT, ask.question(), clinic.patient(ask.patient()).name());
        PhiContext ctx = PhiContext.builder().tenant(TENANT).conversation(conversation).patient(ask.patient())
                .build();
        PhiScope scope = PhiScope.of(ctx, Purpose.TREATMENT, PhiAccess.grantedTo(CLINICIAN, "treatment"));
        String answer = guard.withScope(scope, () -> assistant.chat(question));
        RecordingChatModel.Call call = recorder.last();
        ChatReport report = reports.get(reports.size() - 1);
        String received = render(call.request().messages());
        String vendorAnswer = call.response().aiMessage().text();
        String policy = report.policyId() + " v" + report.policyVersion();
        out.println("  CLINICIAN ASKED");
        wrap(out, "    ", question);
        out.println("  VENDOR RECEIVED  (policy " + policy + ", label " + report.label() + ")");
        wrap(out, "    ", "minimized: " + counts(report.minimized()));
        wrap(out, "    | ", received);
        out.println("  VENDOR ANSWERED" + (standIn ? "  (OFFLINE STAND-IN: sentences picked from the prompt above; "
                + "not a model)" : "  (" + d.model() + ")"));
        wrap(out, "    | ", vendorAnswer);
        out.println("  CLINICIAN SEES  (re-identified from the encrypted vault for " + CLINICIAN + ")");
        wrap(out, "    ", answer);
        return new DemoResult.Exchange(ask.patient(), question, d.vendor(), d.baa(), policy, received, vendorAnswer,
                answer, shifter.offsetDays(ctx));
    }

    /** Submits the generated note, refuses the AI as reviewer, edits and approves, commits twice (runs once). */
    private static DemoResult.Review review(AuditJournal journal, TinkKeyring keys, KeysetId audit,
            DemoResult.Exchange draft, String model, PrintStream out) {
        ReviewGate gate = ReviewGate.builder().store(new InMemoryReviewStore()).auditSink(journal)
                .auditKey(keys.keyedHash(audit)).serviceAccounts(SERVICE_ACCOUNT).build();
        List<String> states = new ArrayList<>();
        Draft d = gate.submit(DraftRequest.builder().requester(CLINICIAN).serviceAccount(SERVICE_ACCOUNT)
                .patient(draft.patient()).model(model).destination(BAA_VENDOR).text(draft.answer()).build());
        states.add(d.state().name());
        out.println("  REVIEW GATE");
        step(out, d.state().name(), "submitted by " + SERVICE_ACCOUNT + " (the AI) for " + CLINICIAN + "; draft sha256 "
                + d.textSha256());
        String refused;
        try {
            gate.claim(d.id(), SERVICE_ACCOUNT);
            refused = "not refused";
        } catch (ReviewRefusedException e) {
            refused = e.reasonCode();
        }
        step(out, "(refused)", SERVICE_ACCOUNT + " tried to claim its own draft for review: " + refused);
        d = gate.claim(d.id(), REVIEWER);
        states.add(d.state().name());
        step(out, d.state().name(), "claimed by " + REVIEWER + ", who is shown the text with sha256 "
                + d.textSha256().substring(0, 16) + "...");
        String edited = d.text().strip() + "\nReviewer addendum: daily weights; call the clinic if weight rises by "
                + "more than 3 lb in two days.";
        d = gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), edited, "clinician-addendum");
        states.add(d.state().name());
        String approvedSha = sha256(d.approvedText().orElseThrow());
        step(out, d.state().name(), REVIEWER + " added an addendum and approved; the decision binds sha256 "
                + approvedSha);
        AtomicInteger runs = new AtomicInteger();
        Map<String, String> ehr = new ConcurrentHashMap<>();
        CommitResult first = gate.commit(d.id(), note -> {
            runs.incrementAndGet();
            ehr.putIfAbsent(note.idempotencyKey(), note.text());
            return "DocumentReference/" + note.draftId();
        });
        states.add("COMMITTING");
        states.add(gate.find(d.id()).orElseThrow().state().name());
        CommitResult again = gate.commit(d.id(), note -> {
            runs.incrementAndGet();
            return "never";
        });
        step(out, "COMMITTED", "the record writer ran " + runs.get() + " time(s) over two commit calls (the second "
                + "returned the first result: " + again.equals(first) + "); committed sha256 " + first.sha256()
                + (first.sha256().equals(approvedSha) ? " = the approved hash" : " DIFFERS from the approved hash"));
        out.println("  States: " + String.join(" -> ", states));
        out.println("  IN THE RECORD (" + first.recordRef().orElse("-") + ")");
        wrap(out, "    ", ehr.get(first.idempotencyKey()));
        return new DemoResult.Review(d.id(), states, refused, draftSha(draft.answer()), approvedSha, first.sha256(),
                runs.get(), ehr.get(first.idempotencyKey()));
    }

    private static String counts(Map<?, Integer> byType) {
        StringBuilder sb = new StringBuilder();
        byType.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    private static String draftSha(String text) {
        return sha256(text);
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The deployment as the evidence report needs it; identifiers only. */
    static String evidenceConfig(String model) {
        return "deployment: phi-demo/" + TENANT + "\n"
                + "environment: demo\n"
                + "components:\n"
                + "  - name: clinic-rag\n"
                + "    serviceAccount: svc-clinic-rag\n"
                + "    auditComponents: [phi-langchain4j/chat, phi-langchain4j/retriever, phi-langchain4j/store]\n"
                + "    destinations:\n"
                + "      - {vendor: " + BAA_VENDOR + ", model: " + model + ", baa: true}\n"
                + "      - {vendor: " + NO_BAA_VENDOR + ", model: " + model + ", baa: false}\n"
                + "      - {vendor: in-process, model: all-minilm-l6-v2, baa: true}\n"
                + "    policies: {TREATMENT: pseudonymized}\n"
                + "    vectorStore: dcpe\n"
                + "    integrityCheck: drop-segment\n"
                + "    outputScan: true\n"
                + "    patientScoped: true\n"
                + "  - name: discharge-scribe\n"
                + "    serviceAccount: " + SERVICE_ACCOUNT + "\n"
                + "    auditComponents: [phi-core/review]\n"
                + "    destinations:\n"
                + "      - {vendor: " + BAA_VENDOR + ", model: " + model + ", baa: true}\n"
                + "    policies: {TREATMENT: pseudonymized}\n"
                + "    reviewRequired: true\n"
                + "    outputScan: true\n"
                + "retention: {auditYears: 6, legalHold: false, vaultTtlHours: 1}\n"
                + "review: {deadlineHours: 72, separationOfDuties: true, autoApprove: false}\n";
    }

    /** How many note texts or planted identifiers appear in the stored segments' text and metadata. */
    static int plaintextHits(JsonNode entries, Clinic clinic) {
        String stored = storedSegments(entries);
        int n = countNotes(entries, clinic);
        for (String v : distinctPlanted(clinic)) {
            if (stored.contains(v)) {
                n++;
            }
        }
        return n;
    }

    private static int countNotes(JsonNode entries, Clinic clinic) {
        String stored = storedSegments(entries);
        return (int) clinic.notes().stream().filter(note -> stored.contains(note.text())).count();
    }

    /** The segments' text and metadata; the vectors (numbers) are left out, a digit string may occur in them. */
    private static String storedSegments(JsonNode entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(e.path("embedded").toString()).append('\n'));
        return sb.toString();
    }

    static Set<String> distinctPlanted(Clinic clinic) {
        Set<String> s = new LinkedHashSet<>();
        clinic.notes().forEach(n -> n.planted().forEach(p -> s.add(p.value())));
        return s;
    }

    private static String render(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (m instanceof dev.langchain4j.data.message.SystemMessage s) {
                sb.append("[system] ").append(s.text());
            } else if (m instanceof UserMessage u) {
                sb.append("[user] ").append(u.hasSingleText() ? u.singleText() : u.contents().toString());
            } else if (m instanceof AiMessage a) {
                sb.append("[assistant] ").append(a.text());
            } else {
                sb.append('[').append(m.type()).append(']');
            }
        }
        return sb.toString();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static void rule(PrintStream out, String title) {
        out.println("=".repeat(WIDTH));
        wrap(out, "", title);
        out.println("=".repeat(WIDTH));
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println("-- " + title + " " + "-".repeat(Math.max(3, WIDTH - 4 - title.length())));
    }

    private static void step(PrintStream out, String state, String what) {
        out.println(String.format(Locale.ROOT, "    %-20s", state).stripTrailing());
        wrap(out, "      ", what);
    }

    private static void done(PrintStream out, long t) {
        out.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - t) / 1e9);
    }

    /** Prints {@code text} wrapped to {@link #WIDTH} columns, every line indented, keeping its line breaks. */
    static void wrap(PrintStream out, String indent, String text) {
        int width = WIDTH - indent.length();
        for (String line : text.split("\n", -1)) {
            StringBuilder cur = new StringBuilder();
            for (String word : line.split(" ")) {
                if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                    out.println(indent + cur);
                    cur.setLength(0);
                }
                while (word.length() > width) {
                    out.println(indent + word.substring(0, width));
                    word = word.substring(width);
                }
                if (cur.length() > 0) {
                    cur.append(' ');
                }
                cur.append(word);
            }
            out.println((indent + cur).stripTrailing());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
