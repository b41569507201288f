package dev.phisafe.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 (JCS) for the restricted profile audit records use: objects with ASCII keys, arrays, strings, 64-bit
 * integers and booleans; no floats, no nulls. Keys sort by UTF-16 code units (String order). The verifier re-encodes
 * every stored record and treats any byte difference as tampering, so encoding must be a pure function.
 */
final class CanonicalJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                    .maxStringLength(1 << 16).maxNumberLength(20).build())
            .build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** @param value a Map (String keys), List, String, Long/Integer or Boolean tree */
    static byte[] encode(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, Object v) {
        if (v instanceof String) {
            string(sb, (String) v);
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Boolean) {
            sb.append(((Boolean) v).booleanValue());
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sorted.put((String) e.getKey(), e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not encodable in canonical audit JSON: "
                    + (v == null ? "null" : v.getClass().getSimpleName()));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /**
     * Parses one JSON object and checks that it is canonical (re-encoding gives the same bytes).
     *
     * @throws AuditFormatException naming the problem, never content
     */
    static Map<String, Object> parseCanonical(byte[] bytes) {
        Map<String, Object> m = parseObject(bytes);
        if (!java.util.Arrays.equals(encode(m), bytes)) {
            throw new AuditFormatException("record is not in canonical form (RFC 8785)");
        }
        return m;
    }

    /** Parses one JSON object (strict: no floats, nulls, duplicate keys or trailing data). */
    static Map<String, Object> parseObject(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AuditFormatException("record is not a JSON object");
            }
            Map<String, Object> m = readObject(p);
            if (p.nextToken() != null) {
                throw new AuditFormatException("trailing data after the record");
            }
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof AuditFormatException) {
                throw (AuditFormatException) e;
            }
            // Jackson messages may quote input: keep only the type
            throw new AuditFormatException("record is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new TreeMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new AuditFormatException("unterminated object");
        }
        return m;
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new AuditFormatException("truncated JSON");
        }
        switch (t) {
            case START_OBJECT: return readObject(p);
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == null) {
                        throw new AuditFormatException("truncated JSON");
                    }
                    l.add(readValue(p));
                }
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    throw new AuditFormatException("integer out of 64-bit range");
                }
                return p.getLongValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            default: throw new AuditFormatException("unsupported JSON value (" + t + ")");
        }
    }
}
