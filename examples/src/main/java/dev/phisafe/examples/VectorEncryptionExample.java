package dev.phisafe.examples;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.phisafe.core.spi.VectorCipher;
import dev.phisafe.core.spi.VectorCipher.EncryptedVector;
import dev.phisafe.tink.DcpeVectorCipher;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Stores embeddings encrypted, searches the store with an encrypted query, re-ranks candidates exactly. */
public final class VectorEncryptionExample {
    private VectorEncryptionExample() { }

    /** @return the index of the stored vector nearest to {@code query}, found without the store seeing plaintext */
    public static int nearest(float[][] docs, float[] query) throws Exception {
        PrfConfig.register(); AeadConfig.register();
        VectorCipher cipher = DcpeVectorCipher.builder()            // build once per tenant, share: thread-safe
                .keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))    // KMS-wrapped in production
                .exactCopyKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM))
                .dimension(docs[0].length)
                .build();                                          // beta 2.5 by default
        EncryptedVector[] store = new EncryptedVector[docs.length];  // what the vector database holds
        for (int i = 0; i < docs.length; i++) {
            store[i] = cipher.encrypt(docs[i], aad(i));           // AAD binds the exact copy to its row
        }
        float[] q = cipher.encryptQuery(query).get(0).searchable();
        // the store ranks by cosine on searchable vectors; fetch k x oversampling candidates (here: all of them)
        int[] candidates = IntStream.range(0, docs.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -cosine(q, store[i].searchable())))
                .mapToInt(Integer::intValue).toArray();
        // the application decrypts the candidates' exact copies and re-ranks with the plaintext query
        return IntStream.of(candidates).boxed()
                .max(Comparator.comparingDouble(i -> cosine(query, cipher.decrypt(store[i], aad(i)))))
                .orElseThrow();
    }

    private static byte[] aad(int row) {   // non-secret, names the row: never PHI
        return ("tenant=t-001|store=notes|segment=" + row).getBytes(StandardCharsets.UTF_8); }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;   // exact cosine, the re-rank score
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    public static void main(String[] args) throws Exception {
        float[][] docs = {{1, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0}, {0, 0, 0.6f, 0.8f, 0, 0, 0, 0}};
        System.out.println("nearest: " + nearest(docs, new float[] {0, 0, 0.8f, 0.6f, 0, 0, 0, 0}));
    }
}
