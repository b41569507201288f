package dev.phisafe.tink;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.prf.PrfConfig;
import dev.phisafe.core.spi.CryptoException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One parsed keyset and the Tink primitives made from it (made once, cached: Tink primitives are thread-safe). The
 * handle never leaves the package; {@code toString()} names the keyset and its key ids only.
 */
final class LoadedKeyset {

    static {
        try {
            AeadConfig.register();
            DeterministicAeadConfig.register();
            MacConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final KeysetHandle handle;
    private final String primaryId;
    private final List<String> enabledIds;
    private final ConcurrentHashMap<Class<?>, Object> primitives = new ConcurrentHashMap<>();

    LoadedKeyset(String name, KeysetHandle handle) {
        this.name = name;
        this.handle = handle;
        this.primaryId = keyId(handle.getPrimary().getId());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            if (handle.getAt(i).getStatus() == KeyStatus.ENABLED) {
                ids.add(keyId(handle.getAt(i).getId()));
            }
        }
        this.enabledIds = Collections.unmodifiableList(ids);
    }

    /** Makes sure Tink's key managers are registered (class initialisation does it). */
    static void init() {
        // the static initialiser above runs on first use
    }

    /** @return the Tink key id as 8 lowercase hex digits, the form every phi-safe key id takes */
    static String keyId(int tinkId) {
        return String.format(Locale.ROOT, "%08x", tinkId);
    }

    /**
     * @return the id in a TINK-prefixed output ({@code 0x01 || id(4, big-endian) || ...}), or null if the bytes do
     *         not start with such a prefix
     */
    static String prefixedKeyId(byte[] output) {
        if (output.length < 5 || output[0] != 0x01) {
            return null;
        }
        int id = ((output[1] & 0xFF) << 24) | ((output[2] & 0xFF) << 16) | ((output[3] & 0xFF) << 8) | (output[4] & 0xFF);
        return keyId(id);
    }

    String name() {
        return name;
    }

    KeysetHandle handle() {
        return handle;
    }

    String primaryId() {
        return primaryId;
    }

    List<String> enabledIds() {
        return enabledIds;
    }

    boolean singleKey() {
        return handle.size() == 1;
    }

    /** @return the cached Tink primitive of that class */
    <P> P primitive(Class<P> type) {
        Object p = primitives.computeIfAbsent(type, t -> {
            try {
                return handle.getPrimitive(RegistryConfiguration.get(), t);
            } catch (GeneralSecurityException e) {
                throw new CryptoException("keyset " + name + " has no " + t.getSimpleName() + " keys", e);
            }
        });
        return type.cast(p);
    }

    @Override
    public String toString() {
        return "LoadedKeyset{" + name + ", primary=" + primaryId + ", enabled=" + enabledIds + "}";
    }
}
