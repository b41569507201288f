package dev.phisafe.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.phisafe.core.detect.PhiType;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes policies as JSON or YAML.
 *
 * <pre>
 * id: triage-bot          # required: letters, digits, . _ : + @ -
 * version: 3              # required: an integer &gt;= 1
 * base: safe-harbor       # optional preset to start from (safe-harbor, limited-data-set, pseudonymized, in-house)
 * actions:                # optional: PhiType name -&gt; PhiAction name; types not named keep the base's action,
 *   NAME: PLACEHOLDER     #           or BLOCK when there is no base (deny by default)
 *   DATE: SHIFT_DATE
 * </pre>
 *
 * <p>Every problem is reported as one {@link PolicyFormatException} that names the file, line, column and field; a
 * file that fails is not applied at all. YAML is recognised by the extension {@code .yaml} / {@code .yml}, anything
 * else is read as JSON.
 */
public final class PolicyFiles {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("id", "version", "base", "actions");
    private static final long MAX_BYTES = 1 << 20;

    private PolicyFiles() {
    }

    /**
     * Reads a policy file.
     *
     * @param file a {@code .json}, {@code .yaml} or {@code .yml} file
     * @return the policy
     * @throws PolicyFormatException if the file cannot be read or is not a valid policy
     */
    public static PhiPolicy read(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PolicyFormatException(name, 0, 0, null, "file is larger than 1 MiB; a policy is a few lines");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PolicyFormatException(name, 0, 0, null, "no such file");
        } catch (IOException e) {
            throw new PolicyFormatException(name, 0, 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(name, text, name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /**
     * Parses a policy from text.
     *
     * @param name a name for messages (e.g. the file name)
     * @param text the JSON or YAML text
     * @param yaml whether the text is YAML
     * @return the policy
     * @throws PolicyFormatException if the text is not a valid policy
     */
    public static PhiPolicy parse(String name, String text, boolean yaml) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new PolicyFormatException(name, 1, 1, null, "the file is empty; a policy needs at least id and version");
        }
        try (Reader r = new StringReader(text); JsonParser p = (yaml ? YAML : JSON).createParser(r)) {
            return read(name, p);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf('\n');
            throw new PolicyFormatException(name, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), null,
                    "not valid " + (yaml ? "YAML" : "JSON") + ": " + (cut > 0 ? msg.substring(0, cut) : msg));
        } catch (IOException e) {
            throw new PolicyFormatException(name, 0, 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static PhiPolicy read(String name, JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw error(name, p, null, "a policy must be an object with the fields id, version, base, actions");
        }
        String id = null;
        Integer version = null;
        PhiPolicy base = null;
        Map<PhiType, PhiAction> actions = new EnumMap<>(PhiType.class);
        Set<String> seen = new HashSet<>();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (!FIELDS.contains(field)) {
                throw error(name, p, field, "unknown field; expected one of " + FIELDS);
            }
            if (!seen.add(field)) {
                throw error(name, p, field, "given twice");
            }
            t = p.nextToken();
            switch (field) {
                case "id":
                    if (t != JsonToken.VALUE_STRING) {
                        throw error(name, p, field, "must be a string");
                    }
                    id = p.getText();
                    if (!id.matches("[A-Za-z0-9._:+@-]{1,64}")) {
                        throw error(name, p, field, "must be 1-64 letters, digits or . _ : + @ -");
                    }
                    break;
                case "version":
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 1) {
                        throw error(name, p, field, "must be an integer >= 1");
                    }
                    version = p.getIntValue();
                    break;
                case "base":
                    if (t != JsonToken.VALUE_STRING) {
                        throw error(name, p, field, "must be the name of a preset");
                    }
                    try {
                        base = PhiPolicies.byId(p.getText());
                    } catch (IllegalArgumentException e) {
                        throw error(name, p, field, e.getMessage());
                    }
                    break;
                default: // actions
                    if (t != JsonToken.START_OBJECT) {
                        throw error(name, p, field, "must map PhiType names to PhiAction names");
                    }
                    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String typeName = p.currentName();
                        String f = "actions." + typeName;
                        PhiType type;
                        try {
                            type = PhiType.valueOf(typeName);
                        } catch (IllegalArgumentException e) {
                            throw error(name, p, f, "unknown PhiType; expected one of " + Arrays.toString(PhiType.values()));
                        }
                        if (actions.containsKey(type)) {
                            throw error(name, p, f, "given twice");
                        }
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw error(name, p, f, "must be the name of a PhiAction");
                        }
                        try {
                            actions.put(type, PhiAction.valueOf(p.getText()));
                        } catch (IllegalArgumentException e) {
                            throw error(name, p, f, "unknown PhiAction '" + p.getText() + "'; expected one of "
                                    + Arrays.toString(PhiAction.values()));
                        }
                    }
                    break;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error(name, p, null, "unexpected content");
        }
        if (p.nextToken() != null) {
            throw error(name, p, null, "content after the policy object");
        }
        if (id == null) {
            throw error(name, p, "id", "missing");
        }
        if (version == null) {
            throw error(name, p, "version", "missing");
        }
        PhiPolicy.Builder b = base == null ? PhiPolicy.builder(id, version) : rebased(base, id, version);
        actions.forEach(b::action);
        return b.build();
    }

    private static PhiPolicy.Builder rebased(PhiPolicy base, String id, int version) {
        PhiPolicy.Builder b = PhiPolicy.builder(id, version);
        base.actions().forEach(b::action);
        return b;
    }

    private static PolicyFormatException error(String name, JsonParser p, String field, String problem) {
        JsonLocation l = p.currentTokenLocation();
        return new PolicyFormatException(name, l.getLineNr(), l.getColumnNr(), field, problem);
    }

    /**
     * Writes a policy as YAML that {@link #parse} reads back to an equal policy (every type listed).
     *
     * @param policy the policy
     * @return the YAML text
     */
    public static String toYaml(PhiPolicy policy) {
        StringBuilder b = new StringBuilder();
        b.append("id: ").append(policy.id()).append('\n');
        b.append("version: ").append(policy.version()).append('\n');
        b.append("actions:\n");
        policy.actions().forEach((t, a) -> b.append("  ").append(t.name()).append(": ").append(a.name()).append('\n'));
        return b.toString();
    }

    /**
     * Writes a policy as JSON that {@link #parse} reads back to an equal policy (every type listed).
     *
     * @param policy the policy
     * @return the JSON text
     */
    public static String toJson(PhiPolicy policy) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"id\": \"").append(policy.id()).append("\",\n  \"version\": ").append(policy.version())
                .append(",\n  \"actions\": {");
        String sep = "\n";
        for (Map.Entry<PhiType, PhiAction> e : policy.actions().entrySet()) {
            b.append(sep).append("    \"").append(e.getKey().name()).append("\": \"").append(e.getValue().name()).append('"');
            sep = ",\n";
        }
        return b.append("\n  }\n}\n").toString();
    }
}
