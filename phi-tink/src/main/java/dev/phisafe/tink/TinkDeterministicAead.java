package dev.phisafe.tink;

import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.DeterministicAead;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** phi-core's {@link DeterministicAead} over a Tink AES256-SIV keyset (key id in a 5-byte prefix). */
final class TinkDeterministicAead implements DeterministicAead {
    private final KeysetSource source;

    TinkDeterministicAead(KeysetSource source) {
        this.source = source;
    }

    @Override
    public String keyId() {
        return source.current().primaryId();
    }

    @Override
    public byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        LoadedKeyset k = source.current();
        try {
            return k.primitive(com.google.crypto.tink.DeterministicAead.class)
                    .encryptDeterministically(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("token encryption failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(associatedData, "associatedData");
        LoadedKeyset k = source.current();
        try {
            return k.primitive(com.google.crypto.tink.DeterministicAead.class)
                    .decryptDeterministically(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("token decryption failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public String keyIdOf(byte[] ciphertext) {
        return TinkMac.keyIdOf(source, ciphertext);
    }

    @Override
    public String toString() {
        return "TinkDeterministicAead{keyset=" + source.name() + ", algorithm=AES256-SIV}";
    }
}
