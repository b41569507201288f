package dev.phisafe.core.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte encodings of the vault's crypto inputs. Originals are encoded as raw UTF-16 code units (two bytes each), not
 * UTF-8, because a Java String may hold an unpaired surrogate that UTF-8 would replace: the round trip must give back
 * exactly the text that was replaced. Associated data and index inputs are length-prefixed fields, so that no two
 * different (tenant, conversation, type, placeholder) tuples encode to the same bytes.
 */
final class Encoding {
    private Encoding() {
    }

    static byte[] utf16(String s) {
        byte[] b = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b[2 * i] = (byte) (c >>> 8);
            b[2 * i + 1] = (byte) c;
        }
        return b;
    }

    static String fromUtf16(byte[] b) {
        if ((b.length & 1) != 0) {
            throw new IllegalStateException("decrypted original has an odd length");
        }
        char[] c = new char[b.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ((b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF);
        }
        return new String(c);
    }

    /** domain, then each field as a 4-byte big-endian length and its bytes (ids as UTF-8). */
    static byte[] join(byte[] domain, String tenant, String conversation, String label, byte[] last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(domain.length + 64 + last.length);
        field(out, domain);
        field(out, tenant.getBytes(StandardCharsets.UTF_8));
        field(out, conversation.getBytes(StandardCharsets.UTF_8));
        field(out, label.getBytes(StandardCharsets.UTF_8));
        field(out, last);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
