package dev.phisafe.core.spi;

import dev.phisafe.core.PhiProcessingException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with the JDK's provider. The key is held as a {@link SecretKeySpec}; toString shows only the id. */
final class JdkHmacSha256 implements KeyedHash {
    private final SecretKeySpec key;
    private final String keyId;

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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("HMAC-SHA256 unavailable for key '" + keyId + "'", e);
        }
    }

    @Override
    public String toString() {
        return "JdkHmacSha256{keyId=" + keyId + "}";
    }
}
