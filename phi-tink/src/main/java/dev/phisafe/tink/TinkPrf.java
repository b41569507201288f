package dev.phisafe.tink;

import com.google.crypto.tink.prf.PrfSet;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.spi.Prf;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * phi-core's {@link Prf} (and {@link KeyedHash}, 32-byte outputs) over a Tink HMAC-SHA256-PRF keyset. PRF outputs
 * carry no key id (Tink's PRF keys are raw); {@link #keyId()} names the primary.
 */
final class TinkPrf implements Prf, KeyedHash {
    private final KeysetSource source;

    TinkPrf(KeysetSource source) {
        this.source = source;
    }

    @Override
    public String keyId() {
        return source.current().primaryId();
    }

    @Override
    public byte[] compute(byte[] input, int outputLength) {
        Objects.requireNonNull(input, "input");
        checkLength(outputLength);
        try {
            return source.current().primitive(PrfSet.class).computePrimary(input, outputLength);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("PRF failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public Map<String, byte[]> computeUnderAllKeys(byte[] input, int outputLength) {
        Objects.requireNonNull(input, "input");
        checkLength(outputLength);
        try {
            Map<Integer, com.google.crypto.tink.prf.Prf> prfs = source.current().primitive(PrfSet.class).getPrfs();
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Map.Entry<Integer, com.google.crypto.tink.prf.Prf> e : new TreeMap<>(prfs).entrySet()) {
                out.put(LoadedKeyset.keyId(e.getKey()), e.getValue().compute(input, outputLength));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("PRF failed (keyset " + source.name() + ")", e);
        }
    }

    @Override
    public byte[] hash(byte[] data) {
        return compute(data, MAX_OUTPUT_BYTES);
    }

    @Override
    public String toString() {
        return "TinkPrf{keyset=" + source.name() + ", algorithm=HMAC-SHA256-PRF}";
    }

    private static void checkLength(int n) {
        if (n < 1 || n > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("outputLength must be 1 to " + MAX_OUTPUT_BYTES + ", got " + n);
        }
    }
}
