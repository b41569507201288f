package dev.phisafe.benchmarks;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.phisafe.core.spi.VectorCipher;
import dev.phisafe.core.spi.VectorCipher.EncryptedVector;
import dev.phisafe.tink.DcpeVectorCipher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Vector encryption throughput (issue 4 asks for at least 50,000 vectors/s at d = 384), single thread:
 * <ul>
 *   <li>{@link #encrypt()}: what a store pays per added embedding — nonce, PRF coins, secret rotation, perturbation
 *       <em>and</em> the AES-256-GCM exact copy (1,541 bytes);</li>
 *   <li>{@link #encryptQuery()}: one query under one key (no exact copy);</li>
 *   <li>{@link #decryptExactCopy()}: one candidate's exact vector for re-ranking.</li>
 * </ul>
 * Vectors are random unit vectors (the cost does not depend on their content); 64 are cycled so no result is
 * constant-folded. Build: {@code mvn -q -o -pl benchmarks -am package -DskipTests}; run:
 * {@code java -jar benchmarks/target/benchmarks.jar VectorEncryptionBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class VectorEncryptionBenchmark {
    private static final byte[] AAD = "ees/v1|tenant=t-001|store=notes|segment=42|field=vector"
            .getBytes(StandardCharsets.UTF_8);

    @Param({"384"})
    int dimension;

    @Param({"2.5"})
    double beta;

    private VectorCipher cipher;
    private float[][] vectors;
    private EncryptedVector[] encrypted;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        PrfConfig.register();
        AeadConfig.register();
        cipher = DcpeVectorCipher.builder()
                .keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))
                .exactCopyKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM))
                .dimension(dimension)
                .beta(beta)
                .build();
        Random rnd = new Random(42);
        vectors = new float[64][dimension];
        encrypted = new EncryptedVector[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            double n = 0;
            for (int j = 0; j < dimension; j++) {
                vectors[i][j] = (float) rnd.nextGaussian();
                n += vectors[i][j] * vectors[i][j];
            }
            for (int j = 0; j < dimension; j++) {
                vectors[i][j] /= (float) Math.sqrt(n);
            }
            encrypted[i] = cipher.encrypt(vectors[i], AAD);
        }
    }

    private int nextIndex() {
        next = (next + 1) & 63;
        return next;
    }

    @Benchmark
    public EncryptedVector encrypt() {
        return cipher.encrypt(vectors[nextIndex()], AAD);
    }

    @Benchmark
    public List<VectorCipher.EncryptedQuery> encryptQuery() {
        return cipher.encryptQuery(vectors[nextIndex()]);
    }

    @Benchmark
    public float[] decryptExactCopy() {
        return cipher.decrypt(encrypted[nextIndex()], AAD);
    }
}
