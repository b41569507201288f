package dev.phisafe.core.review;

import dev.phisafe.core.audit.AuditEvent;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Checks and hashes shared by the review types. Messages never repeat a value. */
final class Texts {
    /** The longest draft accepted, in UTF-16 units (4 Mi: far above any clinical note, bounded for memory). */
    static final int MAX_TEXT_CHARS = 1 << 22;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Texts() {
    }

    /**
     * Checks an opaque id with the audit event's own identifier rule (it ends up in audit events), so an id that
     * would be refused there is refused here, at the call that made it.
     */
    static String id(String field, String value) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        if (!AuditEvent.isIdentifier(value)) {
            throw new IllegalArgumentException(field + " must be an opaque identifier of 1-128 characters from "
                    + "[A-Za-z0-9._:@/#*|-], not shaped like an SSN, phone number or date (value not shown)");
        }
        return value;
    }

    /** Checks a draft or edited text: non-blank, bounded, well-formed Unicode (so its UTF-8 bytes are unambiguous). */
    static String text(String field, String text) {
        if (text == null) {
            throw new NullPointerException(field);
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException(field + " has " + text.length() + " characters; at most "
                    + MAX_TEXT_CHARS + " are accepted");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty or blank");
        }
        utf8(field, text);
        return text;
    }

    /** UTF-8 bytes, refusing lone surrogates (which would otherwise become '?' and collide with a real '?'). */
    static byte[] utf8(String field, String text) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not well-formed Unicode (lone surrogate)");
        }
    }

    /** @return lowercase hex SHA-256 of the text's UTF-8 bytes */
    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(digest("SHA-256", utf8("text", text)));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    /** Checks a caller-given SHA-256 (lowercase or uppercase hex) and returns it lowercase. */
    static String sha256Arg(String field, String hex) {
        if (hex == null) {
            throw new NullPointerException(field);
        }
        String h = hex.toLowerCase(java.util.Locale.ROOT);
        if (!SHA256_HEX.matcher(h).matches()) {
            throw new IllegalArgumentException(field + " must be 64 hexadecimal digits (a SHA-256)");
        }
        return h;
    }

    /** Constant-time comparison of two lowercase hex digests. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return whether {@code value} passes {@link #id} */
    static boolean validId(String value) {
        try {
            id("value", value);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
