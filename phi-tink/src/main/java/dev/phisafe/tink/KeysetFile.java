package dev.phisafe.tink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.phisafe.core.spi.CryptoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keyset file format, {@code phisafe-keyset/1}: a small JSON document
 * <pre>
 * {"format":"phisafe-keyset/1","tenant":"t-001","patient":"p-7"(optional),"purpose":"aead",
 *  "keys":[{"id":"1a2b3c4d","created":"2026-08-20T09:15:00Z"}, ...],
 *  "encryptedKeyset":"&lt;base64 of Tink's encrypted binary keyset&gt;"}
 * </pre>
 * The keyset is encrypted under the KEK with associated data
 * {@code LP("phisafe.keyset/1") || LP(tenant) || LP(patient or "") || LP(purpose) || (LP(id) || LP(created))*},
 * so a file copied to another tenant, patient or purpose, or with edited creation dates, does not load. Status and
 * primary come from the (authenticated) keyset itself.
 */
final class KeysetFile {
    static final String FORMAT = "phisafe-keyset/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeysetFile() {
    }

    /** A keyset with the creation time of each key id. */
    record Contents(KeysetHandle handle, Map<String, Instant> created) {
    }

    static byte[] write(KeysetId id, Contents c, Aead kek) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("tenant", id.tenant());
        id.patient().ifPresent(p -> root.put("patient", p));
        root.put("purpose", id.purpose().label());
        ArrayNode keys = root.putArray("keys");
        for (Map.Entry<String, Instant> e : c.created().entrySet()) {
            keys.addObject().put("id", e.getKey()).put("created", e.getValue().toString());
        }
        try {
            byte[] enc = TinkProtoKeysetFormat.serializeEncryptedKeyset(c.handle(), kek, aad(id, c.created()));
            root.put("encryptedKeyset", Base64.getEncoder().encodeToString(enc));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (GeneralSecurityException | IOException e) {
            throw new CryptoException("keyset " + id + " could not be encrypted under the KEK", e);
        }
    }

    /**
     * @return the contents, or null if the file does not exist
     * @throws CryptoException if it is unreadable, altered, belongs elsewhere or the KEK refuses it
     */
    static Contents read(KeysetId id, Path file, Aead kek) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CryptoException("keyset file of " + id + " is unreadable", e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !FORMAT.equals(text(root, "format"))
                    || !id.tenant().equals(text(root, "tenant"))
                    || !id.patient().orElse("").equals(root.has("patient") ? text(root, "patient") : "")
                    || !id.purpose().label().equals(text(root, "purpose"))) {
                throw new CryptoException("keyset file of " + id + " is not a " + FORMAT + " file for that keyset");
            }
            Map<String, Instant> created = new LinkedHashMap<>();
            for (JsonNode k : root.path("keys")) {
                created.put(text(k, "id"), Instant.parse(text(k, "created")));
            }
            byte[] enc = Base64.getDecoder().decode(text(root, "encryptedKeyset"));
            KeysetHandle h = TinkProtoKeysetFormat.parseEncryptedKeyset(enc, kek, aad(id, created));
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < h.size(); i++) {
                ids.add(LoadedKeyset.keyId(h.getAt(i).getId()));
            }
            if (!ids.equals(created.keySet())) {
                throw new CryptoException("keyset file of " + id + " lists other keys than it holds");
            }
            return new Contents(h, created);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("keyset " + id + " does not decrypt under this KEK (wrong KEK, altered or "
                    + "moved file)", e);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            // no cause: a JSON parser message may quote the file
            throw new CryptoException("keyset file of " + id + " is malformed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    static byte[] aad(KeysetId id, Map<String, Instant> created) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lp(out, "phisafe.keyset/1");
        lp(out, id.tenant());
        lp(out, id.patient().orElse(""));
        lp(out, id.purpose().label());
        for (Map.Entry<String, Instant> e : created.entrySet()) {
            lp(out, e.getKey());
            lp(out, e.getValue().toString());
        }
        return out.toByteArray();
    }

    private static void lp(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }
}
