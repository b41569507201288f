package dev.phisafe.tink;

import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.Mac;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** phi-core's {@link Mac} over a Tink HMAC-SHA256 keyset; verify tries every enabled key (constant time each). */
final class TinkMac implements Mac {
    private final KeysetSource source;

    TinkMac(KeysetSource source) {
        this.source = source;
    }

    @Override
    public String keyId() {
        return source.current().primaryId();
    }

    @Override
    public String algorithm() {
        return "HS256";
    }

    @Override
    public byte[] computeMac(byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            return source.current().primitive(com.google.crypto.tink.Mac.class).computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("MAC failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public boolean verify(byte[] tag, byte[] data) {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(data, "data");
        com.google.crypto.tink.Mac mac = source.current().primitive(com.google.crypto.tink.Mac.class);
        try {
            mac.verifyMac(tag, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TinkMac{keyset=" + source.name() + ", algorithm=HMAC-SHA256}";
    }

    /** The key id in a TINK-prefixed output; for a one-key raw (imported) keyset, that key's id. */
    static String keyIdOf(KeysetSource source, byte[] output) {
        Objects.requireNonNull(output, "ciphertext");
        LoadedKeyset k = source.current();
        String id = LoadedKeyset.prefixedKeyId(output);
        if (id != null && !rawOnly(k)) {
            return id;
        }
        if (rawOnly(k) && k.singleKey()) {
            return k.primaryId();
        }
        throw new IllegalArgumentException("the bytes do not start with a key id prefix (keyset " + source.name() + ")");
    }

    private static boolean rawOnly(LoadedKeyset k) {
        return k.handle().getPrimary().getKey().getIdRequirementOrNull() == null;
    }
}
