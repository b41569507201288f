package dev.phisafe.tink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phisafe.core.spi.AssociatedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files: a test-only KEK, keyset files (two keys each, the first no longer primary) and outputs made by
 * phi-tink 0.1.0 are committed under {@code src/test/resources/dev/phisafe/tink/golden/}. Every later version must
 * still load the files and decrypt/verify the outputs, and must make the same deterministic tokens, tags and PRF
 * values: this freezes the keyset file format, the associated-data layout and the output formats.
 *
 * <p>The KEK there is public test data: never use it for anything else.
 */
class GoldenCiphertextTest {
    private static final Path GOLDEN = Paths.get("src/test/resources/dev/phisafe/tink/golden");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void goldenOutputsOfEarlierVersions_stillDecryptAndVerify() throws IOException {
        TinkKeyring keyring = copyOfGoldenKeyring();
        JsonNode vectors = JSON.readTree(GOLDEN.resolve("vectors.json").toFile());
        int checked = 0;
        for (JsonNode v : vectors.path("vectors")) {
            KeysetId id = KeysetId.of("tenant-golden", KeyPurpose.fromLabel(v.get("purpose").asText()));
            byte[] ad = HEX.parseHex(v.get("associatedData").asText());
            byte[] plain = v.get("plaintext").asText().getBytes(UTF_8);
            byte[] out = HEX.parseHex(v.get("output").asText());
            String keyId = v.get("keyId").asText();
            switch (id.purpose()) {
                case AEAD -> {
                    assertThat(keyring.aead(id).keyIdOf(out)).isEqualTo(keyId);
                    assertThat(keyring.aead(id).decrypt(out, ad)).isEqualTo(plain);
                }
                case DETERMINISTIC_AEAD -> {
                    assertThat(keyring.deterministicAead(id).decryptDeterministically(out, ad)).isEqualTo(plain);
                    if (keyId.equals(keyring.deterministicAead(id).keyId())) {
                        assertThat(keyring.deterministicAead(id).encryptDeterministically(plain, ad)).isEqualTo(out);
                    }
                }
                case MAC -> {
                    assertThat(keyring.mac(id).verify(out, plain)).isTrue();
                    if (keyId.equals(keyring.mac(id).keyId())) {
                        assertThat(keyring.mac(id).computeMac(plain)).isEqualTo(out);
                    }
                }
                case PRF -> assertThat(keyring.prf(id).computeUnderAllKeys(plain, 32).get(keyId)).isEqualTo(out);
                default -> throw new AssertionError(id.purpose());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(8);
        // the associated-data layout itself is frozen too
        assertThat(HEX.formatHex(goldenAd().toBytes())).isEqualTo(vectors.get("associatedDataHex").asText());
    }

    private TinkKeyring copyOfGoldenKeyring() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(GOLDEN.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return TinkKeyring.builder().directory(dir.resolve("keys"))
                .kek(new LocalKekClient(), LocalKekClient.uriFor(dir.resolve("kek.json"))).build();
    }

    private static AssociatedData goldenAd() {
        return AssociatedData.builder().tenant("tenant-golden").store("notes").recordId("rec-1").field("text").build();
    }

    /** Regenerates the golden files: run once per format change, with -Dphisafe.golden.write=true, and commit. */
    @Test
    @EnabledIfSystemProperty(named = "phisafe.golden.write", matches = "true")
    void writeGoldenFiles() throws IOException {
        Files.createDirectories(GOLDEN);
        String kek = LocalKekClient.generate(GOLDEN.resolve("kek.json"));
        TinkKeyring keyring = TinkKeyring.builder().directory(GOLDEN.resolve("keys")).kek(new LocalKekClient(), kek)
                .build();
        ObjectNode root = JSON.createObjectNode();
        root.put("note", "made by phi-tink 0.1.0 (Tink 1.20.0); every later version must still decrypt/verify these");
        root.put("associatedDataHex", HEX.formatHex(goldenAd().toBytes()));
        ArrayNode out = root.putArray("vectors");
        byte[] ad = goldenAd().toBytes();
        for (KeyPurpose p : new KeyPurpose[] {KeyPurpose.AEAD, KeyPurpose.DETERMINISTIC_AEAD, KeyPurpose.MAC,
            KeyPurpose.PRF}) {
            KeysetId id = KeysetId.of("tenant-golden", p);
            keyring.create(id);
            for (int round = 0; round < 2; round++) {
                String text = "golden " + p.label() + " #" + round + " \u00e9\uD83D\uDE00";
                byte[] plain = text.getBytes(UTF_8);
                byte[] o = switch (p) {
                    case AEAD -> keyring.aead(id).encrypt(plain, ad);
                    case DETERMINISTIC_AEAD -> keyring.deterministicAead(id).encryptDeterministically(plain, ad);
                    case MAC -> keyring.mac(id).computeMac(plain);
                    default -> keyring.prf(id).compute(plain, 32);
                };
                String keyId = switch (p) {
                    case AEAD -> keyring.aead(id).keyId();
                    case DETERMINISTIC_AEAD -> keyring.deterministicAead(id).keyId();
                    case MAC -> keyring.mac(id).keyId();
                    default -> keyring.prf(id).keyId();
                };
                out.addObject().put("purpose", p.label()).put("keyId", keyId)
                        .put("associatedData", p == KeyPurpose.AEAD || p == KeyPurpose.DETERMINISTIC_AEAD
                                ? HEX.formatHex(ad) : "")
                        .put("plaintext", text).put("output", HEX.formatHex(o));
                if (round == 0) {
                    keyring.rotate(id);
                }
            }
        }
        Files.writeString(GOLDEN.resolve("vectors.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
