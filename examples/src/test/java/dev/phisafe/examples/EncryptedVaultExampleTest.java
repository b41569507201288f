package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedVaultExampleTest {

    @TempDir
    Path dir;

    @Test
    void originalRevealedWhileTheKeyExists_unreadableAfterTheTenantKeyIsDestroyed() throws Exception {
        String[] r = EncryptedVaultExample.run(dir);
        assertThat(r[0]).isEqualTo("<NAME_1>");
        assertThat(r[1]).isEqualTo("Anna Kowalczyk");
        assertThat(r[2]).isEqualTo("unreadable: PhiProcessingException");
        assertThat(dir.resolve("keys/clinic-1")).doesNotExist();
    }
}
