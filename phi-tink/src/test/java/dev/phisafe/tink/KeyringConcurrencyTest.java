package dev.phisafe.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.CryptoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers racing rotations, reloads and a crypto-shred: no reader ever brings a destroyed keyset back. */
class KeyringConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void concurrentReadersAndReloads_neverResurrectADestroyedKeyset_andRotationNeverBreaksDecryption()
            throws Exception {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        keyring.create(id);
        Aead aead = keyring.aead(id);
        byte[] ad = new byte[0];
        byte[] plain = "x".getBytes(StandardCharsets.UTF_8);
        byte[] ct = aead.encrypt(plain, ad);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger wrongPlaintext = new AtomicInteger();
        AtomicInteger decrypted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    if (n == 0) {
                        keyring.reload();
                    }
                    try {
                        byte[] p = aead.decrypt(ct, ad);
                        if (p.length != 1 || p[0] != 'x') {
                            wrongPlaintext.incrementAndGet();
                        }
                        decrypted.incrementAndGet();
                    } catch (CryptoException e) {
                        // expected once destroyed
                    }
                }
            }));
        }
        for (int i = 0; i < 5; i++) {
            keyring.rotate(id);                 // the first key stays enabled: every decrypt must still work
        }
        keyring.destroyTenant("tenant-a");
        Thread.sleep(200);                      // let readers that loaded before the shred finish their attempt
        stop.set(true);
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(wrongPlaintext.get()).isZero();
        assertThat(decrypted.get()).isPositive();
        assertThatThrownBy(() -> aead.decrypt(ct, ad)).isInstanceOf(CryptoException.class);
        assertThat(keyring.exists(id)).isFalse();
    }
}
