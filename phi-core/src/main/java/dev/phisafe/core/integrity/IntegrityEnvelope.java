package dev.phisafe.core.integrity;

import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.Mac;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A sealed statement "this text is segment {@code seg} of version {@code ver} of {@code ref} from {@code src}, for
 * tenant {@code tenant}, with security labels {@code labels}", authenticated by a {@link Mac}: the mechanism to
 * corroborate that ePHI has not been altered or destroyed in an unauthorized manner (45 CFR 164.312(c)(2)), carried
 * with the segment through vector stores, caches and queues (164.312(e)(2)(i)).
 *
 * <p><b>MAC input</b> ({@code phi-seg-mac/v1}), with {@code LP(x) = uint32_be(byte length of x) || x}, strings in
 * UTF-8:
 * <pre>
 * LP("phi-seg-mac/v1") || LP(alg) || LP(kid) || LP(tenant) || LP(src) || LP(ref) || LP(ver) || LP(seg)
 *   || LP(chunker) || LP(ctype) || LP(SHA-256(UTF-8(NFC(text)))) || LP(labels) || LP(created)
 * mac = MAC(key, macInput)                  (HMAC-SHA256 for alg "HS256")
 * </pre>
 * The domain tag prevents cross-protocol reuse; {@code alg} and {@code kid} inside stop algorithm and key
 * substitution; {@code ref}, {@code ver} and {@code seg} stop swapping in a genuine segment of another document or
 * version; {@code labels} (sorted, comma-joined) stop a confidentiality downgrade; hashing the text first keeps the
 * input small. The text is NFC-normalised before hashing, identically at seal and verify, so a store that normalises
 * Unicode does not break the seal; any other change of the text does. {@code created} is UTC with milliseconds,
 * {@code 2026-08-20T09:15:00.000Z}.
 *
 * <p><b>Known answer</b> (tested; computed independently with Python's {@code hmac}/{@code hashlib}): key
 * {@code 00 01 .. 1f}, text {@code "Pt reports chest pain since 2026-08-20; troponin pending."}, alg {@code HS256},
 * kid {@code seg-2026-08}, tenant {@code tenant-a}, src {@code fhir://ehr.example.org}, ref
 * {@code DocumentReference/docref-889}, ver {@code 3}, seg {@code seg-0004}, chunker
 * {@code chunker=recursive-1000-200@1.2}, ctype {@code text/plain;charset=utf-8}, labels {@code R}, created
 * {@code 2026-08-20T09:15:00.000Z} give {@code phi.int.sha256 = V9qGEjjtmqAVB-P9pjV9JKx1tSNn2RMYoM0-AzBqhxQ}, a
 * 260-byte MAC input, and {@code phi.int.mac = Ut5ECYWCt-y4BQniVp9hsSfmMaPsxbXf6Mz_lhKJDPE} (base64url, unpadded).
 *
 * <p><b>Keys.</b> Any {@link Mac}: {@link Mac#jdkHmacSha256} (plain 32-byte tags; the known answer above) or a Tink
 * keyset from phi-tink (tags carry a key-id prefix and still verify after the MAC key rotates). Keep the segment MAC
 * key apart from every other key (separate purpose).
 *
 * <p><b>What it does not do.</b> A MAC proves integrity to key holders only (no third-party non-repudiation); it does
 * not cover the embedding vector (a manipulated vector can change <em>which</em> authentic segments are retrieved);
 * an authentic but outdated version is not tampering (compare {@code ver} with the source system for staleness).
 *
 * <p><b>No PHI outside its lane.</b> The metadata holds ids and a hash of the text, never the text; the hash of a
 * short text can be guessed by hashing candidates, so keep {@code phi.int.sha256} inside the PHI boundary.
 * {@code toString()} shows ids only. Immutable and thread-safe.
 */
public final class IntegrityEnvelope {

    /** The domain tag and format of the MAC input. */
    public static final String FORMAT = "phi-seg-mac/v1";
    /** Metadata key: format version ({@code "1"}). */
    public static final String KEY_FORMAT_VERSION = "phi.int.v";
    /** Metadata key: MAC algorithm label, e.g. {@code HS256}. */
    public static final String KEY_ALGORITHM = "phi.int.alg";
    /** Metadata key: MAC key id. */
    public static final String KEY_KEY_ID = "phi.int.kid";
    /** Metadata key: tenant id. */
    public static final String KEY_TENANT = "phi.tenant";
    /** Metadata key: source system. */
    public static final String KEY_SOURCE = "phi.src";
    /** Metadata key: source resource (document) reference. */
    public static final String KEY_REFERENCE = "phi.ref";
    /** Metadata key: source resource version. */
    public static final String KEY_RESOURCE_VERSION = "phi.ver";
    /** Metadata key: segment id within that version. */
    public static final String KEY_SEGMENT = "phi.seg";
    /** Metadata key: splitter specification (re-chunking must re-seal). */
    public static final String KEY_CHUNKER = "phi.chunker";
    /** Metadata key: content type of the text. */
    public static final String KEY_CONTENT_TYPE = "phi.ctype";
    /** Metadata key: sorted, comma-joined security labels. */
    public static final String KEY_LABELS = "phi.labels";
    /** Metadata key: seal time, UTC with milliseconds. */
    public static final String KEY_CREATED = "phi.created";
    /** Metadata key: base64url SHA-256 of the NFC-normalised UTF-8 text. */
    public static final String KEY_SHA256 = "phi.int.sha256";
    /** Metadata key: base64url MAC. */
    public static final String KEY_MAC = "phi.int.mac";

    /** The most characters a metadata value may hold. */
    public static final int MAX_FIELD_LENGTH = 1024;

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String algorithm;
    private final String keyId;
    private final String tenant;
    private final String source;
    private final String reference;
    private final String resourceVersion;
    private final String segment;
    private final String chunker;
    private final String contentType;
    private final SortedSet<String> labels;
    private final String created;
    private final byte[] textSha256;
    private final byte[] mac;

    private IntegrityEnvelope(Builder b, String algorithm, String keyId, String created, byte[] sha, byte[] mac) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.tenant = b.tenant;
        this.source = b.source;
        this.reference = b.reference;
        this.resourceVersion = b.resourceVersion;
        this.segment = b.segment;
        this.chunker = b.chunker;
        this.contentType = b.contentType;
        this.labels = Collections.unmodifiableSortedSet(new TreeSet<>(b.labels));
        this.created = created;
        this.textSha256 = sha;
        this.mac = mac;
    }

    /** @return a builder for the facts to seal */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the text against this envelope: recomputes the text hash and the MAC over the documented input and
     * compares both in constant time.
     *
     * @param text the segment text as retrieved; not retained
     * @param key  the MAC (same purpose and keyset as at sealing; after rotation, any enabled key verifies)
     * @return whether the text and every sealed fact are exactly as sealed; {@code false} for text that is not
     *         well-formed Unicode, for another algorithm, key, tenant, version, segment, label set, or any change
     * @throws CryptoException if the key is unavailable (fail closed: treat the segment as unverified)
     */
    public boolean verify(String text, Mac key) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(key, "key");
        if (!algorithm.equals(key.algorithm())) {
            return false;
        }
        byte[] sha;
        try {
            sha = sha256(nfcUtf8(text, "text"));
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean hashOk = MessageDigest.isEqual(sha, textSha256);
        boolean macOk = key.verify(mac, macInput(algorithm, keyId, sha));
        return hashOk & macOk;
    }

    /**
     * @return the envelope as string metadata ({@code phi.*} keys), e.g. for a LangChain4j {@code TextSegment}
     */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_FORMAT_VERSION, "1");
        m.put(KEY_ALGORITHM, algorithm);
        m.put(KEY_KEY_ID, keyId);
        m.put(KEY_TENANT, tenant);
        m.put(KEY_SOURCE, source);
        m.put(KEY_REFERENCE, reference);
        m.put(KEY_RESOURCE_VERSION, resourceVersion);
        m.put(KEY_SEGMENT, segment);
        m.put(KEY_CHUNKER, chunker);
        m.put(KEY_CONTENT_TYPE, contentType);
        m.put(KEY_LABELS, String.join(",", labels));
        m.put(KEY_CREATED, created);
        m.put(KEY_SHA256, B64.encodeToString(textSha256));
        m.put(KEY_MAC, B64.encodeToString(mac));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Reads an envelope back from metadata written by {@link #toMetadata()} (other keys are ignored). Reading does not
     * verify anything: call {@link #verify}.
     *
     * @param metadata the metadata
     * @return the envelope
     * @throws IllegalArgumentException naming the key, if one is missing, malformed or of another format version
     *                                  (values are not echoed)
     */
    public static IntegrityEnvelope fromMetadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        if (!"1".equals(metadata.get(KEY_FORMAT_VERSION))) {
            throw new IllegalArgumentException(KEY_FORMAT_VERSION + " is missing or not 1");
        }
        Builder b = builder();
        apply(KEY_TENANT, () -> b.tenant(required(metadata, KEY_TENANT)));
        apply(KEY_SOURCE, () -> b.source(required(metadata, KEY_SOURCE)));
        apply(KEY_REFERENCE, () -> b.reference(required(metadata, KEY_REFERENCE)));
        apply(KEY_RESOURCE_VERSION, () -> b.resourceVersion(required(metadata, KEY_RESOURCE_VERSION)));
        apply(KEY_SEGMENT, () -> b.segment(required(metadata, KEY_SEGMENT)));
        apply(KEY_CHUNKER, () -> b.chunker(required(metadata, KEY_CHUNKER)));
        apply(KEY_CONTENT_TYPE, () -> b.contentType(required(metadata, KEY_CONTENT_TYPE)));
        String labels = metadata.get(KEY_LABELS);
        if (labels == null) {
            throw new IllegalArgumentException(KEY_LABELS + " is missing");
        }
        apply(KEY_LABELS, () -> b.labels(labels.isEmpty() ? java.util.List.of()
                : java.util.List.of(labels.split(",", -1))));
        String labelsJoined = String.join(",", b.labels);
        if (!labelsJoined.equals(labels)) {
            throw new IllegalArgumentException(KEY_LABELS + " is not sorted and distinct");
        }
        String created = required(metadata, KEY_CREATED);
        try {
            b.created(Instant.from(CREATED.parse(created)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(KEY_CREATED + " is not yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
        byte[] sha = base64(metadata, KEY_SHA256);
        if (sha.length != 32) {
            throw new IllegalArgumentException(KEY_SHA256 + " is not a SHA-256 value");
        }
        byte[] mac = base64(metadata, KEY_MAC);
        String alg = required(metadata, KEY_ALGORITHM);
        String kid = required(metadata, KEY_KEY_ID);
        apply(KEY_ALGORITHM, () -> check(alg, "algorithm"));
        apply(KEY_KEY_ID, () -> check(kid, "keyId"));
        return new IntegrityEnvelope(b, alg, kid, CREATED.format(b.created), sha, mac);
    }

    /** @return the MAC algorithm label */
    public String algorithm() {
        return algorithm;
    }

    /** @return the id of the key that sealed */
    public String keyId() {
        return keyId;
    }

    /** @return the tenant id */
    public String tenant() {
        return tenant;
    }

    /** @return the source system */
    public String source() {
        return source;
    }

    /** @return the source resource reference */
    public String reference() {
        return reference;
    }

    /** @return the source resource version */
    public String resourceVersion() {
        return resourceVersion;
    }

    /** @return the segment id */
    public String segment() {
        return segment;
    }

    /** @return the splitter specification */
    public String chunker() {
        return chunker;
    }

    /** @return the content type */
    public String contentType() {
        return contentType;
    }

    /** @return the security labels, sorted */
    public SortedSet<String> labels() {
        return labels;
    }

    /** @return the seal time (milliseconds) */
    public Instant created() {
        return Instant.from(CREATED.parse(created));
    }

    /** @return base64url SHA-256 of the NFC-normalised text (keep inside the PHI boundary) */
    public String textSha256() {
        return B64.encodeToString(textSha256);
    }

    /** @return base64url MAC */
    public String mac() {
        return B64.encodeToString(mac);
    }

    /** @return ids only: no text hash, no MAC */
    @Override
    public String toString() {
        return "IntegrityEnvelope{" + FORMAT + ", alg=" + algorithm + ", kid=" + keyId + ", tenant=" + tenant
                + ", ref=" + reference + ", ver=" + resourceVersion + ", seg=" + segment + ", labels=" + labels + "}";
    }

    byte[] macInput(String alg, String kid, byte[] sha) {
        return macInput(alg, kid, tenant, source, reference, resourceVersion, segment, chunker, contentType, sha,
                String.join(",", labels), created);
    }

    static byte[] macInput(String alg, String kid, String tenant, String source, String reference, String version,
            String segment, String chunker, String contentType, byte[] sha, String labels, String created) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        for (Object part : new Object[] {FORMAT, alg, kid, tenant, source, reference, version, segment, chunker,
            contentType, sha, labels, created}) {
            byte[] b = part instanceof byte[] ? (byte[]) part : ((String) part).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] nfcUtf8(String s, String what) {
        return utf8(Normalizer.normalize(s, Normalizer.Form.NFC), what);
    }

    private static byte[] utf8(String s, String what) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not well-formed Unicode (lone surrogate)");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }

    /** Runs a builder step; a rejection names the metadata key (the value is not echoed). */
    private static void apply(String key, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(key) ? e.getMessage()
                    : key + " is invalid: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v;
    }

    private static byte[] base64(Map<String, String> m, String key) {
        try {
            return Base64.getUrlDecoder().decode(required(m, key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not base64url");
        }
    }

    private static String check(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (value.length() > MAX_FIELD_LENGTH) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_FIELD_LENGTH + " characters");
        }
        utf8(value, name);
        return value;
    }

    /** Collects the facts to seal; every field except labels is required. Not thread-safe. */
    public static final class Builder {
        private String tenant;
        private String source;
        private String reference;
        private String resourceVersion;
        private String segment;
        private String chunker;
        private String contentType;
        private SortedSet<String> labels = new TreeSet<>();
        private Instant created;

        private Builder() {
        }

        /**
         * @param tenant the tenant id
         * @return this builder
         * @throws IllegalArgumentException if empty, longer than {@value #MAX_FIELD_LENGTH} or not well-formed Unicode
         */
        public Builder tenant(String tenant) {
            this.tenant = check(tenant, "tenant");
            return this;
        }

        /**
         * @param source the source system, e.g. {@code fhir://ehr.example.org}
         * @return this builder
         */
        public Builder source(String source) {
            this.source = check(source, "source");
            return this;
        }

        /**
         * @param reference the source resource, e.g. {@code DocumentReference/docref-889} (an id, never PHI)
         * @return this builder
         */
        public Builder reference(String reference) {
            this.reference = check(reference, "reference");
            return this;
        }

        /**
         * @param version the source resource version (FHIR {@code meta.versionId})
         * @return this builder
         */
        public Builder resourceVersion(String version) {
            this.resourceVersion = check(version, "resourceVersion");
            return this;
        }

        /**
         * @param segment the segment id within that version
         * @return this builder
         */
        public Builder segment(String segment) {
            this.segment = check(segment, "segment");
            return this;
        }

        /**
         * @param chunker the splitter specification, e.g. {@code chunker=recursive-1000-200@1.2}
         * @return this builder
         */
        public Builder chunker(String chunker) {
            this.chunker = check(chunker, "chunker");
            return this;
        }

        /**
         * @param contentType the content type, e.g. {@code text/plain;charset=utf-8}
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = check(contentType, "contentType");
            return this;
        }

        /**
         * @param labels security labels (e.g. HL7 confidentiality codes {@code R}, {@code N}); stored sorted
         * @return this builder
         * @throws IllegalArgumentException if a label is empty, holds a comma, or repeats
         */
        public Builder labels(Collection<String> labels) {
            Objects.requireNonNull(labels, "labels");
            SortedSet<String> s = new TreeSet<>();
            for (String l : labels) {
                check(l, "label");
                if (l.indexOf(',') >= 0) {
                    throw new IllegalArgumentException("a label must not contain a comma");
                }
                if (!s.add(l)) {
                    throw new IllegalArgumentException("labels repeat");
                }
            }
            this.labels = s;
            return this;
        }

        /**
         * @param created the seal time (kept to the millisecond)
         * @return this builder
         */
        public Builder created(Instant created) {
            this.created = Objects.requireNonNull(created, "created").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            return this;
        }

        /**
         * Seals the text with the current key of {@code key}.
         *
         * @param text the segment text (any length; NFC-normalised for hashing only)
         * @param key  the segment MAC
         * @return the envelope
         * @throws IllegalStateException    naming the first missing field
         * @throws IllegalArgumentException if the text is not well-formed Unicode
         * @throws CryptoException          if the key is unavailable
         */
        public IntegrityEnvelope seal(String text, Mac key) {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(key, "key");
            String[][] fields = {{"tenant", tenant}, {"source", source}, {"reference", reference},
                {"resourceVersion", resourceVersion}, {"segment", segment}, {"chunker", chunker},
                {"contentType", contentType}};
            for (String[] f : fields) {
                if (f[1] == null) {
                    throw new IllegalStateException("IntegrityEnvelope needs " + f[0] + "(...)");
                }
            }
            if (created == null) {
                throw new IllegalStateException("IntegrityEnvelope needs created(...)");
            }
            String alg = check(key.algorithm(), "algorithm");
            String kid = check(key.keyId(), "keyId");
            byte[] sha = sha256(nfcUtf8(text, "text"));
            String createdText = CREATED.format(created);
            byte[] input = macInput(alg, kid, tenant, source, reference, resourceVersion, segment, chunker,
                    contentType, sha, String.join(",", labels), createdText);
            return new IntegrityEnvelope(this, alg, kid, createdText, sha, key.computeMac(input));
        }
    }
}
