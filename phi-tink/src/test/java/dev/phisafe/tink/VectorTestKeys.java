package dev.phisafe.tink;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.phisafe.core.spi.Aead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;

/** Keysets and vectors for the vector-encryption tests (test scope only: seeded java.util.Random is fine here). */
final class VectorTestKeys {
    static {
        try {
            PrfConfig.register();
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private VectorTestKeys() {
    }

    static KeysetHandle newPrfKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeysetHandle newAeadKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed test-only PRF keyset ({@code dcpe-test-keyset.json}); never use such a keyset in production. */
    static String committedKeysetJson() {
        try (InputStream in = VectorTestKeys.class.getResourceAsStream("dcpe-test-keyset.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeysetHandle committedKeyset() {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(committedKeysetJson(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static DcpeVectorCipher cipher(KeysetHandle prf, int d, double beta) {
        return DcpeVectorCipher.builder().keyset(prf).exactCopyKeyset(newAeadKeyset()).dimension(d).beta(beta)
                .build();
    }

    /** phi-core's Aead implemented straight on a Tink AES-GCM keyset, as a store might plug in its own AEAD. */
    static Aead tinkAead(KeysetHandle aeadKeyset) {
        try {
            com.google.crypto.tink.Aead a = aeadKeyset.getPrimitive(RegistryConfiguration.get(),
                    com.google.crypto.tink.Aead.class);
            String id = Integer.toUnsignedString(aeadKeyset.getPrimary().getId());
            return new Aead() {
                @Override
                public String keyId() {
                    return id;
                }

                @Override
                public byte[] encrypt(byte[] pt, byte[] ad) {
                    try {
                        return a.encrypt(pt, ad);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("encrypt failed", e);
                    }
                }

                @Override
                public byte[] decrypt(byte[] ct, byte[] ad) {
                    try {
                        return a.decrypt(ct, ad);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("decrypt failed", e);
                    }
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] randomUnit(Random rnd, int d) {
        float[] v = new float[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            double g = rnd.nextGaussian();
            v[i] = (float) g;
            n += g * g;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < d; i++) {
            v[i] /= (float) n;
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = (double) a[i] - b[i];
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
