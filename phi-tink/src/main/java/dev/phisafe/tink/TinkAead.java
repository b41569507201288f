package dev.phisafe.tink;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.CryptoException;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** phi-core's {@link Aead} over a Tink AES256-GCM keyset (randomised, key id in a 5-byte prefix). */
final class TinkAead implements Aead {
    private final KeysetSource source;

    TinkAead(KeysetSource source) {
        this.source = source;
    }

    @Override
    public String keyId() {
        return source.current().primaryId();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        LoadedKeyset k = source.current();
        try {
            return k.primitive(com.google.crypto.tink.Aead.class).encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("encryption failed (keyset " + source.name() + ", key " + k.primaryId() + ")", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(associatedData, "associatedData");
        LoadedKeyset k = source.current();
        try {
            return k.primitive(com.google.crypto.tink.Aead.class).decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            // altered, truncated, other associated data, or the key is disabled/deleted: all look the same on purpose
            throw new CryptoException("decryption failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public String keyIdOf(byte[] ciphertext) {
        return TinkMac.keyIdOf(source, ciphertext);
    }

    @Override
    public String toString() {
        return "TinkAead{keyset=" + source.name() + ", algorithm=AES256-GCM}";
    }
}
