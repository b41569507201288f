package dev.phisafe.tink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real keyring over real files: a generated local KEK and a keyset directory under a JUnit temp dir. */
final class TestKeyrings {
    private TestKeyrings() {
    }

    static String kek(Path dir) {
        try {
            return LocalKekClient.generate(dir.resolve("kek.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TinkKeyring keyring(Path dir) {
        return keyring(dir, kek(dir));
    }

    static TinkKeyring keyring(Path dir, String kekUri) {
        return TinkKeyring.builder().directory(dir.resolve("keys")).kek(new LocalKekClient(), kekUri).build();
    }
}
