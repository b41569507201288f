package dev.phisafe.tink;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A Tink {@link KmsClient} whose key-encryption key (KEK) is an AES256-GCM keyset in a <b>local, cleartext</b> file:
 * for development, tests and air-gapped demos only. In production give {@link TinkKeyring} a cloud or HSM client
 * (Tink's {@code AwsKmsClient}, {@code GcpKmsClient}, or any {@link KmsClient} registered with
 * {@code KmsClients.add}) so the KEK never leaves the KMS; then destroying a tenant's KEK there is a crypto-shred
 * that no backup of the keyset files can undo.
 *
 * <p>URIs have the form {@code local-kek:///absolute/path/kek.json} ({@link #uriFor}). The file is created with
 * owner-only permissions where the file system supports them; whoever can read it can read every keyset it wraps.
 */
public final class LocalKekClient implements KmsClient {

    /** The URI scheme this client serves. */
    public static final String PREFIX = "local-kek://";

    /** A client for any {@code local-kek://} URI. */
    public LocalKekClient() {
        LoadedKeyset.init();
    }

    /**
     * Generates a new KEK file.
     *
     * @param file where to write it; must not exist
     * @return the URI to give {@link TinkKeyring.Builder#kek}
     * @throws IOException if the file exists or cannot be written
     */
    public static String generate(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        LoadedKeyset.init();
        try {
            KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            byte[] json = TinkJsonProtoKeysetFormat.serializeKeyset(kek, InsecureSecretKeyAccess.get())
                    .getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(file.toAbsolutePath().getParent());
            SecureFiles.writeNew(file, json);
            return uriFor(file);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not generate a KEK", e);
        }
    }

    /**
     * @param file a KEK file
     * @return its {@code local-kek://} URI
     */
    public static String uriFor(Path file) {
        return PREFIX + file.toAbsolutePath().normalize();
    }

    @Override
    public boolean doesSupport(String keyUri) {
        return keyUri != null && keyUri.startsWith(PREFIX);
    }

    /** Credentials do not apply to a local file: always fails. */
    @Override
    public KmsClient withCredentials(String credentialPath) throws GeneralSecurityException {
        throw new GeneralSecurityException("a local KEK file takes no credentials");
    }

    @Override
    public KmsClient withDefaultCredentials() {
        return this;
    }

    @Override
    public Aead getAead(String keyUri) throws GeneralSecurityException {
        if (!doesSupport(keyUri)) {
            throw new GeneralSecurityException("not a " + PREFIX + " URI");
        }
        Path file = Paths.get(keyUri.substring(PREFIX.length()));
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GeneralSecurityException("KEK file unreadable: " + file.getFileName(), e);
        }
        KeysetHandle kek;
        try {
            kek = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // no cause: a parser message could quote the file, which holds key material
            throw new GeneralSecurityException("KEK file is not a Tink keyset: " + file.getFileName());
        }
        return kek.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    @Override
    public String toString() {
        return "LocalKekClient{" + PREFIX + "}";
    }
}
