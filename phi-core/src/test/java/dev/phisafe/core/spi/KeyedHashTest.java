package dev.phisafe.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyedHashTest {

    @Test
    void hmacSha256_matchesRfc4231TestCase6() {
        // RFC 4231 test case 6 uses a 131-byte key; we use it to check the JDK path through our SPI
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        KeyedHash h = KeyedHash.jdkHmacSha256(key, "rfc4231-6");
        byte[] tag = h.hash("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        // the cached Mac resets between calls
        assertThat(h.hash("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(tag);
    }

    @Test
    void shortKeys_areRefused_andToStringShowsOnlyTheId() {
        assertThatThrownBy(() -> KeyedHash.jdkHmacSha256(new byte[16], "k")).isInstanceOf(IllegalArgumentException.class);
        byte[] key = "super-secret-key-material-0123456789".getBytes(StandardCharsets.UTF_8);
        assertThat(KeyedHash.jdkHmacSha256(key, "k-1").toString()).isEqualTo("JdkHmacSha256{keyId=k-1}").doesNotContain("secret");
    }
}
