package dev.phisafe.tink;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.mac.HmacKey;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.spi.Prf;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Raw keys made elsewhere (an HSM export, another system's key, a published test vector), imported through Tink into
 * phi-core's SPIs. Outputs have <em>no</em> key-id prefix (the standard formats: GCM {@code iv || ct || tag}, SIV
 * {@code siv || ct}, plain HMAC), so that they interoperate byte for byte; {@code keyIdOf} then names the one imported
 * key. Prefer {@link TinkKeyring} for keys phi-safe generates: it records ids, rotates and crypto-shreds.
 *
 * <p>The key bytes are copied into Tink's {@code SecretBytes}; wipe your array afterwards. No method echoes key
 * material, and a wrong key length fails with {@link IllegalArgumentException} naming the length only.
 */
public final class ImportedKeys {

    private ImportedKeys() {
    }

    /**
     * @param key 32 bytes of AES-256 key
     * @return AES256-GCM, 12-byte random IVs, 16-byte tags, output {@code iv || ciphertext || tag}
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static Aead aes256Gcm(byte[] key) {
        length(key, 32, "AES256-GCM");
        return new TinkAead(source("imported/aes256-gcm", () -> AesGcmKey.builder()
                .setParameters(AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                        .setVariant(AesGcmParameters.Variant.NO_PREFIX).build())
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build()));
    }

    /**
     * @param key 64 bytes (two AES-256 keys, RFC 5297)
     * @return AES256-SIV deterministic AEAD, output {@code siv || ciphertext}
     * @throws IllegalArgumentException if the key is not 64 bytes
     */
    public static DeterministicAead aes256Siv(byte[] key) {
        length(key, 64, "AES256-SIV");
        return new TinkDeterministicAead(source("imported/aes256-siv", () -> AesSivKey.builder()
                .setParameters(AesSivParameters.builder().setKeySizeBytes(64)
                        .setVariant(AesSivParameters.Variant.NO_PREFIX).build())
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build()));
    }

    /**
     * @param key      16 to 64 bytes (32 recommended)
     * @param tagBytes the tag length, 10 to 32 bytes (a truncated HMAC below 32)
     * @return HMAC-SHA256, plain tags of {@code tagBytes}
     * @throws IllegalArgumentException if a length is out of range
     */
    public static Mac hmacSha256(byte[] key, int tagBytes) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16 || key.length > 64) {
            throw new IllegalArgumentException("HMAC-SHA256 keys must be 16 to 64 bytes, got " + key.length);
        }
        if (tagBytes < 10 || tagBytes > 32) {
            throw new IllegalArgumentException("HMAC-SHA256 tags must be 10 to 32 bytes, got " + tagBytes);
        }
        return new TinkMac(source("imported/hmac-sha256", () -> HmacKey.builder()
                .setParameters(HmacParameters.builder().setKeySizeBytes(key.length).setTagSizeBytes(tagBytes)
                        .setHashType(HmacParameters.HashType.SHA256).setVariant(HmacParameters.Variant.NO_PREFIX)
                        .build())
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build()));
    }

    /**
     * @param key 32 bytes
     * @return HMAC-SHA256 PRF (outputs 1 to 32 bytes); also a {@link dev.phisafe.core.spi.KeyedHash} by cast
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static Prf hmacSha256Prf(byte[] key) {
        length(key, 32, "HMAC-SHA256-PRF");
        return new TinkPrf(source("imported/hmac-sha256-prf", () -> HmacPrfKey.builder()
                .setParameters(HmacPrfParameters.builder().setKeySizeBytes(32)
                        .setHashType(HmacPrfParameters.HashType.SHA256).build())
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build()));
    }

    private interface KeyMaker {
        Key make() throws GeneralSecurityException;
    }

    private static KeysetSource source(String name, KeyMaker maker) {
        LoadedKeyset.init();
        try {
            KeysetHandle h = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(maker.make()).withRandomId().makePrimary()).build();
            return KeysetSource.fixed(new LoadedKeyset(name, h));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key could not be imported as " + name, e);
        }
    }

    private static void length(byte[] key, int n, String alg) {
        Objects.requireNonNull(key, "key");
        if (key.length != n) {
            throw new IllegalArgumentException(alg + " keys must be " + n + " bytes, got " + key.length);
        }
    }
}
