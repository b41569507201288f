package dev.phisafe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON Lines file one object at a time, counting lines, so that memory stays constant in the number of
 * lines and every error can name its line number.
 *
 * <p>Errors never carry the line's content nor Jackson's message (which quotes the offending input): only the line
 * number and a fixed reason. Blank lines are skipped. Input must be UTF-8; invalid bytes are an error, not silently
 * replaced, because a replaced character would shift nothing but could hide an identifier from a detector.
 */
final class JsonLines implements Closeable {

    /** Parser for input lines: one object per line, trailing garbage is an error. */
    static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // keep input text out of JsonLocation, in case an exception escapes somewhere we did not expect
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Writer for output lines: ASCII only (non-ASCII escaped), so the result is the same whatever the console charset. */
    static final ObjectMapper WRITER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final BufferedReader reader;
    private long lineNumber;

    private JsonLines(BufferedReader reader) {
        this.reader = reader;
    }

    /**
     * @param file a UTF-8 JSON Lines file
     * @return a reader over it
     * @throws IOException if it cannot be opened
     */
    static JsonLines open(Path file) throws IOException {
        return new JsonLines(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    /**
     * @param in a UTF-8 stream, e.g. standard input; closed with this reader
     * @return a reader over it
     */
    static JsonLines of(InputStream in) {
        // newDecoder() reports malformed input instead of replacing it
        return new JsonLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), 1 << 16));
    }

    /**
     * @return the next non-blank line as a JSON object, or {@code null} at the end of the input
     * @throws InputFormatException if the line is not valid UTF-8 or not one JSON object
     * @throws IOException          if reading fails
     */
    ObjectNode next() throws IOException, InputFormatException {
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new InputFormatException(lineNumber + 1, "not valid UTF-8");
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte order mark is not part of the first record
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = READER.readTree(line);
            } catch (JsonProcessingException e) {
                // e.getMessage() quotes the input: never shown
                throw new InputFormatException(lineNumber, "not valid JSON (or a value beyond the parser's size limits)");
            }
            if (!(node instanceof ObjectNode)) {
                throw new InputFormatException(lineNumber, "not a JSON object");
            }
            return (ObjectNode) node;
        }
    }

    /** @return the number of the line {@link #next()} returned last (1-based), 0 before the first */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * @param record a record
     * @param field  a field that must hold a string
     * @return its value
     * @throws InputFormatException naming the field and this reader's current line
     */
    String requireString(ObjectNode record, String field) throws InputFormatException {
        JsonNode v = record.get(field);
        if (v == null || !v.isTextual()) {
            throw new InputFormatException(lineNumber, "field \"" + field + "\" is missing or not a string");
        }
        return v.textValue();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * The UTF-8 length of a text, computed without encoding it, for throughput and progress figures.
     *
     * @param s any text
     * @return its length in UTF-8 bytes (a lone surrogate counts as the 3 bytes of its replacement)
     */
    static long utf8Length(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
