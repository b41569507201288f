package dev.phisafe.core.audit;

import dev.phisafe.core.spi.KeyedHash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A keyed hash (HMAC) of a value that must not appear in an audit record — a record id, a query, a patient id —
 * with the non-secret id of the key. Holders of the key can test whether a known value matches ({@link #matches}),
 * as HashiCorp Vault's audit-hash does; nobody else learns anything. Unkeyed hashes are deliberately not offered:
 * short clinical strings are brute-forceable (NIST SP 800-53 AU-3(3), 45 CFR 164.514(c)).
 *
 * <p>Immutable. The value is unpadded base64url.
 */
public final class KeyedDigest {
    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]{22,86}");
    private final String keyId;
    private final String value;

    private KeyedDigest(String keyId, String value) {
        this.keyId = keyId;
        this.value = value;
    }

    /**
     * @param key  the audit pseudonymisation key
     * @param data the value to hide (UTF-8); not retained
     * @return its keyed digest
     * @throws IllegalArgumentException if the key's id is not an identifier or its tags are shorter than 16 bytes
     */
    public static KeyedDigest of(KeyedHash key, String data) {
        Objects.requireNonNull(data, "data");
        return of(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param key  the audit pseudonymisation key
     * @param data the bytes to hide; not retained
     * @return their keyed digest
     * @throws IllegalArgumentException if the key's id is not an identifier or its tags are shorter than 16 bytes
     */
    public static KeyedDigest of(KeyedHash key, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        String kid = Identifiers.check("keyId", key.keyId());
        byte[] tag = key.hash(data);
        if (tag == null || tag.length < 16 || tag.length > 64) {
            throw new IllegalArgumentException("keyed hash '" + kid + "' must return 16-64 bytes");
        }
        return new KeyedDigest(kid, Base64.getUrlEncoder().withoutPadding().encodeToString(tag));
    }

    /** Rebuilds a digest read from a stored record; package-private, checked. */
    static KeyedDigest parse(String keyId, String value) {
        if (!Identifiers.valid(keyId) || value == null || !B64URL.matcher(value).matches()) {
            throw new AuditFormatException("malformed keyed digest");
        }
        return new KeyedDigest(keyId, value);
    }

    /** @return the id of the key that made this digest (never key material) */
    public String keyId() {
        return keyId;
    }

    /** @return the digest, unpadded base64url */
    public String value() {
        return value;
    }

    /**
     * Tests, in constant time, whether {@code candidate} is the value this digest hides.
     *
     * @param key       the key; must have the same id
     * @param candidate the value to test
     * @return true if it matches
     */
    public boolean matches(KeyedHash key, String candidate) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(candidate, "candidate");
        if (!keyId.equals(key.keyId())) {
            return false;
        }
        KeyedDigest other = of(key, candidate);
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                other.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedDigest && ((KeyedDigest) o).keyId.equals(keyId) && ((KeyedDigest) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, value);
    }

    @Override
    public String toString() {
        return "KeyedDigest{" + keyId + ":" + value + "}";
    }
}
