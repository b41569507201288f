package dev.phisafe.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.VectorCipher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link EmbeddingStore} of {@link TextSegment}s whose delegate holds only ciphertext, tokens and searchable
 * (DCPE) vectors. See {@link PhiGuard#wrap(EmbeddingStore, StoreOptions)} for the guarantees.
 *
 * <p>What the delegate receives per segment: the searchable vector as the embedding; {@code base64url(AEAD(text))} as
 * the text; and string metadata: {@code phi.m} (AEAD of the full metadata map, the patient id and the integrity
 * envelope), {@code phi.v}/{@code phi.vn}/{@code phi.vk} (exact vector copy, its nonce and vector key id),
 * {@code phi.tenant}, {@code phi.keys} (key ids, for rotation sweeps) and one deterministic token per filterable key
 * present (the patient key always). Every AEAD ciphertext is bound to (tenant, store, segment id, field).
 */
final class PhiEmbeddingStore implements EmbeddingStore<TextSegment> {
    static final String RESERVED_PREFIX = "phi.";
    static final String KEY_BLOB = "phi.m";
    static final String KEY_VECTOR = "phi.v";
    static final String KEY_NONCE = "phi.vn";
    static final String KEY_VECTOR_KEY = "phi.vk";
    static final String KEY_TENANT = "phi.tenant";
    static final String KEY_KEYS = "phi.keys";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int SWEEP_BATCH = 100;
    private static final int STORE_BATCH = 200;

    private final EmbeddingStore<TextSegment> delegate;
    private final PhiGuard guard;
    private final StoreOptions options;
    private final StoreTokens tokens;

    PhiEmbeddingStore(EmbeddingStore<TextSegment> delegate, PhiGuard guard, StoreOptions options) {
        this.delegate = delegate;
        this.guard = guard;
        this.options = options;
        this.tokens = new StoreTokens(options);
    }

    // ------------------------------------------------------------------------------------------------ add

    @Override
    public String add(Embedding embedding) {
        throw segmentsOnly();
    }

    @Override
    public void add(String id, Embedding embedding) {
        throw segmentsOnly();
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        throw segmentsOnly();
    }

    private static UnsupportedOperationException segmentsOnly() {
        return new UnsupportedOperationException("a guarded store holds text segments: add each embedding with its "
                + "TextSegment (an embedding of PHI is PHI and needs its segment's patient and integrity envelope)");
    }

    @Override
    public String add(Embedding embedding, TextSegment textSegment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), List.of(textSegment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings, List<TextSegment> embedded) {
        Objects.requireNonNull(embeddings, "embeddings");
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, embedded);
        return ids;
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(embedded, "embedded");
        if (ids.size() != embeddings.size() || ids.size() != embedded.size()) {
            throw new IllegalArgumentException("ids, embeddings and segments must have the same size, got "
                    + ids.size() + ", " + embeddings.size() + " and " + embedded.size());
        }
        PhiGuard.Bound bound = guard.requireBound("adding to a guarded store");
        String tenant = bound.scope().context().tenant();
        Set<String> seen = new HashSet<>();
        List<Embedding> outEmbeddings = new ArrayList<>(ids.size());
        List<TextSegment> outSegments = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank() || !seen.add(id)) {
                throw new IllegalArgumentException("segment " + i + " has a blank or repeated id");
            }
            Embedding e = embeddings.get(i);
            TextSegment s = embedded.get(i);
            if (e == null || s == null) {
                throw new IllegalArgumentException("segment " + i + " has no embedding or no TextSegment");
            }
            Plain p = plain(i, id, e, s, bound);
            Sealed sealed;
            try {
                sealed = seal(tenant, p);
            } catch (dev.phisafe.core.PhiException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                // a key that fails (gone, disabled, KMS down): nothing is stored; the cause is not chained
                throw new PhiProcessingException("encrypting segment " + i + " failed (" + ex.getClass().getSimpleName()
                        + "); nothing was stored");
            }
            outEmbeddings.add(sealed.embedding);
            outSegments.add(sealed.segment);
        }
        // recorded before the store sees the rows: an unrecordable write does not happen
        if (guard.auditor().enabled()) {
            // one event per STORE_BATCH ids: an event holds at most 256 record digests
            for (int from = 0; from < ids.size(); from += STORE_BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + STORE_BATCH));
                AuditEvent.Builder e = guard.auditor().event(AuditAction.STORE, Auditor.COMPONENT_STORE, bound,
                        AuditOutcome.SUCCESS).measure("segments", batch.size()).detail("store", options.storeName());
                if (guard.auditor().key() != null) {
                    batch.forEach(id -> e.recordRef(guard.auditor().key(), id));
                }
                guard.auditor().record(e);
            }
        }
        delegate.addAll(ids, outEmbeddings, outSegments);
    }

    /** A segment as the application sees it: the plaintext parts, its patient and its integrity envelope. */
    private record Plain(String id, float[] vector, String text, Metadata metadata, String patient,
            IntegrityEnvelope envelope) {
    }

    private record Sealed(Embedding embedding, TextSegment segment) {
    }

    /** A search candidate: its exact score, and the stored row, not yet decrypted beyond its exact vector. */
    private record Candidate(double score, String id, TextSegment stored, float[] exact) {
    }

    private Plain plain(int i, String id, Embedding e, TextSegment s, PhiGuard.Bound bound) {
        Metadata user = s.metadata().copy();
        Object patient = user.toMap().get(options.patientKey());
        String scopePatient = bound.scope().context().patient();
        if (patient == null && scopePatient == null) {
            throw new IllegalArgumentException("segment " + i + " has no '" + options.patientKey() + "' metadata and "
                    + "the scope names no patient: every stored segment belongs to one patient");
        }
        if (patient != null && !(patient instanceof String)) {
            throw new IllegalArgumentException("segment " + i + ": metadata '" + options.patientKey()
                    + "' must be a String (an opaque patient id)");
        }
        String pid = patient != null ? (String) patient : scopePatient;
        user.remove(options.patientKey());
        Map<String, String> env = new HashMap<>();
        for (String k : new ArrayList<>(user.toMap().keySet())) {
            if (k.startsWith(RESERVED_PREFIX)) {
                Object v = user.toMap().get(k);
                if (k.startsWith("phi.int.") || isEnvelopeKey(k)) {
                    env.put(k, String.valueOf(v));
                    user.remove(k);
                } else {
                    throw new IllegalArgumentException("segment " + i + ": metadata key '" + k + "' uses the "
                            + "reserved prefix " + RESERVED_PREFIX);
                }
            }
        }
        for (String k : options.filterable()) {
            Object v = user.toMap().get(k);
            if (v != null) {
                StoreTokens.canonical(k, v); // refuse untokenizable values now, naming the key
            }
        }
        String tenant = bound.scope().context().tenant();
        IntegrityEnvelope envelope = envelope(i, id, s.text(), env, tenant);
        return new Plain(id, e.vector(), s.text(), user, pid, envelope);
    }

    private static boolean isEnvelopeKey(String k) {
        return k.equals(IntegrityEnvelope.KEY_TENANT) || k.equals(IntegrityEnvelope.KEY_SOURCE)
                || k.equals(IntegrityEnvelope.KEY_REFERENCE) || k.equals(IntegrityEnvelope.KEY_RESOURCE_VERSION)
                || k.equals(IntegrityEnvelope.KEY_SEGMENT) || k.equals(IntegrityEnvelope.KEY_CHUNKER)
                || k.equals(IntegrityEnvelope.KEY_CONTENT_TYPE) || k.equals(IntegrityEnvelope.KEY_LABELS)
                || k.equals(IntegrityEnvelope.KEY_CREATED);
    }

    /**
     * The segment's envelope: one sealed at ingestion is verified (and re-sealed under the current key, keeping its
     * facts); otherwise a new one names this store and segment.
     */
    private IntegrityEnvelope envelope(int i, String id, String text, Map<String, String> given, String tenant) {
        if (given.isEmpty()) {
            return IntegrityEnvelope.builder().tenant(tenant).source("langchain4j:" + options.storeName())
                    .reference("segment/" + id).resourceVersion("1").segment(id).chunker("unspecified")
                    .contentType("text/plain;charset=utf-8").labels(List.of()).created(Instant.now())
                    .seal(text, options.integrity());
        }
        IntegrityEnvelope e;
        try {
            e = IntegrityEnvelope.fromMetadata(given);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("segment " + i + " carries an incomplete integrity envelope: "
                    + ex.getMessage());
        }
        if (!e.tenant().equals(tenant) || !e.verify(text, options.integrity())) {
            throw new PhiProcessingException("segment " + i + " fails its integrity envelope (altered after sealing, "
                    + "or sealed for another tenant or key); it was not stored");
        }
        return reseal(e, text);
    }

    private IntegrityEnvelope reseal(IntegrityEnvelope e, String text) {
        if (e.keyId().equals(options.integrity().keyId())
                && e.algorithm().equals(options.integrity().algorithm())) {
            return e;
        }
        return IntegrityEnvelope.builder().tenant(e.tenant()).source(e.source()).reference(e.reference())
                .resourceVersion(e.resourceVersion()).segment(e.segment()).chunker(e.chunker())
                .contentType(e.contentType()).labels(e.labels()).created(e.created()).seal(text, options.integrity());
    }

    private AssociatedData.Builder ad(String tenant, String id) {
        return AssociatedData.builder().tenant(tenant).store(options.storeName()).recordId(id);
    }

    private Sealed seal(String tenant, Plain p) {
        VectorCipher.EncryptedVector v = options.vectors().encrypt(p.vector(),
                ad(tenant, p.id()).field("vector").build().toBytes());
        String text = B64.encodeToString(options.aead().encrypt(p.text().getBytes(StandardCharsets.UTF_8),
                ad(tenant, p.id()).field("text").build().toBytes()));
        ObjectNode blob = JSON.createObjectNode();
        blob.put("p", p.patient());
        blob.set("m", encodeMetadata(p.metadata()));
        ObjectNode env = blob.putObject("e");
        p.envelope().toMetadata().forEach(env::put);
        Metadata stored = new Metadata();
        stored.put(KEY_BLOB, B64.encodeToString(options.aead().encrypt(write(blob),
                ad(tenant, p.id()).field("metadata").build().toBytes())));
        stored.put(KEY_VECTOR, B64.encodeToString(v.exactCopy()));
        stored.put(KEY_NONCE, B64.encodeToString(v.nonce()));
        stored.put(KEY_VECTOR_KEY, v.keyId());
        stored.put(KEY_TENANT, tenant);
        stored.put(KEY_KEYS, currentKeys(v.keyId()));
        stored.put(options.patientKey(), tokens.token(tenant, options.patientKey(), p.patient()));
        for (String k : options.filterable()) {
            Object value = p.metadata().toMap().get(k);
            if (value != null) {
                stored.put(k, tokens.token(tenant, k, value));
            }
        }
        return new Sealed(Embedding.from(v.searchable()), TextSegment.from(text, stored));
    }

    private String currentKeys(String vectorKey) {
        return "a:" + options.aead().keyId() + "|t:" + options.tokens().keyId() + "|v:" + vectorKey + "|m:"
                + options.integrity().keyId();
    }

    private static ObjectNode encodeMetadata(Metadata m) {
        ObjectNode o = JSON.createObjectNode();
        for (Map.Entry<String, Object> e : m.toMap().entrySet()) {
            Object v = e.getValue();
            String type = v instanceof String ? "s" : v instanceof UUID ? "u" : v instanceof Integer ? "i"
                    : v instanceof Long ? "l" : v instanceof Float ? "f" : v instanceof Double ? "d" : null;
            if (type == null) {
                throw new IllegalArgumentException("metadata key '" + e.getKey() + "' holds an unsupported type");
            }
            o.putArray(e.getKey()).add(type).add(v.toString());
        }
        return o;
    }

    private static Metadata decodeMetadata(JsonNode o) {
        Metadata m = new Metadata();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String t = e.getValue().get(0).asText();
            String v = e.getValue().get(1).asText();
            switch (t) {
                case "s" -> m.put(e.getKey(), v);
                case "u" -> m.put(e.getKey(), UUID.fromString(v));
                case "i" -> m.put(e.getKey(), Integer.parseInt(v));
                case "l" -> m.put(e.getKey(), Long.parseLong(v));
                case "f" -> m.put(e.getKey(), Float.parseFloat(v));
                case "d" -> m.put(e.getKey(), Double.parseDouble(v));
                default -> throw new IllegalStateException("unknown metadata type");
            }
        }
        return m;
    }

    private static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new PhiProcessingException("encoding segment metadata failed");
        }
    }

    // ------------------------------------------------------------------------------------------------ read

    /** Why a stored row was not returned; the codes go to the audit trail. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;
        final AuditAction action;

        Rejected(String reason, AuditAction action) {
            super(reason, null, false, false);
            this.reason = reason;
            this.action = action;
        }
    }

    /** Decrypts and verifies one stored row; any doubt rejects it. */
    private Plain open(String tenant, String id, Embedding searchable, TextSegment stored, String expectedPatient)
            throws Rejected {
        return openRest(tenant, id, stored, expectedPatient, exactVector(tenant, id, searchable, stored), null);
    }

    /**
     * The row's exact vector, from its AEAD copy (bound to tenant, store, row id and field, so a copy moved to
     * another row or altered fails here): all that ranking a candidate needs.
     */
    private float[] exactVector(String tenant, String id, Embedding searchable, TextSegment stored) throws Rejected {
        Metadata m = stored == null ? null : stored.metadata();
        if (m == null || m.getString(KEY_BLOB) == null || m.getString(KEY_VECTOR) == null
                || m.getString(KEY_NONCE) == null || m.getString(KEY_VECTOR_KEY) == null) {
            throw new Rejected("not-sealed", AuditAction.INTEGRITY_FAILURE);
        }
        try {
            float[] s = searchable == null || searchable.vector().length == 0 ? new float[1] : searchable.vector();
            return options.vectors().decrypt(new VectorCipher.EncryptedVector(m.getString(KEY_VECTOR_KEY),
                    B64D.decode(m.getString(KEY_NONCE)), s, B64D.decode(m.getString(KEY_VECTOR))),
                    ad(tenant, id).field("vector").build().toBytes());
        } catch (RuntimeException e) {
            throw new Rejected("decryption-failed", AuditAction.INTEGRITY_FAILURE);
        }
    }

    /**
     * Decrypts the text and metadata of a row whose exact vector is {@code exact}, verifies its integrity envelope
     * and patient; any doubt rejects it. A verified envelope is remembered in {@code invocation} (if not null), so
     * that the retriever and injector checks of the same invocation need not recompute the MAC of the same text.
     */
    private Plain openRest(String tenant, String id, TextSegment stored, String expectedPatient, float[] exact,
            PhiGuard.Invocation invocation) throws Rejected {
        Metadata m = stored.metadata();
        String text;
        JsonNode blob;
        try {
            text = new String(options.aead().decrypt(B64D.decode(stored.text()),
                    ad(tenant, id).field("text").build().toBytes()), StandardCharsets.UTF_8);
            blob = JSON.readTree(options.aead().decrypt(B64D.decode(m.getString(KEY_BLOB)),
                    ad(tenant, id).field("metadata").build().toBytes()));
        } catch (RuntimeException | java.io.IOException e) {
            throw new Rejected("decryption-failed", AuditAction.INTEGRITY_FAILURE);
        }
        IntegrityEnvelope envelope;
        Map<String, String> env = new LinkedHashMap<>();
        blob.path("e").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        try {
            envelope = IntegrityEnvelope.fromMetadata(env);
        } catch (IllegalArgumentException e) {
            throw new Rejected("envelope-malformed", AuditAction.INTEGRITY_FAILURE);
        }
        boolean ok;
        try {
            ok = envelope.tenant().equals(tenant) && envelope.verify(text, options.integrity());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new Rejected("envelope-mismatch", AuditAction.INTEGRITY_FAILURE);
        }
        if (invocation != null) {
            invocation.verified(options.integrity(), tenant, text, env);
        }
        String patient = blob.path("p").asText(null);
        if (expectedPatient != null && !expectedPatient.equals(patient)) {
            throw new Rejected("other-patient", AuditAction.ACCESS_DENIED);
        }
        Metadata user;
        try {
            user = decodeMetadata(blob.path("m"));
        } catch (RuntimeException e) {
            throw new Rejected("metadata-malformed", AuditAction.INTEGRITY_FAILURE);
        }
        return new Plain(id, exact, text, user, patient, envelope);
    }

    /** The segment the application gets: text, its metadata, the patient id and the envelope's keys. */
    private TextSegment segmentOf(Plain p) {
        Metadata m = p.metadata().copy();
        m.put(options.patientKey(), p.patient());
        p.envelope().toMetadata().forEach(m::put);
        return TextSegment.from(p.text(), m);
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        PhiGuard.Bound bound = guard.requireBound("searching a guarded store");
        String tenant = bound.scope().context().tenant();
        String patient = bound.scope().context().patient();
        if (patient == null) {
            throw new IllegalStateException("the scope names no patient: a guarded store returns segments of the "
                    + "patient in scope only (minimum necessary, 45 CFR 164.502(b)); nothing was searched");
        }
        Filter user = tokens.translate(request.filter(), tenant);
        Filter scope = new And(new IsEqualTo(KEY_TENANT, tenant),
                new IsEqualTo(options.patientKey(), tokens.token(tenant, options.patientKey(), patient)));
        float[] q = request.queryEmbedding().vector();
        int k = request.maxResults();
        int fetch = (int) Math.min(Integer.MAX_VALUE, (long) k * options.overFetch());
        // ranking needs only each candidate's exact vector; text and metadata are decrypted and verified for the
        // best candidates only, in rank order, until k pass (a failing one is dropped, audited, and the next taken)
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> dropped = new ArrayList<>();
        List<AuditEvent.Builder> failures = new ArrayList<>();
        Set<String> keyIds = new java.util.TreeSet<>();
        for (VectorCipher.EncryptedQuery eq : options.vectors().encryptQuery(q)) {
            Filter f = new And(scope, new IsEqualTo(KEY_VECTOR_KEY, eq.keyId()));
            if (user != null) {
                f = new And(user, f);
            }
            // query() is dropped: the delegate never sees query text (hybrid search would send it to the store)
            EmbeddingSearchRequest forDelegate = EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(eq.searchable())).maxResults(fetch).minScore(0.0).filter(f)
                    .build();
            for (EmbeddingMatch<TextSegment> match : delegate.search(forDelegate).matches()) {
                String id = match.embeddingId();
                if (!seen.add(id)) {
                    continue;
                }
                float[] exact;
                try {
                    exact = exactVector(tenant, id, match.embedding(), match.embedded());
                } catch (Rejected r) {
                    dropped.add(id);
                    failures.add(rejection(bound, r, id));
                    continue;
                }
                keyIds.add(eq.keyId());
                double score = RelevanceScore.fromCosineSimilarity(cosine(q, exact));
                if (score >= request.minScore()) {
                    candidates.add(new Candidate(score, id, match.embedded(), exact));
                }
            }
        }
        // stable: equal scores keep the delegate's order
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<EmbeddingMatch<TextSegment>> out = new ArrayList<>(Math.min(k, candidates.size()));
        for (Candidate c : candidates) {
            if (out.size() >= k) {
                break;
            }
            Plain p;
            try {
                p = openRest(tenant, c.id(), c.stored(), patient, c.exact(), bound.invocation());
            } catch (Rejected r) {
                dropped.add(c.id());
                failures.add(rejection(bound, r, c.id()));
                continue;
            }
            out.add(new EmbeddingMatch<>(c.score(), c.id(), Embedding.from(p.vector()), segmentOf(p)));
        }
        // audited before anything is released: a failing sink withholds the results
        for (AuditEvent.Builder f : failures) {
            guard.auditor().record(f);
        }
        AuditEvent.Builder e = guard.auditor().event(AuditAction.RETRIEVE, Auditor.COMPONENT_STORE, bound,
                dropped.isEmpty() ? AuditOutcome.SUCCESS : AuditOutcome.MINOR_FAILURE)
                .measure("returned", out.size()).measure("dropped", dropped.size()).measure("requested", k)
                .detail("store", options.storeName()).keyId(options.aead().keyId());
        keyIds.forEach(e::keyId);
        if (guard.auditor().key() != null) {
            out.forEach(m -> e.recordRef(guard.auditor().key(), m.embeddingId()));
        }
        guard.auditor().record(e);
        return new EmbeddingSearchResult<>(out);
    }

    private AuditEvent.Builder rejection(PhiGuard.Bound bound, Rejected r, String id) {
        AuditEvent.Builder b = guard.auditor().event(r.action, Auditor.COMPONENT_STORE, bound,
                AuditOutcome.SERIOUS_FAILURE).reasonCode(r.reason).detail("store", options.storeName());
        if (guard.auditor().key() != null) {
            b.recordRef(guard.auditor().key(), id);
        }
        return b;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    // ------------------------------------------------------------------------------------------------ remove

    @Override
    public void remove(String id) {
        delegate.remove(id);
    }

    @Override
    public void removeAll(Collection<String> ids) {
        delegate.removeAll(ids);
    }

    /** Removes the segments that match an equality filter, within the scope's tenant. */
    @Override
    public void removeAll(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        PhiGuard.Bound bound = guard.requireBound("removing from a guarded store");
        String tenant = bound.scope().context().tenant();
        delegate.removeAll(new And(tokens.translate(filter, tenant), new IsEqualTo(KEY_TENANT, tenant)));
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    // ------------------------------------------------------------------------------------------------ rotation

    /**
     * Re-encrypts every row of the scope's tenant whose keys are not the current primaries, from its exact copies
     * (lossless), keeping ids, text, metadata, patient and envelope facts.
     *
     * @return the number of rows re-encrypted
     */
    int reencrypt() {
        PhiGuard.Bound bound = guard.requireBound("re-encrypting a guarded store");
        String tenant = bound.scope().context().tenant();
        String current = currentKeys(options.vectors().keyId());
        float[] probe = new float[options.vectors().dimension()];
        probe[0] = 1f;
        int done = 0;
        Set<String> failed = new HashSet<>();
        while (true) {
            Filter stale = new And(new IsEqualTo(KEY_TENANT, tenant), new IsNotEqualTo(KEY_KEYS, current));
            List<EmbeddingMatch<TextSegment>> batch = delegate.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(probe)).maxResults(SWEEP_BATCH + failed.size()).minScore(0.0)
                    .filter(stale).build()).matches();
            List<String> ids = new ArrayList<>();
            List<Embedding> embeddings = new ArrayList<>();
            List<TextSegment> segments = new ArrayList<>();
            for (EmbeddingMatch<TextSegment> m : batch) {
                if (failed.contains(m.embeddingId())) {
                    continue;
                }
                Plain p;
                try {
                    p = open(tenant, m.embeddingId(), m.embedding(), m.embedded(), null);
                } catch (Rejected r) {
                    failed.add(m.embeddingId());
                    guard.auditor().record(rejection(bound, r, m.embeddingId()));
                    continue;
                }
                Plain renewed = new Plain(p.id(), p.vector(), p.text(), p.metadata(), p.patient(),
                        reseal(p.envelope(), p.text()));
                Sealed s = seal(tenant, renewed);
                ids.add(p.id());
                embeddings.add(s.embedding);
                segments.add(s.segment);
            }
            if (ids.isEmpty()) {
                break;
            }
            delegate.removeAll(ids);
            delegate.addAll(ids, embeddings, segments);
            done += ids.size();
        }
        guard.auditor().record(guard.auditor().event(AuditAction.KEY_OPERATION, Auditor.COMPONENT_STORE, bound,
                failed.isEmpty() ? AuditOutcome.SUCCESS : AuditOutcome.MINOR_FAILURE).reasonCode("store-reencrypt")
                .detail("store", options.storeName()).measure("reencrypted", done).measure("failed", failed.size())
                .keyId(options.aead().keyId()).keyId(options.vectors().keyId()));
        if (!failed.isEmpty()) {
            throw new PhiProcessingException(failed.size() + " rows of store " + options.storeName() + " failed "
                    + "decryption or integrity and were left as they are; " + done + " rows were re-encrypted");
        }
        return done;
    }

    PhiGuard guard() {
        return guard;
    }

    StoreOptions options() {
        return options;
    }

    /** The delegate's class and the options: names and key ids, never content. */
    @Override
    public String toString() {
        return "PhiEmbeddingStore{" + options + ", delegate=" + delegate.getClass().getName() + "}";
    }
}
