package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorEncryptionExampleTest {

    @Test
    void nearest_findsTheExactNearestNeighbourThroughEncryptedSearchAndRerank() throws Exception {
        Random rnd = new Random(7);
        float[][] docs = new float[50][32];
        for (float[] d : docs) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) rnd.nextGaussian();
            }
        }
        for (int trial = 0; trial < 5; trial++) {
            float[] query = docs[rnd.nextInt(docs.length)].clone();
            query[0] += 0.1f;
            int expected = 0;
            for (int i = 1; i < docs.length; i++) {
                if (VectorEncryptionExample.cosine(query, docs[i]) > VectorEncryptionExample.cosine(query, docs[expected])) {
                    expected = i;
                }
            }
            assertThat(VectorEncryptionExample.nearest(docs, query)).isEqualTo(expected);
        }
    }

    @Test
    void main_printsTheNearestDocument() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            VectorEncryptionExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("nearest: 2");
    }
}
