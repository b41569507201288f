package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phi keys} in-process through picocli on real keyset files: outputs, exit codes 0/1/2, no key material. */
class KeysCommandTest {

    /** A list line: keyset, key id, status, primary flag, ISO date — nothing else can appear. */
    private static final String LINE =
            "[a-z0-9/._-]+ +[0-9a-f]{8} (ENABLED |DISABLED) (primary|-      ) \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    Path dir;

    private String kek;
    private Path keys;

    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\\R"));
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PhiCommand.commandLine(new PhiCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run keys(String sub, String... more) {
        List<String> a = new ArrayList<>(List.of("keys", sub, "--keys", keys.toString(), "--kek", kek));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    @BeforeEach
    void kek() {
        Run r = run("keys", "init-kek", "--file", dir.resolve("kek.json").toString());
        assertThat(r.exit()).isZero();
        kek = r.out().strip();
        assertThat(kek).isEqualTo(LocalKekClient.uriFor(dir.resolve("kek.json")));
        keys = dir.resolve("keys");
    }

    @Test
    void createRotateDisableDelete_listShowsIdsStatusAndDatesOnly() throws Exception {
        Run created = keys("create", "--tenant", "tenant-a");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.lines()).hasSize(KeyPurpose.values().length).allMatch(l -> l.matches(LINE));

        Run rotated = keys("rotate", "--tenant", "tenant-a", "--purpose", "aead");
        assertThat(rotated.exit()).isZero();
        assertThat(rotated.lines()).hasSize(2);
        String oldId = rotated.lines().get(0).split(" +")[1];
        assertThat(rotated.lines().get(0)).contains("ENABLED ", " -      ");
        assertThat(rotated.lines().get(1)).contains("ENABLED ", "primary");

        Run list = keys("list", "--tenant", "tenant-a");
        assertThat(list.exit()).isZero();
        assertThat(list.lines()).hasSize(KeyPurpose.values().length + 1).allMatch(l -> l.matches(LINE));
        // nothing of the key material: the KEK file's key value is nowhere in the output
        String kekJson = Files.readString(dir.resolve("kek.json"), StandardCharsets.UTF_8);
        String kekValue = kekJson.replaceAll("(?s).*\"value\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(kekValue).hasSizeGreaterThan(20);
        assertThat(list.out() + list.err()).doesNotContain(kekValue);

        assertThat(keys("disable", "--tenant", "tenant-a", "--purpose", "aead", "--key-id", oldId).lines())
                .anyMatch(l -> l.contains(oldId) && l.contains("DISABLED"));
        Run deleted = keys("delete", "--tenant", "tenant-a", "--purpose", "aead", "--key-id", oldId);
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).doesNotContain(oldId);
    }

    @Test
    void keysMadeByTheCli_areTheKeysTheLibraryUses_andDestroyShredsThem() {
        assertThat(keys("create", "--tenant", "tenant-a", "--purpose", "aead").exit()).isZero();
        assertThat(keys("create", "--tenant", "tenant-a", "--patient", "pat-7", "--purpose", "aead").exit()).isZero();
        TinkKeyring keyring = TinkKeyring.builder().directory(keys).kek(new LocalKekClient(), kek).build();
        Aead patientAead = keyring.aead(KeysetId.ofPatient("tenant-a", "pat-7", KeyPurpose.AEAD));
        byte[] ct = patientAead.encrypt("x".getBytes(StandardCharsets.UTF_8), new byte[0]);

        Run refused = keys("destroy", "--tenant", "tenant-a", "--patient", "pat-7");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");

        Run destroyed = keys("destroy", "--tenant", "tenant-a", "--patient", "pat-7", "--yes");
        assertThat(destroyed.exit()).isZero();
        assertThat(destroyed.out()).contains("destroyed 1 keyset(s)");
        keyring.reload();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> patientAead.decrypt(ct, new byte[0]))
                .isInstanceOf(CryptoException.class);
        assertThat(keys("list", "--tenant", "tenant-a").lines()).singleElement().asString().startsWith("tenant-a/aead ");

        assertThat(keys("destroy", "--tenant", "tenant-a", "--yes").exit()).isZero();
        Run none = keys("list", "--tenant", "tenant-a");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("has no keysets");
        assertThat(keys("destroy", "--tenant", "tenant-a", "--yes").exit()).isEqualTo(1);
    }

    @Test
    void badUsageIsExit2_failedChecksAreExit1_andRejectedValuesAreNotEchoed() throws Exception {
        Run badTenant = keys("create", "--tenant", "Anna Kowalczyk");
        assertThat(badTenant.exit()).isEqualTo(2);
        assertThat(badTenant.err()).contains("tenant id must be").doesNotContain("Kowalczyk");

        assertThat(keys("create", "--tenant", "t1", "--purpose", "rsa").exit()).isEqualTo(2);
        assertThat(run("keys", "list", "--keys", keys.toString(), "--tenant", "t1").exit()).isEqualTo(2); // no --kek
        assertThat(run("keys").exit()).isEqualTo(2);
        assertThat(keys("create", "--tenant", "t1", "--purpose", "mac").exit()).isZero();
        Run twice = keys("create", "--tenant", "t1", "--purpose", "mac");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("exists already");
        assertThat(keys("rotate", "--tenant", "t1", "--purpose", "prf").exit()).isEqualTo(1);   // no such keyset
        assertThat(keys("disable", "--tenant", "t1", "--key-id", "00000000").exit()).isEqualTo(2); // no purpose
        assertThat(keys("disable", "--tenant", "t1", "--purpose", "mac", "--key-id", "MRN 4471").err())
                .doesNotContain("4471");
        assertThat(run("keys", "init-kek", "--file", dir.resolve("kek.json").toString()).exit()).isEqualTo(2);

        // another KEK: the keysets do not decrypt -> a failed check
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        String otherKek = LocalKekClient.generate(other.resolve("kek.json"));
        Run wrong = run("keys", "list", "--keys", keys.toString(), "--kek", otherKek, "--tenant", "t1");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("does not decrypt under this KEK");
        // an unknown KMS scheme: no client registered
        assertThat(run("keys", "list", "--keys", keys.toString(), "--kek", "aws-kms://arn:aws:kms:x", "--tenant", "t1")
                .exit()).isEqualTo(1);
    }
}
