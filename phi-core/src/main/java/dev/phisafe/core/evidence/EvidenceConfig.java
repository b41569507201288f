package dev.phisafe.core.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an auditor needs to know about a deployment that the audit journal cannot tell: which AI components exist,
 * under which service accounts, which destinations they may send to and whether a BAA covers each (45 CFR
 * 164.502(e), 164.504(e)), which policy applies per purpose of use, how keys are rotated, how long audit records are
 * kept, and how the human review gate is set. {@link EvidenceReport} reads it next to the journal and compares the
 * two (e.g. a disclosure to a destination that is not declared here is an exception).
 *
 * <p>JSON or YAML (recognised by {@code .yaml}/{@code .yml}). Every string is an <b>opaque identifier</b> (1-128
 * characters of {@code [A-Za-z0-9._:@/#*|-]}, not shaped like an SSN, phone number or date): the configuration, and
 * so the report, holds no free text in which PHI could hide. Unknown fields are errors, so a typo is not silently
 * ignored. Example (all sections but {@code deployment} and {@code components} are optional):
 * <pre>
 * deployment: clinic-a/scribe
 * environment: prod
 * components:
 *   - name: discharge-scribe
 *     serviceAccount: svc-scribe
 *     auditComponents: [phi-langchain4j/chat, phi-core/review]   # event components attributed to it
 *     destinations:
 *       - {vendor: openai, model: gpt-4o, baa: true}
 *       - {vendor: local, model: llama3, baa: false, inHouse: true}
 *     policies: {TREATMENT: pseudonymized, RESEARCH: safe-harbor}
 *     reviewRequired: true          # notes pass the ReviewGate before the record
 *     vectorStore: dcpe             # none | aead | dcpe
 *     integrityCheck: fail-request  # none | drop-segment | fail-request
 *     outputScan: true
 *     patientScoped: true
 * retention: {auditYears: 6, legalHold: false, vaultTtlHours: 24}
 * keys:
 *   rotationDays: 365
 *   entries:
 *     - {keyset: tenant-a/aead, keyId: 1a2b3c4d, created: 2026-01-10, rotated: 2026-06-01, status: primary}
 * review: {deadlineHours: 24, minDwellSeconds: 20, separationOfDuties: true, autoApprove: false}
 * audit: {checkpointEvery: 1000, witness: false}
 * </pre>
 *
 * <p>Errors are one {@link EvidenceConfigException} naming file, line, column and field; nothing of a failing file is
 * used. Immutable and thread-safe.
 */
public final class EvidenceConfig {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final long MAX_BYTES = 1 << 20;

    /** How a vector store keeps embeddings. */
    enum VectorStore { NONE, AEAD, DCPE }

    /** What happens when a retrieved segment fails its integrity check. */
    enum IntegrityCheck { NONE, DROP_SEGMENT, FAIL_REQUEST }

    /** One declared destination. */
    record Target(String vendor, String model, boolean baa, boolean inHouse) {
        boolean matches(Destination d) {
            return vendor.equals(d.vendor()) && (model.equals("*") || model.equals(d.model()));
        }

        String label() {
            return vendor + "/" + model;
        }
    }

    /** One AI component. */
    record Component(String name, String serviceAccount, List<String> auditComponents, List<Target> destinations,
                     Map<Purpose, String> policies, boolean reviewRequired, VectorStore vectorStore,
                     IntegrityCheck integrityCheck, boolean outputScan, boolean patientScoped) {
    }

    /** One key, as declared or as read from a keyring. */
    record Key(String keyset, String keyId, LocalDate created, LocalDate rotated, KeyStatus status) {
        /** @return the date the key last became current: its rotation date, else its creation date */
        LocalDate lastRotation() {
            return rotated != null ? rotated : created;
        }
    }

    /** Retention settings (45 CFR 164.316(b)(2); NIST AU-11). */
    record Retention(int auditYears, boolean legalHold, Integer vaultTtlHours) {
    }

    /** Review gate settings. */
    record Review(int deadlineHours, int minDwellSeconds, boolean separationOfDuties, boolean autoApprove) {
    }

    /** Audit journal settings. */
    record Audit(int checkpointEvery, boolean witness) {
    }

    final String source;
    final String deployment;
    final String environment;
    final List<Component> components;
    final Retention retention;
    final int rotationDays;
    final List<Key> keys;
    final Review review;
    final Audit audit;

    private EvidenceConfig(String source, String deployment, String environment, List<Component> components,
                           Retention retention, int rotationDays, List<Key> keys, Review review, Audit audit) {
        this.source = source;
        this.deployment = deployment;
        this.environment = environment;
        this.components = List.copyOf(components);
        this.retention = retention;
        this.rotationDays = rotationDays;
        this.keys = List.copyOf(keys);
        this.review = review;
        this.audit = audit;
    }

    /**
     * Reads a configuration file.
     *
     * @param file a {@code .json}, {@code .yaml} or {@code .yml} file of at most 1 MiB
     * @return the configuration
     * @throws EvidenceConfigException if the file cannot be read or is not a valid configuration (file, line, field)
     */
    public static EvidenceConfig read(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new EvidenceConfigException(name, 0, 0, null, "file is larger than 1 MiB");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EvidenceConfigException(name, 0, 0, null, "no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EvidenceConfigException(name, 0, 0, null, "cannot be read (" + e.getClass().getSimpleName()
                    + "; is it UTF-8?)");
        }
        return parse(name, text, name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /**
     * Parses a configuration from text.
     *
     * @param name a name for messages (e.g. the file name)
     * @param text the JSON or YAML text
     * @param yaml whether the text is YAML
     * @return the configuration
     * @throws EvidenceConfigException if the text is not a valid configuration
     */
    public static EvidenceConfig parse(String name, String text, boolean yaml) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_BYTES) {
            throw new EvidenceConfigException(name, 0, 0, null, "text is longer than 1 MiB");
        }
        if (text.isBlank()) {
            throw new EvidenceConfigException(name, 1, 1, null, "empty; a configuration needs deployment and "
                    + "components");
        }
        ConfigTree.Node root;
        try (Reader r = new StringReader(text); JsonParser p = (yaml ? YAML : JSON).createParser(r)) {
            root = ConfigTree.read(p);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf('\n');
            // Jackson quotes at most a token of the text here; configuration files are identifiers only
            throw new EvidenceConfigException(name, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    null, "not valid " + (yaml ? "YAML" : "JSON") + ": " + (cut > 0 ? msg.substring(0, cut) : msg));
        } catch (ConfigTree.TreeException e) {
            throw new EvidenceConfigException(name, e.line, e.column, e.path, e.getMessage());
        } catch (IOException e) {
            throw new EvidenceConfigException(name, 0, 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null) {
            throw new EvidenceConfigException(name, 1, 1, null, "empty; a configuration needs deployment and "
                    + "components");
        }
        return new Validator(name).config(root);
    }

    /** @return the deployment's identifier, as configured */
    public String deployment() {
        return deployment;
    }

    /** @return how many AI components are declared */
    public int componentCount() {
        return components.size();
    }

    /**
     * @return a copy of this configuration with more keys (e.g. read from a keyring); declared keys with the same
     *         keyset and key id are replaced
     */
    EvidenceConfig withKeys(List<Key> more) {
        List<Key> all = new ArrayList<>();
        for (Key k : keys) {
            boolean replaced = more.stream().anyMatch(m -> m.keyset().equals(k.keyset()) && m.keyId().equals(k.keyId()));
            if (!replaced) {
                all.add(k);
            }
        }
        all.addAll(more);
        return new EvidenceConfig(source, deployment, environment, components, retention, rotationDays, all, review,
                audit);
    }

    @Override
    public String toString() {
        return "EvidenceConfig{" + deployment + ", components=" + components.size() + ", keys=" + keys.size() + "}";
    }

    static boolean validId(String s) {
        return dev.phisafe.core.audit.AuditEvent.isIdentifier(s);   // the audit events' rule: no free text, no PHI shape
    }

    /** Walks the tree, checking each field; every error names file, line, column and field path. */
    private static final class Validator {
        private final String file;

        Validator(String file) {
            this.file = file;
        }

        EvidenceConfigException error(ConfigTree.Node n, String problem) {
            return new EvidenceConfigException(file, n.line, n.column, n.path, problem);
        }

        void fields(ConfigTree.Node n, Set<String> allowed, Set<String> required) {
            if (n.kind != ConfigTree.Kind.OBJECT) {
                throw error(n, "must be an object with the fields " + allowed);
            }
            for (ConfigTree.Node f : n.fields.values()) {
                String last = f.path.substring(f.path.lastIndexOf('.') + 1);
                if (!allowed.contains(last)) {
                    throw error(f, "unknown field; expected one of " + allowed);
                }
            }
            for (String r : required) {
                if (!n.fields.containsKey(r)) {
                    throw error(n, "missing required field '" + r + "'");
                }
            }
        }

        String id(ConfigTree.Node n) {
            if (n.kind != ConfigTree.Kind.STRING) {
                throw error(n, "must be a string identifier");
            }
            if (!validId(n.text)) {
                throw error(n, "must be an opaque identifier of 1-128 characters from [A-Za-z0-9._:@/#*|-], not "
                        + "shaped like an SSN, phone number or date (got " + n.text.length()
                        + " characters; value not shown: the configuration holds no free text)");
            }
            return n.text;
        }

        String optId(ConfigTree.Node parent, String field, String dflt) {
            ConfigTree.Node n = parent.fields.get(field);
            return n == null ? dflt : id(n);
        }

        boolean bool(ConfigTree.Node n) {
            if (n.kind != ConfigTree.Kind.BOOLEAN) {
                throw error(n, "must be true or false");
            }
            return Boolean.parseBoolean(n.text);
        }

        boolean optBool(ConfigTree.Node parent, String field, boolean dflt) {
            ConfigTree.Node n = parent.fields.get(field);
            return n == null ? dflt : bool(n);
        }

        int integer(ConfigTree.Node n, int min, int max) {
            if (n.kind != ConfigTree.Kind.INTEGER) {
                throw error(n, "must be an integer from " + min + " to " + max);
            }
            long v;
            try {
                v = Long.parseLong(n.text);
            } catch (NumberFormatException e) {
                throw error(n, "must be an integer from " + min + " to " + max);
            }
            if (v < min || v > max) {
                throw error(n, "must be an integer from " + min + " to " + max);
            }
            return (int) v;
        }

        int optInt(ConfigTree.Node parent, String field, int min, int max, int dflt) {
            ConfigTree.Node n = parent.fields.get(field);
            return n == null ? dflt : integer(n, min, max);
        }

        LocalDate date(ConfigTree.Node n) {
            if (n.kind != ConfigTree.Kind.STRING) {
                throw error(n, "must be a date YYYY-MM-DD");
            }
            try {
                return LocalDate.parse(n.text);
            } catch (DateTimeParseException e) {
                throw error(n, "must be a date YYYY-MM-DD");
            }
        }

        <E extends Enum<E>> E choice(ConfigTree.Node n, Class<E> type) {
            String v = id(n);
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw error(n, "must be one of " + names);
        }

        List<ConfigTree.Node> list(ConfigTree.Node n, int max) {
            if (n.kind != ConfigTree.Kind.ARRAY) {
                throw error(n, "must be a list");
            }
            if (n.items.size() > max) {
                throw error(n, "at most " + max + " entries");
            }
            return n.items;
        }

        EvidenceConfig config(ConfigTree.Node root) {
            fields(root, Set.of("deployment", "environment", "components", "retention", "keys", "review", "audit"),
                    Set.of("deployment", "components"));
            String deployment = id(root.fields.get("deployment"));
            String environment = optId(root, "environment", null);
            List<Component> components = new ArrayList<>();
            Set<String> names = new HashSet<>();
            ConfigTree.Node cs = root.fields.get("components");
            if (list(cs, 256).isEmpty()) {
                throw error(cs, "declare at least one AI component");
            }
            for (ConfigTree.Node c : cs.items) {
                Component comp = component(c);
                if (!names.add(comp.name())) {
                    throw error(c.fields.get("name"), "component name given twice");
                }
                components.add(comp);
            }
            Retention retention = new Retention(6, false, null);
            ConfigTree.Node r = root.fields.get("retention");
            if (r != null) {
                fields(r, Set.of("auditYears", "legalHold", "vaultTtlHours"), Set.of());
                ConfigTree.Node ttl = r.fields.get("vaultTtlHours");
                retention = new Retention(optInt(r, "auditYears", 1, 100, 6), optBool(r, "legalHold", false),
                        ttl == null ? null : integer(ttl, 1, 24 * 366 * 10));
            }
            int rotationDays = 365;
            List<Key> keys = new ArrayList<>();
            ConfigTree.Node k = root.fields.get("keys");
            if (k != null) {
                fields(k, Set.of("rotationDays", "entries"), Set.of());
                rotationDays = optInt(k, "rotationDays", 1, 36_600, 365);
                ConfigTree.Node es = k.fields.get("entries");
                if (es != null) {
                    Set<String> seen = new HashSet<>();
                    for (ConfigTree.Node e : list(es, 4096)) {
                        fields(e, Set.of("keyset", "keyId", "created", "rotated", "status"),
                                Set.of("keyset", "keyId", "created"));
                        Key key = new Key(id(e.fields.get("keyset")), id(e.fields.get("keyId")),
                                date(e.fields.get("created")),
                                e.fields.get("rotated") == null ? null : date(e.fields.get("rotated")),
                                e.fields.get("status") == null ? KeyStatus.PRIMARY
                                        : choice(e.fields.get("status"), KeyStatus.class));
                        if (key.rotated() != null && key.rotated().isBefore(key.created())) {
                            throw error(e.fields.get("rotated"), "is before 'created'");
                        }
                        if (!seen.add(key.keyset() + "\0" + key.keyId())) {
                            throw error(e.fields.get("keyId"), "key given twice in this keyset");
                        }
                        keys.add(key);
                    }
                }
            }
            Review review = new Review(24, 0, true, false);
            ConfigTree.Node rv = root.fields.get("review");
            if (rv != null) {
                fields(rv, Set.of("deadlineHours", "minDwellSeconds", "separationOfDuties", "autoApprove"), Set.of());
                review = new Review(optInt(rv, "deadlineHours", 1, 24 * 365, 24),
                        optInt(rv, "minDwellSeconds", 0, 86_400, 0), optBool(rv, "separationOfDuties", true),
                        optBool(rv, "autoApprove", false));
            }
            Audit audit = new Audit(1000, false);
            ConfigTree.Node a = root.fields.get("audit");
            if (a != null) {
                fields(a, Set.of("checkpointEvery", "witness"), Set.of());
                audit = new Audit(optInt(a, "checkpointEvery", 1, 10_000_000, 1000), optBool(a, "witness", false));
            }
            return new EvidenceConfig(file, deployment, environment, components, retention, rotationDays, keys,
                    review, audit);
        }

        Component component(ConfigTree.Node c) {
            fields(c, Set.of("name", "serviceAccount", "auditComponents", "destinations", "policies",
                    "reviewRequired", "vectorStore", "integrityCheck", "outputScan", "patientScoped"),
                    Set.of("name", "serviceAccount"));
            String name = id(c.fields.get("name"));
            String sa = id(c.fields.get("serviceAccount"));
            Set<String> auditComponents = new LinkedHashSet<>();
            ConfigTree.Node ac = c.fields.get("auditComponents");
            if (ac != null) {
                for (ConfigTree.Node n : list(ac, 64)) {
                    if (!auditComponents.add(id(n))) {
                        throw error(n, "given twice");
                    }
                }
            }
            List<Target> targets = new ArrayList<>();
            ConfigTree.Node ds = c.fields.get("destinations");
            if (ds != null) {
                Set<String> seen = new HashSet<>();
                for (ConfigTree.Node d : list(ds, 64)) {
                    fields(d, Set.of("vendor", "model", "baa", "inHouse"), Set.of("vendor", "baa"));
                    Target t = new Target(id(d.fields.get("vendor")), optId(d, "model", "*"),
                            bool(d.fields.get("baa")), optBool(d, "inHouse", false));
                    if (!seen.add(t.label())) {
                        throw error(d, "destination given twice");
                    }
                    targets.add(t);
                }
            }
            Map<Purpose, String> policies = new EnumMap<>(Purpose.class);
            ConfigTree.Node ps = c.fields.get("policies");
            if (ps != null) {
                if (ps.kind != ConfigTree.Kind.OBJECT) {
                    throw error(ps, "must map purposes of use to policy ids");
                }
                for (Map.Entry<String, ConfigTree.Node> e : ps.fields.entrySet()) {
                    Purpose p;
                    try {
                        p = Purpose.valueOf(e.getKey());
                    } catch (IllegalArgumentException ex) {
                        throw error(e.getValue(), "unknown purpose of use; expected one of "
                                + java.util.Arrays.toString(Purpose.values()));
                    }
                    policies.put(p, id(e.getValue()));
                }
            }
            return new Component(name, sa, List.copyOf(auditComponents), List.copyOf(targets),
                    Collections.unmodifiableMap(policies), optBool(c, "reviewRequired", false),
                    c.fields.get("vectorStore") == null ? VectorStore.NONE
                            : choice(c.fields.get("vectorStore"), VectorStore.class),
                    c.fields.get("integrityCheck") == null ? IntegrityCheck.NONE
                            : choice(c.fields.get("integrityCheck"), IntegrityCheck.class),
                    optBool(c, "outputScan", false), optBool(c, "patientScoped", false));
        }
    }

    /**
     * Status of a key: {@code PRIMARY} encrypts now (the one whose age counts for rotation), {@code ENABLED} still
     * decrypts older data, {@code DISABLED} refuses everything, {@code DESTROYED} is gone (crypto-shredded).
     */
    enum KeyStatus { PRIMARY, ENABLED, DISABLED, DESTROYED }
}
