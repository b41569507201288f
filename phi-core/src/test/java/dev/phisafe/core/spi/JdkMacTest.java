package dev.phisafe.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class JdkMacTest {

    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
    }

    @Test
    void computeMac_isHmacSha256_rfc4231Style() {
        Mac mac = Mac.jdkHmacSha256(KEY, "k1");
        // python3: hmac.new(bytes(range(32)), b"abc", hashlib.sha256).hexdigest()
        assertThat(HexFormat.of().formatHex(mac.computeMac("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
        assertThat(mac.algorithm()).isEqualTo("HS256");
        assertThat(mac.toString()).isEqualTo("JdkHmacSha256{keyId=k1}");
    }

    @Test
    void verify_acceptsItsTag_rejectsEveryMutationOfTagOrData() {
        Mac mac = Mac.jdkHmacSha256(KEY, "k1");
        byte[] data = "segment".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = mac.computeMac(data);
        assertThat(mac.verify(tag, data)).isTrue();
        for (int i = 0; i < tag.length * 8; i++) {
            byte[] t = tag.clone();
            t[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(mac.verify(t, data)).isFalse();
        }
        for (int n = 0; n < tag.length; n++) {
            assertThat(mac.verify(Arrays.copyOf(tag, n), data)).isFalse();
        }
        assertThat(mac.verify(Arrays.copyOf(tag, tag.length + 1), data)).isFalse();
        assertThat(mac.verify(tag, "segmenT".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Mac.jdkHmacSha256(new byte[32], "k2").verify(tag, data)).isFalse();
    }
}
