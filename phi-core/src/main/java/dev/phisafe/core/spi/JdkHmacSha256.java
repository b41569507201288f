package dev.phisafe.core.spi;

import dev.phisafe.core.PhiProcessingException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with the JDK's provider, as a {@link KeyedHash} and as a {@link Mac} (32-byte tags, no key-id prefix).
 * The key is held as a {@link SecretKeySpec}; toString shows only the id.
 */
final class JdkHmacSha256 implements KeyedHash, Mac {
    private final SecretKeySpec key;
    private final String keyId;
    /** One initialised Mac per thread: creating and keying a Mac costs more than a short HMAC itself. */
    private final ThreadLocal<javax.crypto.Mac> macs = ThreadLocal.withInitial(this::newMac);

    JdkHmacSha256(byte[] key, String keyId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyId, "keyId");
        if (key.length < 32) {
            throw new IllegalArgumentException("HMAC-SHA256 keys need at least 32 bytes, got " + key.length);
        }
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId must not be blank");
        }
        byte[] copy = Arrays.copyOf(key, key.length);
        this.key = new SecretKeySpec(copy, "HmacSHA256");
        Arrays.fill(copy, (byte) 0);
        this.keyId = keyId;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] hash(byte[] data) {
        Objects.requireNonNull(data, "data");
        return macs.get().doFinal(data);   // doFinal resets the Mac for the next call
    }

    @Override
    public String algorithm() {
        return "HS256";
    }

    @Override
    public byte[] computeMac(byte[] data) {
        return hash(data);
    }

    @Override
    public boolean verify(byte[] tag, byte[] data) {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(data, "data");
        byte[] expected = hash(data);
        return MessageDigest.isEqual(expected, tag);   // constant time for equal lengths; false for other lengths
    }

    private javax.crypto.Mac newMac() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("HMAC-SHA256 unavailable for key '" + keyId + "'", e);
        }
    }

    @Override
    public String toString() {
        return "JdkHmacSha256{keyId=" + keyId + "}";
    }
}
