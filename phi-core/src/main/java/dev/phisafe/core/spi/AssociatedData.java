package dev.phisafe.core.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The canonical associated data that binds a ciphertext to its place: format version, tenant, store, record id and
 * field. Every module that encrypts records (the encrypted embedding store, metadata, exact vectors) builds its
 * associated data with this class, so the same place always gives the same bytes and a ciphertext moved to another
 * tenant, store, record or field fails to decrypt (45 CFR 164.312(c)(1): no undetected substitution).
 *
 * <p><b>Encoding</b> (format 1), with {@code LP(x) = uint32_be(length of x in bytes) || x} and strings in UTF-8:
 * <pre>
 * LP("phisafe.aad") || LP(uint32_be(formatVersion)) || LP(tenant) || LP(store) || LP(recordId) || LP(field)
 * </pre>
 * The domain tag keeps these bytes from ever equalling associated data of another protocol; the length prefixes
 * make the encoding injective (no {@code "a|b"} versus {@code "a", "|b"} ambiguity, whatever the components hold).
 * Known answer (tested): tenant {@code t-001}, store {@code notes}, record {@code 3f2a9c}, field {@code text},
 * format 1 give {@code 0000000b 706869736166652e616164 00000004 00000001 00000005 742d303031 00000005 6e6f746573
 * 00000006 336632613963 00000004 74657874}.
 *
 * <p><b>Not secret.</b> Like the AWS Encryption SDK's encryption context, associated data is authenticated but not
 * encrypted and may be logged (see {@link #toString()}): components must be opaque ids, never PHI (no names, no
 * MRNs in record ids).
 *
 * <p>Immutable and thread-safe. Components must be 1 to {@value #MAX_COMPONENT_LENGTH} characters of well-formed
 * Unicode (a lone surrogate would otherwise be encoded as {@code ?} and collide with a real question mark).
 */
public final class AssociatedData {

    /** The format {@link Builder#formatVersion} defaults to. */
    public static final int CURRENT_FORMAT = 1;
    /** The most characters one component may hold. */
    public static final int MAX_COMPONENT_LENGTH = 1024;

    private static final byte[] DOMAIN = "phisafe.aad".getBytes(StandardCharsets.US_ASCII);

    private final int formatVersion;
    private final String tenant;
    private final String store;
    private final String recordId;
    private final String field;
    private final byte[] encoded;

    private AssociatedData(Builder b) {
        this.formatVersion = b.formatVersion;
        this.tenant = b.tenant;
        this.store = b.store;
        this.recordId = b.recordId;
        this.field = b.field;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        lp(out, DOMAIN);
        lp(out, ByteBuffer.allocate(4).putInt(formatVersion).array());
        lp(out, utf8(tenant, "tenant"));
        lp(out, utf8(store, "store"));
        lp(out, utf8(recordId, "recordId"));
        lp(out, utf8(field, "field"));
        this.encoded = out.toByteArray();
    }

    /** @return a builder with the current format and no components */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this value's components, e.g. to change only the field */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.formatVersion = formatVersion;
        b.tenant = tenant;
        b.store = store;
        b.recordId = recordId;
        b.field = field;
        return b;
    }

    /** @return the canonical bytes to pass as associated data (a fresh copy) */
    public byte[] toBytes() {
        return encoded.clone();
    }

    /** @return the format version */
    public int formatVersion() {
        return formatVersion;
    }

    /** @return the tenant id */
    public String tenant() {
        return tenant;
    }

    /** @return the store (collection, table) name */
    public String store() {
        return store;
    }

    /** @return the record id (opaque, never PHI) */
    public String recordId() {
        return recordId;
    }

    /** @return the field name */
    public String field() {
        return field;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssociatedData && Arrays.equals(encoded, ((AssociatedData) o).encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    /** @return the components (not secret by contract) */
    @Override
    public String toString() {
        return "AssociatedData{v" + formatVersion + ", tenant=" + tenant + ", store=" + store + ", record=" + recordId
                + ", field=" + field + "}";
    }

    private static void lp(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] utf8(String s, String name) {
        // a lone surrogate would be replaced by '?' by getBytes: refuse it instead (the encoding must be injective)
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException(name + " is not well-formed Unicode (lone surrogate)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(name + " is not well-formed Unicode (lone surrogate)");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Builds an {@link AssociatedData}; every component is required. Not thread-safe. */
    public static final class Builder {
        private int formatVersion = CURRENT_FORMAT;
        private String tenant;
        private String store;
        private String recordId;
        private String field;

        private Builder() {
        }

        /**
         * @param version the format version (at least 1; default {@link #CURRENT_FORMAT})
         * @return this builder
         * @throws IllegalArgumentException if the version is below 1
         */
        public Builder formatVersion(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("formatVersion must be at least 1, got " + version);
            }
            this.formatVersion = version;
            return this;
        }

        /**
         * @param tenant the tenant id (opaque)
         * @return this builder
         * @throws IllegalArgumentException if empty, too long or not well-formed Unicode
         */
        public Builder tenant(String tenant) {
            this.tenant = check(tenant, "tenant");
            return this;
        }

        /**
         * @param store the store, collection or table name
         * @return this builder
         * @throws IllegalArgumentException if empty, too long or not well-formed Unicode
         */
        public Builder store(String store) {
            this.store = check(store, "store");
            return this;
        }

        /**
         * @param recordId the record id (opaque; never an MRN or other PHI)
         * @return this builder
         * @throws IllegalArgumentException if empty, too long or not well-formed Unicode
         */
        public Builder recordId(String recordId) {
            this.recordId = check(recordId, "recordId");
            return this;
        }

        /**
         * @param field the field within the record ({@code text}, {@code metadata}, {@code vector}, ...)
         * @return this builder
         * @throws IllegalArgumentException if empty, too long or not well-formed Unicode
         */
        public Builder field(String field) {
            this.field = check(field, "field");
            return this;
        }

        /**
         * @return the associated data
         * @throws IllegalStateException if a component is missing (naming it)
         */
        public AssociatedData build() {
            for (String[] c : new String[][] {{"tenant", tenant}, {"store", store}, {"recordId", recordId},
                {"field", field}}) {
                if (c[1] == null) {
                    throw new IllegalStateException("AssociatedData needs " + c[0] + "(...)");
                }
            }
            return new AssociatedData(this);
        }

        private static String check(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            if (value.length() > MAX_COMPONENT_LENGTH) {
                throw new IllegalArgumentException(name + " is longer than " + MAX_COMPONENT_LENGTH + " characters: "
                        + value.length());
            }
            utf8(value, name);
            return value;
        }
    }
}
