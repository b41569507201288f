package dev.phisafe.core.audit;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One audit record: who did what to which PHI, when, where, why, and how it ended — and never a PHI value.
 *
 * <p>It carries the content NIST SP 800-53 AU-3 requires (type, time, place, source, outcome, identities) for the
 * activity 45 CFR 164.312(b) asks covered entities to record, in the semantics of FHIR R4 {@code AuditEvent} and
 * IHE BALP ("Minimal AuditEvent": identifiers only). AU-3(3) asks to limit personal data in audit records; here the
 * type enforces it:
 * <ul>
 *   <li>every caller-supplied string is an opaque <b>identifier</b>: 1-128 characters from
 *       {@code [A-Za-z0-9._:@/#*|-]} (no spaces, so no prose, no notes, no "Jane Doe"), and not shaped like an SSN,
 *       phone number or date. Anything else is refused at the builder call with an {@link IllegalArgumentException}
 *       whose message does not repeat the value;</li>
 *   <li>record ids, queries and the patient appear only as {@link KeyedDigest}s (HMACs under an audit key given as a
 *       {@link KeyedHash}); the raw value passes through the hash and is not retained;</li>
 *   <li>PHI appears only as counts per {@link PhiType}; errors as a {@link Builder#reasonCode reason code}, never a
 *       message.</li>
 * </ul>
 * Identifiers are the caller's opaque ids (workforce principal, role, component, policy, key, correlation ids). A
 * principal is a workforce member or service, not a patient; patient identity goes in {@link Builder#subject}.
 *
 * <p>Immutable and thread-safe. {@link #toCanonicalJson()} gives the RFC 8785 bytes that the journal hashes and
 * {@link #parse(byte[])} reads them back with the same checks. Example:
 * <pre>{@code
 * AuditEvent e = AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR)
 *         .principal("user-4711").role("clinician").serviceAccount("svc-rag")
 *         .component("phi-langchain4j/chat").destination(destination).purpose(Purpose.TREATMENT)
 *         .outcome(AuditOutcome.SUCCESS).phiCount(PhiType.NAME, 2).policy("safe-harbor", "3")
 *         .subject(auditKey, ctx.patient()).queryRef(auditKey, prompt)
 *         .invocationId(invocationId).conversation(ctx.conversation())
 *         .build();
 * sink.record(e);   // throws AuditUnavailableException: then do not send
 * }</pre>
 */
public final class AuditEvent {
    /** Version of the canonical JSON layout ({@code "v"}). */
    public static final int SCHEMA_VERSION = 1;
    static final int MAX_REFS = 256;
    static final int MAX_ENTRIES = 32;
    /** RFC 3339 UTC with exactly three fraction digits, as the canonical form requires. */
    static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final UUID id;
    private final AuditAction action;
    private final Instant recorded;
    private final AuditOutcome outcome;
    private final String principal;
    private final String role;
    private final String serviceAccount;
    private final String component;
    private final Destination destination;
    private final Purpose purpose;
    private final Map<PhiType, Integer> phiCounts;
    private final String policyId;
    private final String policyVersion;
    private final Set<String> keyIds;
    private final String invocationId;
    private final String conversation;
    private final KeyedDigest subject;
    private final List<KeyedDigest> recordRefs;
    private final List<KeyedDigest> queryRefs;
    private final Map<String, KeyedDigest> digests;
    private final String reasonCode;
    private final Map<String, String> details;
    private final Map<String, Long> measures;

    private AuditEvent(Builder b) {
        this.id = b.id == null ? UUID.randomUUID() : b.id;
        this.action = b.action;
        this.recorded = (b.recorded == null ? Instant.now() : b.recorded).truncatedTo(ChronoUnit.MILLIS);
        this.outcome = b.outcome;
        this.principal = b.principal;
        this.role = b.role;
        this.serviceAccount = b.serviceAccount;
        this.component = b.component;
        this.destination = b.destination;
        this.purpose = b.purpose;
        this.phiCounts = Collections.unmodifiableMap(new EnumMap<>(b.phiCounts));
        this.policyId = b.policyId;
        this.policyVersion = b.policyVersion;
        this.keyIds = Collections.unmodifiableSet(new TreeSet<>(b.keyIds));
        this.invocationId = b.invocationId;
        this.conversation = b.conversation;
        this.subject = b.subject;
        this.recordRefs = List.copyOf(b.recordRefs);
        this.queryRefs = List.copyOf(b.queryRefs);
        this.digests = Collections.unmodifiableMap(new TreeMap<>(b.digests));
        this.reasonCode = b.reasonCode;
        this.details = Collections.unmodifiableMap(new TreeMap<>(b.details));
        this.measures = Collections.unmodifiableMap(new TreeMap<>(b.measures));
    }

    /**
     * Whether {@code value} passes the rule every caller-supplied string of an event follows: an opaque identifier of
     * 1-128 characters from {@code [A-Za-z0-9._:@/#*|-]}, not shaped like an SSN, a phone number or a date. Other
     * components that must hold no free text (configuration, review ids) apply the same rule through this method.
     *
     * @param value the candidate; null is not an identifier
     * @return whether it would be accepted by the builder's identifier fields
     */
    public static boolean isIdentifier(String value) {
        return Identifiers.valid(value);
    }

    /**
     * @param action what happened
     * @return a builder; {@link Builder#build()} requires an outcome, a component, a principal or service account,
     *         and a purpose for actions that {@linkplain AuditAction#accessesPhi() access PHI}
     */
    public static Builder builder(AuditAction action) {
        return new Builder(action);
    }

    /** @return a builder holding this event's values, including its id and time */
    public Builder toBuilder() {
        Builder b = new Builder(action);
        b.id = id;
        b.recorded = recorded;
        b.outcome = outcome;
        b.principal = principal;
        b.role = role;
        b.serviceAccount = serviceAccount;
        b.component = component;
        b.destination = destination;
        b.purpose = purpose;
        b.phiCounts.putAll(phiCounts);
        b.policyId = policyId;
        b.policyVersion = policyVersion;
        b.keyIds.addAll(keyIds);
        b.invocationId = invocationId;
        b.conversation = conversation;
        b.subject = subject;
        b.recordRefs.addAll(recordRefs);
        b.queryRefs.addAll(queryRefs);
        b.digests.putAll(digests);
        b.reasonCode = reasonCode;
        b.details.putAll(details);
        b.measures.putAll(measures);
        return b;
    }

    /** @return the event's unique id (random UUID unless set); sinks use it as an idempotency key */
    public UUID id() {
        return id;
    }

    /** @return what happened (AU-3 a) */
    public AuditAction action() {
        return action;
    }

    /** @return when, UTC, millisecond precision (AU-3 b, AU-8) */
    public Instant recorded() {
        return recorded;
    }

    /** @return how it ended (AU-3 e) */
    public AuditOutcome outcome() {
        return outcome;
    }

    /** @return the human or system principal that asked (AU-3 f), if any */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** @return the principal's role (e.g. {@code clinician}), if given */
    public Optional<String> role() {
        return Optional.ofNullable(role);
    }

    /** @return the service account of the AI component that acted (AU-3 d), if given */
    public Optional<String> serviceAccount() {
        return Optional.ofNullable(serviceAccount);
    }

    /** @return the component that observed and reported the event, e.g. {@code phi-langchain4j/retriever} (AU-3 c, d) */
    public String component() {
        return component;
    }

    /** @return where text went: vendor, model and BAA status (AU-3 c), if it left the component */
    public Optional<Destination> destination() {
        return Optional.ofNullable(destination);
    }

    /** @return the purpose of use (45 CFR 164.506), required for PHI-accessing actions */
    public Optional<Purpose> purpose() {
        return Optional.ofNullable(purpose);
    }

    /** @return how many PHI items of each type were involved (counts only, never values); unmodifiable */
    public Map<PhiType, Integer> phiCounts() {
        return phiCounts;
    }

    /** @return the id of the policy that decided, if any */
    public Optional<String> policyId() {
        return Optional.ofNullable(policyId);
    }

    /** @return the version of that policy, if any */
    public Optional<String> policyVersion() {
        return Optional.ofNullable(policyVersion);
    }

    /** @return ids of the keys used (never key material); sorted, unmodifiable */
    public Set<String> keyIds() {
        return keyIds;
    }

    /** @return the id of the AI invocation (trace/request id) this event belongs to, if any */
    public Optional<String> invocationId() {
        return Optional.ofNullable(invocationId);
    }

    /** @return the opaque conversation id, if any */
    public Optional<String> conversation() {
        return Optional.ofNullable(conversation);
    }

    /** @return the keyed digest of the patient's id (one event per patient, IHE BALP), if any */
    public Optional<KeyedDigest> subject() {
        return Optional.ofNullable(subject);
    }

    /** @return keyed digests of the record/segment ids touched, in the order added; unmodifiable */
    public List<KeyedDigest> recordRefs() {
        return recordRefs;
    }

    /** @return keyed digests of the queries or prompts, in the order added; unmodifiable */
    public List<KeyedDigest> queryRefs() {
        return queryRefs;
    }

    /** @return other named keyed digests (e.g. {@code approved-text}); sorted by name, unmodifiable */
    public Map<String, KeyedDigest> digests() {
        return digests;
    }

    /** @return a stable reason or error code (e.g. {@code journal-unwritable}, {@code no-baa}), if any */
    public Optional<String> reasonCode() {
        return Optional.ofNullable(reasonCode);
    }

    /** @return named identifier details (e.g. {@code ticket}, {@code decision}); sorted, unmodifiable */
    public Map<String, String> details() {
        return details;
    }

    /** @return named non-negative measures (e.g. {@code inserted-chars}, {@code result-count}); sorted, unmodifiable */
    public Map<String, Long> measures() {
        return measures;
    }

    /** @return the total of {@link #phiCounts()} */
    public long phiTotal() {
        long t = 0;
        for (int c : phiCounts.values()) {
            t += c;
        }
        return t;
    }

    /**
     * @return the RFC 8785 canonical JSON of this event (UTF-8, sorted keys, absent fields omitted): the exact bytes
     *         a journal stores and hashes
     */
    public byte[] toCanonicalJson() {
        return CanonicalJson.encode(toMap());
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) SCHEMA_VERSION);
        m.put("id", id.toString());
        m.put("action", action.name());
        m.put("recorded", TIME.format(recorded));
        m.put("outcome", outcome.name());
        m.put("component", component);
        put(m, "principal", principal);
        put(m, "role", role);
        put(m, "serviceAccount", serviceAccount);
        if (destination != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("vendor", destination.vendor());
            d.put("model", destination.model());
            d.put("baa", destination.baa());
            d.put("inHouse", destination.inHouse());
            m.put("destination", d);
        }
        if (purpose != null) {
            m.put("purpose", purpose.name());
        }
        if (!phiCounts.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            phiCounts.forEach((k, v) -> c.put(k.name(), (long) v));
            m.put("phiCounts", c);
        }
        if (policyId != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", policyId);
            put(p, "version", policyVersion);
            m.put("policy", p);
        }
        if (!keyIds.isEmpty()) {
            m.put("keyIds", new ArrayList<Object>(keyIds));
        }
        put(m, "invocation", invocationId);
        put(m, "conversation", conversation);
        if (subject != null) {
            m.put("subject", digest(subject));
        }
        if (!recordRefs.isEmpty()) {
            m.put("records", digestList(recordRefs));
        }
        if (!queryRefs.isEmpty()) {
            m.put("queries", digestList(queryRefs));
        }
        if (!digests.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            digests.forEach((k, v) -> d.put(k, digest(v)));
            m.put("digests", d);
        }
        put(m, "reason", reasonCode);
        if (!details.isEmpty()) {
            m.put("details", new LinkedHashMap<String, Object>(details));
        }
        if (!measures.isEmpty()) {
            m.put("measures", new LinkedHashMap<String, Object>(measures));
        }
        return m;
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static Map<String, Object> digest(KeyedDigest d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", d.keyId());
        m.put("mac", d.value());
        return m;
    }

    private static List<Object> digestList(List<KeyedDigest> ds) {
        List<Object> l = new ArrayList<>(ds.size());
        for (KeyedDigest d : ds) {
            l.add(digest(d));
        }
        return l;
    }

    /**
     * Reads an event back from its canonical JSON, with every check {@link Builder} applies, and requires the bytes
     * to be canonical (a re-encoded event must equal them byte for byte).
     *
     * @param canonicalJson the bytes of {@link #toCanonicalJson()}
     * @return the event
     * @throws AuditFormatException if the bytes are not a valid canonical event; the message holds no content
     */
    public static AuditEvent parse(byte[] canonicalJson) {
        Objects.requireNonNull(canonicalJson, "canonicalJson");
        AuditEvent e = fromMap(CanonicalJson.parseObject(canonicalJson));
        if (!java.util.Arrays.equals(e.toCanonicalJson(), canonicalJson)) {
            throw new AuditFormatException("event is not in canonical form");
        }
        return e;
    }

    static AuditEvent fromMap(Map<String, Object> m) {
        try {
            return readMap(new Fields(m));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | DateTimeParseException e) {
            throw new AuditFormatException("invalid audit event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static AuditEvent readMap(Fields f) {
        if (f.num("v") != SCHEMA_VERSION) {
            throw new AuditFormatException("unsupported audit event schema version");
        }
        Builder b = builder(AuditAction.valueOf(f.str("action")))
                .id(UUID.fromString(f.str("id")))
                .recorded(TIME.parse(f.str("recorded"), Instant::from))
                .outcome(AuditOutcome.valueOf(f.str("outcome")))
                .component(f.str("component"));
        String s;
        if ((s = f.optStr("principal")) != null) {
            b.principal(s);
        }
        if ((s = f.optStr("role")) != null) {
            b.role(s);
        }
        if ((s = f.optStr("serviceAccount")) != null) {
            b.serviceAccount(s);
        }
        Fields d = f.optObj("destination");
        if (d != null) {
            Destination.Builder db = Destination.builder(
                    Identifiers.check("destination vendor", d.str("vendor")))
                    .model(Identifiers.checkModelName("destination model", d.str("model")));
            if (d.bool("baa")) {
                db.baa();
            }
            if (d.bool("inHouse")) {
                db.inHouse();
            }
            d.done();
            b.destination(db.build());
        }
        if ((s = f.optStr("purpose")) != null) {
            b.purpose(Purpose.valueOf(s));
        }
        Fields c = f.optObj("phiCounts");
        if (c != null) {
            for (String k : c.keys()) {
                b.phiCount(PhiType.valueOf(k), Math.toIntExact(c.num(k)));
            }
            c.done();
        }
        Fields p = f.optObj("policy");
        if (p != null) {
            b.policy(p.str("id"), p.optStr("version"));
            p.done();
        }
        for (Object k : f.optList("keyIds")) {
            b.keyId((String) k);
        }
        if ((s = f.optStr("invocation")) != null) {
            b.invocationId(s);
        }
        if ((s = f.optStr("conversation")) != null) {
            b.conversation(s);
        }
        Fields sub = f.optObj("subject");
        if (sub != null) {
            b.subject = readDigest(sub);
        }
        for (Object o : f.optList("records")) {
            b.addRecordRef(readDigest(Fields.of(o)));
        }
        for (Object o : f.optList("queries")) {
            b.addQueryRef(readDigest(Fields.of(o)));
        }
        Fields ds = f.optObj("digests");
        if (ds != null) {
            for (String k : ds.keys()) {
                b.putDigest(k, readDigest(ds.obj(k)));
            }
            ds.done();
        }
        if ((s = f.optStr("reason")) != null) {
            b.reasonCode(s);
        }
        Fields det = f.optObj("details");
        if (det != null) {
            for (String k : det.keys()) {
                b.detail(k, det.str(k));
            }
            det.done();
        }
        Fields mea = f.optObj("measures");
        if (mea != null) {
            for (String k : mea.keys()) {
                b.measure(k, mea.num(k));
            }
            mea.done();
        }
        f.done();
        return b.build();
    }

    private static KeyedDigest readDigest(Fields f) {
        KeyedDigest d = KeyedDigest.parse(f.str("kid"), f.str("mac"));
        f.done();
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEvent && java.util.Arrays.equals(((AuditEvent) o).toCanonicalJson(), toCanonicalJson());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Shows the action, outcome, id, time and PHI total: identifiers only, like the event itself. */
    @Override
    public String toString() {
        return "AuditEvent{" + action + ", " + outcome + ", id=" + id + ", recorded=" + recorded + ", component="
                + component + ", phi=" + phiTotal() + "}";
    }

    /**
     * Builder of an {@link AuditEvent}. Every setter checks its argument at once: identifiers must match
     * {@code [A-Za-z0-9._:@/#*|-]{1,128}} and not look like an SSN, phone number or date; bad values raise
     * {@link IllegalArgumentException} naming the field, never the value. Not thread-safe.
     */
    public static final class Builder {
        private UUID id;
        private final AuditAction action;
        private Instant recorded;
        private AuditOutcome outcome;
        private String principal;
        private String role;
        private String serviceAccount;
        private String component;
        private Destination destination;
        private Purpose purpose;
        private final Map<PhiType, Integer> phiCounts = new EnumMap<>(PhiType.class);
        private String policyId;
        private String policyVersion;
        private final Set<String> keyIds = new TreeSet<>();
        private String invocationId;
        private String conversation;
        private KeyedDigest subject;
        private final List<KeyedDigest> recordRefs = new ArrayList<>();
        private final List<KeyedDigest> queryRefs = new ArrayList<>();
        private final Map<String, KeyedDigest> digests = new TreeMap<>();
        private String reasonCode;
        private final Map<String, String> details = new TreeMap<>();
        private final Map<String, Long> measures = new TreeMap<>();

        private Builder(AuditAction action) {
            this.action = Objects.requireNonNull(action, "action");
        }

        /**
         * @param id the event id; by default a random UUID is drawn at {@link #build()}
         * @return this builder
         */
        public Builder id(UUID id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * @param recorded when the event happened; truncated to milliseconds. Default: the time of {@link #build()}
         * @return this builder
         */
        public Builder recorded(Instant recorded) {
            Objects.requireNonNull(recorded, "recorded");
            if (recorded.isBefore(Instant.EPOCH) || recorded.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                throw new IllegalArgumentException("recorded must lie between 1970 and 9999");
            }
            this.recorded = recorded;
            return this;
        }

        /**
         * @param outcome how the operation ended (required)
         * @return this builder
         */
        public Builder outcome(AuditOutcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /**
         * @param principal the workforce member or system that asked: an opaque id (e.g. an IdP subject)
         * @return this builder
         */
        public Builder principal(String principal) {
            this.principal = Identifiers.check("principal", principal);
            return this;
        }

        /**
         * @param role the principal's role, e.g. {@code clinician}
         * @return this builder
         */
        public Builder role(String role) {
            this.role = Identifiers.check("role", role);
            return this;
        }

        /**
         * @param serviceAccount the service account of the AI component that acted, e.g. {@code svc-rag}
         * @return this builder
         */
        public Builder serviceAccount(String serviceAccount) {
            this.serviceAccount = Identifiers.check("serviceAccount", serviceAccount);
            return this;
        }

        /**
         * @param component the component that observed the event (required), e.g. {@code phi-langchain4j/chat}
         * @return this builder
         */
        public Builder component(String component) {
            this.component = Identifiers.check("component", component);
            return this;
        }

        /**
         * @param destination where text went; its vendor and model must be identifiers
         * @return this builder
         */
        public Builder destination(Destination destination) {
            Objects.requireNonNull(destination, "destination");
            Identifiers.check("destination vendor", destination.vendor());
            Identifiers.checkModelName("destination model", destination.model());
            this.destination = destination;
            return this;
        }

        /**
         * @param purpose the purpose of use; required for actions that access PHI
         * @return this builder
         */
        public Builder purpose(Purpose purpose) {
            this.purpose = Objects.requireNonNull(purpose, "purpose");
            return this;
        }

        /**
         * Sets the count of one PHI type (replacing an earlier count of that type).
         *
         * @param type  the PHI type
         * @param count how many items, 0 or more
         * @return this builder
         */
        public Builder phiCount(PhiType type, int count) {
            Objects.requireNonNull(type, "type");
            if (count < 0) {
                throw new IllegalArgumentException("PHI count must not be negative");
            }
            phiCounts.put(type, count);
            return this;
        }

        /**
         * Adds counts per PHI type, e.g. a filter result's counts.
         *
         * @param counts counts per type, each 0 or more
         * @return this builder
         */
        public Builder phiCounts(Map<PhiType, Integer> counts) {
            Objects.requireNonNull(counts, "counts");
            counts.forEach((k, v) -> phiCount(k, Objects.requireNonNull(v, "count")));
            return this;
        }

        /**
         * @param id      the policy's id
         * @param version its version, or null if unversioned
         * @return this builder
         */
        public Builder policy(String id, String version) {
            this.policyId = Identifiers.check("policy id", id);
            this.policyVersion = version == null ? null : Identifiers.check("policy version", version);
            return this;
        }

        /**
         * @param keyId the id of a key used by the operation (never key material); may be called repeatedly
         * @return this builder
         */
        public Builder keyId(String keyId) {
            Identifiers.check("keyId", keyId);
            if (keyIds.size() >= MAX_ENTRIES && !keyIds.contains(keyId)) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " key ids per event");
            }
            keyIds.add(keyId);
            return this;
        }

        /**
         * @param invocationId the AI invocation's correlation id (trace or request id)
         * @return this builder
         */
        public Builder invocationId(String invocationId) {
            this.invocationId = Identifiers.check("invocationId", invocationId);
            return this;
        }

        /**
         * @param conversation the opaque conversation id
         * @return this builder
         */
        public Builder conversation(String conversation) {
            this.conversation = Identifiers.check("conversation", conversation);
            return this;
        }

        /**
         * Records the patient as a keyed digest of their id; the id itself is not kept.
         *
         * @param key       the audit pseudonymisation key
         * @param patientId the patient's id (may be PHI, e.g. an MRN)
         * @return this builder
         */
        public Builder subject(KeyedHash key, String patientId) {
            this.subject = KeyedDigest.of(key, patientId);
            return this;
        }

        /**
         * Adds a keyed digest of a record or segment id that the operation touched; the id is not kept.
         *
         * @param key      the audit pseudonymisation key
         * @param recordId the record id
         * @return this builder
         */
        public Builder recordRef(KeyedHash key, String recordId) {
            return addRecordRef(KeyedDigest.of(key, recordId));
        }

        /**
         * Adds a keyed digest of a query or prompt; the text is not kept.
         *
         * @param key   the audit pseudonymisation key
         * @param query the query text
         * @return this builder
         */
        public Builder queryRef(KeyedHash key, String query) {
            return addQueryRef(KeyedDigest.of(key, query));
        }

        /**
         * Adds a named keyed digest computed elsewhere (e.g. {@code approved-text}), replacing one of that name.
         *
         * @param name   an identifier naming what was hashed
         * @param digest the digest
         * @return this builder
         */
        public Builder digest(String name, KeyedDigest digest) {
            return putDigest(name, digest);
        }

        /**
         * @param reasonCode a stable code for why (e.g. {@code no-baa}, {@code journal-unwritable}); never a message
         * @return this builder
         */
        public Builder reasonCode(String reasonCode) {
            this.reasonCode = Identifiers.check("reasonCode", reasonCode);
            return this;
        }

        /**
         * Adds a named identifier (e.g. {@code ticket} = {@code t-42}, {@code decision} = {@code APPROVED}),
         * replacing one of that name. Both are identifiers.
         *
         * @param name  the detail's name
         * @param value its value
         * @return this builder
         */
        public Builder detail(String name, String value) {
            Identifiers.check("detail name", name);
            Identifiers.check("detail value", value);
            if (details.size() >= MAX_ENTRIES && !details.containsKey(name)) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " details per event");
            }
            details.put(name, value);
            return this;
        }

        /**
         * Adds a named measure (e.g. {@code inserted-chars} = 38), replacing one of that name.
         *
         * @param name  the measure's name, an identifier
         * @param value a value of 0 or more
         * @return this builder
         */
        public Builder measure(String name, long value) {
            Identifiers.check("measure name", name);
            if (value < 0) {
                throw new IllegalArgumentException("measure must not be negative");
            }
            if (measures.size() >= MAX_ENTRIES && !measures.containsKey(name)) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " measures per event");
            }
            measures.put(name, value);
            return this;
        }

        Builder addRecordRef(KeyedDigest d) {
            if (recordRefs.size() >= MAX_REFS) {
                throw new IllegalArgumentException("at most " + MAX_REFS + " record refs per event");
            }
            recordRefs.add(Objects.requireNonNull(d, "digest"));
            return this;
        }

        Builder addQueryRef(KeyedDigest d) {
            if (queryRefs.size() >= MAX_REFS) {
                throw new IllegalArgumentException("at most " + MAX_REFS + " query refs per event");
            }
            queryRefs.add(Objects.requireNonNull(d, "digest"));
            return this;
        }

        private Builder putDigest(String name, KeyedDigest d) {
            Identifiers.check("digest name", name);
            Objects.requireNonNull(d, "digest");
            if (digests.size() >= MAX_ENTRIES && !digests.containsKey(name)) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " digests per event");
            }
            digests.put(name, d);
            return this;
        }

        /**
         * @return the event
         * @throws IllegalStateException if the outcome or component is missing, neither principal nor service
         *                               account is set, or a PHI-accessing action has no purpose
         */
        public AuditEvent build() {
            if (outcome == null) {
                throw new IllegalStateException("outcome is required");
            }
            if (component == null) {
                throw new IllegalStateException("component is required");
            }
            if (principal == null && serviceAccount == null) {
                throw new IllegalStateException("principal or serviceAccount is required (who, AU-3 f)");
            }
            if (action.accessesPhi() && purpose == null) {
                throw new IllegalStateException("purpose is required for " + action + " events (45 CFR 164.506)");
            }
            return new AuditEvent(this);
        }
    }

    /** Typed, strict access to a parsed JSON object: every key must be consumed ({@link #done()}). */
    private static final class Fields {
        private final Map<String, Object> m;
        private final Set<String> seen = new TreeSet<>();

        private Fields(Map<String, Object> m) {
            this.m = m;
        }

        @SuppressWarnings("unchecked")
        static Fields of(Object o) {
            if (!(o instanceof Map)) {
                throw new AuditFormatException("expected an object");
            }
            return new Fields((Map<String, Object>) o);
        }

        Set<String> keys() {
            seen.addAll(m.keySet());
            return new TreeSet<>(m.keySet());
        }

        private Object get(String k, boolean required) {
            seen.add(k);
            Object v = m.get(k);
            if (v == null && required) {
                throw new AuditFormatException("missing field '" + k + "'");
            }
            return v;
        }

        String str(String k) {
            Object v = get(k, true);
            if (!(v instanceof String)) {
                throw new AuditFormatException("field '" + k + "' must be a string");
            }
            return (String) v;
        }

        String optStr(String k) {
            return get(k, false) == null ? null : str(k);
        }

        long num(String k) {
            Object v = get(k, true);
            if (!(v instanceof Long)) {
                throw new AuditFormatException("field '" + k + "' must be an integer");
            }
            return (Long) v;
        }

        boolean bool(String k) {
            Object v = get(k, true);
            if (!(v instanceof Boolean)) {
                throw new AuditFormatException("field '" + k + "' must be a boolean");
            }
            return (Boolean) v;
        }

        Fields obj(String k) {
            return of(get(k, true));
        }

        Fields optObj(String k) {
            Object v = get(k, false);
            return v == null ? null : of(v);
        }

        List<?> optList(String k) {
            Object v = get(k, false);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List)) {
                throw new AuditFormatException("field '" + k + "' must be an array");
            }
            return (List<?>) v;
        }

        void done() {
            if (!seen.containsAll(m.keySet())) {
                throw new AuditFormatException("unknown field in audit event");
            }
        }
    }
}
