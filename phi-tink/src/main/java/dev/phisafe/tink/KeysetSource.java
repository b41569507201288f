package dev.phisafe.tink;

/**
 * Where a primitive wrapper finds its keyset on every call: a {@link TinkKeyring} entry (so a rotation or a
 * crypto-shred takes effect on wrappers already handed out) or a fixed imported key.
 */
interface KeysetSource {

    /**
     * @return the current keyset
     * @throws dev.phisafe.core.spi.CryptoException if it is destroyed or cannot be loaded
     */
    LoadedKeyset current();

    /** @return a non-secret name for messages, e.g. {@code tenant-a/aead} */
    String name();

    /** A source that always gives the same keyset (imported keys). */
    static KeysetSource fixed(LoadedKeyset keyset) {
        return new KeysetSource() {
            @Override
            public LoadedKeyset current() {
                return keyset;
            }

            @Override
            public String name() {
                return keyset.name();
            }
        };
    }
}
