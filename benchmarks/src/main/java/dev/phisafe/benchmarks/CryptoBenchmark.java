package dev.phisafe.benchmarks;

import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.spi.Prf;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cost of phi-tink's primitives through phi-core's SPIs, as the library calls them (keyring lookup, Tink keyset
 * wrapper with a key-id prefix): AES256-GCM encrypt/decrypt of 1 KiB with canonical associated data, HMAC-SHA256 of
 * 1 KiB (compute, verify), an AES256-SIV equality token and an HMAC-PRF blind index of a 64-byte value, and sealing
 * an integrity envelope over a 1 KiB segment. Keys live in a temporary keyring under a local KEK (loaded once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class CryptoBenchmark {

    private Aead aead;
    private DeterministicAead daead;
    private Mac mac;
    private Prf prf;
    private byte[] kib;
    private byte[] value64;
    private byte[] ad;
    private byte[] ciphertext;
    private byte[] tag;
    private String segment;
    private IntegrityEnvelope.Builder envelope;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("phisafe-bench-keys");
        String kek = LocalKekClient.generate(dir.resolve("kek.json"));
        TinkKeyring keyring = TinkKeyring.builder().directory(dir.resolve("keys")).kek(new LocalKekClient(), kek)
                .build();
        for (KeyPurpose p : List.of(KeyPurpose.AEAD, KeyPurpose.DETERMINISTIC_AEAD, KeyPurpose.MAC, KeyPurpose.PRF)) {
            keyring.create(KeysetId.of("bench", p));
        }
        aead = keyring.aead(KeysetId.of("bench", KeyPurpose.AEAD));
        daead = keyring.deterministicAead(KeysetId.of("bench", KeyPurpose.DETERMINISTIC_AEAD));
        mac = keyring.mac(KeysetId.of("bench", KeyPurpose.MAC));
        prf = keyring.prf(KeysetId.of("bench", KeyPurpose.PRF));
        Random random = new Random(20260820);
        kib = new byte[1024];
        random.nextBytes(kib);
        value64 = new byte[64];
        random.nextBytes(value64);
        ad = AssociatedData.builder().tenant("t-001").store("notes").recordId("3f2a9c4e-segment-0004").field("text")
                .build().toBytes();
        ciphertext = aead.encrypt(kib, ad);
        tag = mac.computeMac(kib);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1024) {
            sb.append("Pt reports chest pain since 2026-08-20; troponin pending. ");
        }
        segment = sb.substring(0, 1024);
        envelope = IntegrityEnvelope.builder().tenant("t-001").source("fhir://ehr.example.org")
                .reference("DocumentReference/docref-889").resourceVersion("3").segment("seg-0004")
                .chunker("chunker=recursive-1000-200@1.2").contentType("text/plain;charset=utf-8")
                .labels(List.of("R")).created(Instant.parse("2026-08-20T09:15:00Z"));
    }

    /** AES256-GCM encrypt, 1 KiB plaintext, 87-byte associated data. */
    @Benchmark
    public byte[] aeadEncrypt1KiB() {
        return aead.encrypt(kib, ad);
    }

    /** AES256-GCM decrypt and authenticate, 1 KiB. */
    @Benchmark
    public byte[] aeadDecrypt1KiB() {
        return aead.decrypt(ciphertext, ad);
    }

    /** HMAC-SHA256 tag of 1 KiB (Tink keyset, 5-byte key-id prefix). */
    @Benchmark
    public byte[] macCompute1KiB() {
        return mac.computeMac(kib);
    }

    /** HMAC-SHA256 verify of 1 KiB. */
    @Benchmark
    public boolean macVerify1KiB() {
        return mac.verify(tag, kib);
    }

    /** AES256-SIV deterministic token of a 64-byte value. */
    @Benchmark
    public byte[] deterministicToken64B() {
        return daead.encryptDeterministically(value64, ad);
    }

    /** HMAC-SHA256-PRF blind index (32 bytes) of a 64-byte value. */
    @Benchmark
    public byte[] prfBlindIndex64B() {
        return prf.compute(value64, 32);
    }

    /** Seal an integrity envelope over a 1 KiB segment (NFC + SHA-256 + HMAC over the 260-byte input). */
    @Benchmark
    public String sealEnvelope1KiB() {
        return envelope.seal(segment, mac).mac();
    }
}
