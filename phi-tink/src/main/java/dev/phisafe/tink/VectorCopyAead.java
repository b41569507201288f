package dev.phisafe.tink;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.spi.Aead;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * phi-core's {@link Aead} over a Tink AEAD keyset, used for the exact copies when the caller hands
 * {@link DcpeVectorCipher.Builder#exactCopyKeyset} a keyset rather than an {@link Aead}. Tink's own prefix carries
 * the key id in each ciphertext and decryption tries every enabled key (rotation).
 */
final class VectorCopyAead implements Aead {
    private final com.google.crypto.tink.Aead aead;
    private final String keyId;

    private VectorCopyAead(com.google.crypto.tink.Aead aead, String keyId) {
        this.aead = aead;
        this.keyId = keyId;
    }

    static VectorCopyAead of(KeysetHandle keyset) {
        Objects.requireNonNull(keyset, "exactCopyKeyset");
        try {
            AeadConfig.register();
            com.google.crypto.tink.Aead aead = keyset.getPrimitive(RegistryConfiguration.get(),
                    com.google.crypto.tink.Aead.class);
            return new VectorCopyAead(aead, Integer.toUnsignedString(keyset.getPrimary().getId()));
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new IllegalArgumentException("exactCopyKeyset must be a Tink AEAD keyset with a primary key"
                    + " (AES256_GCM recommended)", e);
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("exact vector copy could not be encrypted with key " + keyId, e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("exact vector copy failed authentication", e);
        }
    }

    @Override
    public String toString() {
        return "VectorCopyAead{keyId=" + keyId + "}";
    }
}
