package dev.phisafe.tink;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.spi.Prf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tink keysets per tenant (and optionally per patient) and {@link KeyPurpose}, stored as encrypted keyset files under
 * a key-encryption key (KEK) from a Tink {@link KmsClient}, handed out as phi-core SPIs. This is where phi-safe's
 * keys are generated, rotated and crypto-shredded (45 CFR 164.312(a)(2)(iv) encryption at rest; 164.310(d)(2)(i)
 * disposal).
 *
 * <pre>{@code
 * TinkKeyring keyring = TinkKeyring.builder()
 *         .directory(Path.of("/var/lib/phisafe/keys"))
 *         .kek(new LocalKekClient(), kekUri)          // production: an AWS/GCP KMS or HSM client
 *         .build();
 * KeysetId text = KeysetId.of("tenant-a", KeyPurpose.AEAD);
 * keyring.create(text);
 * PseudonymVault vault = PseudonymVault.builder().aead(keyring.aead(text))...build();
 * }</pre>
 *
 * <p><b>Files.</b> {@code <directory>/<tenant>/<purpose>.keyset.json} and
 * {@code <directory>/<tenant>/patients/<patient>/<purpose>.keyset.json}, format {@code phisafe-keyset/1}: key ids
 * and creation dates in clear, the Tink keyset encrypted under the KEK with associated data binding tenant, patient,
 * purpose and the key list, so a file moved to another tenant or edited does not load. Files are written atomically
 * (fsync, rename) with owner-only permissions. Ids must be opaque ({@link KeysetId}).
 *
 * <p><b>Rotation</b> (Tink's recommended order): {@link #addKey} (a new enabled key, not yet primary: roll it out to
 * every reader first) → {@link #promote} (it encrypts from now on; old keys still decrypt) → re-encrypt data whose
 * {@link Aead#keyIdOf} is not the primary → {@link #disable} the old key (its ciphertexts now fail: check nothing
 * breaks; {@link #enable} undoes it) → {@link #deleteKey} (gone for good). {@link #rotate} does the first two steps.
 *
 * <p><b>Crypto-shredding.</b> {@link #destroyTenant} and {@link #destroyPatient} overwrite and delete the keyset
 * files and drop the cached keys, so every ciphertext, token and tag made under them fails from then on, in this
 * process at once (primitives already handed out look their keyset up on every call). Honest limits: the overwrite
 * is a best effort on SSDs and copy-on-write file systems, and backups of keyset files survive; the guarantee
 * comes from the KEK — with a per-tenant KEK in a cloud KMS, destroy that KEK as well. Other processes that
 * loaded the keyset keep it until they {@link #reload()} or restart.
 *
 * <p><b>No key material outside Tink.</b> Nothing here returns, logs or prints key bytes; {@link #list} gives ids,
 * status, primary flag and creation dates; messages and logs name keysets and key ids only.
 *
 * <p>Thread-safe. Changes are serialised within this keyring; run one writer process at a time (the {@code phi keys}
 * CLI is meant for maintenance windows or a single key-admin host).
 */
public final class TinkKeyring {
    private static final Logger LOG = LoggerFactory.getLogger(TinkKeyring.class);
    private static final String SUFFIX = ".keyset.json";

    private final Path directory;
    private final com.google.crypto.tink.Aead kek;
    private final String kekScheme;
    private final Clock clock;
    private final ConcurrentHashMap<KeysetId, Entry> cache = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    /** A loaded keyset and the creation time of its keys. */
    private record Entry(LoadedKeyset keyset, Map<String, Instant> created) {
    }

    private TinkKeyring(Builder b, com.google.crypto.tink.Aead kek) {
        this.directory = b.directory;
        this.kek = kek;
        this.kekScheme = b.kekUri.contains("://") ? b.kekUri.substring(0, b.kekUri.indexOf("://")) : "kms";
        this.clock = b.clock;
    }

    /** @return a builder; directory and KEK are required */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Creates a keyset with one new primary key.
     *
     * @param id the keyset
     * @return its keys
     * @throws IllegalStateException if it exists already
     * @throws CryptoException       if it cannot be encrypted or written
     */
    public List<KeyInfo> create(KeysetId id) {
        Objects.requireNonNull(id, "id");
        synchronized (writeLock) {
            if (Files.exists(file(id))) {
                throw new IllegalStateException("keyset " + id + " exists already");
            }
            try {
                KeysetHandle h = KeysetHandle.generateNew(id.purpose().parameters());
                Map<String, Instant> created = new LinkedHashMap<>();
                created.put(LoadedKeyset.keyId(h.getPrimary().getId()), now());
                store(id, new KeysetFile.Contents(h, created), true);
                LOG.info("keyset {} created, primary key {}", id, LoadedKeyset.keyId(h.getPrimary().getId()));
                return list(id);
            } catch (GeneralSecurityException e) {
                throw new CryptoException("could not generate keyset " + id, e);
            }
        }
    }

    /**
     * Rotation step 1: adds a new enabled key that is not primary (it decrypts but does not encrypt yet).
     *
     * @param id the keyset
     * @return the new key's id
     * @throws CryptoException if the keyset does not exist or cannot be written
     */
    public String addKey(KeysetId id) {
        synchronized (writeLock) {
            Entry e = load(id);
            try {
                KeysetHandle h = KeysetHandle.newBuilder(e.keyset().handle())
                        .addEntry(KeysetHandle.generateEntryFromParameters(id.purpose().parameters()).withRandomId())
                        .build();
                Set<String> old = new HashSet<>(e.created().keySet());
                String added = null;
                for (int i = 0; i < h.size(); i++) {
                    String k = LoadedKeyset.keyId(h.getAt(i).getId());
                    if (!old.contains(k)) {
                        added = k;
                    }
                }
                Map<String, Instant> created = new LinkedHashMap<>(e.created());
                created.put(added, now());
                store(id, new KeysetFile.Contents(h, created), false);
                LOG.info("keyset {}: key {} added (enabled, not primary)", id, added);
                return added;
            } catch (GeneralSecurityException ex) {
                throw new CryptoException("could not add a key to keyset " + id, ex);
            }
        }
    }

    /**
     * Rotation step 2: makes an enabled key the primary (it encrypts and tags from now on).
     *
     * @param id    the keyset
     * @param keyId a key of it
     * @throws IllegalArgumentException if there is no such key
     * @throws IllegalStateException    if the key is disabled
     */
    public void promote(KeysetId id, String keyId) {
        change(id, keyId, (b, i, status) -> {
            if (status != KeyStatus.ENABLED) {
                throw new IllegalStateException("key " + keyId + " of keyset " + id + " is disabled: enable it first");
            }
            b.getAt(i).makePrimary();
        }, "promoted to primary");
    }

    /**
     * Rotation step 4: disables a key that is not primary; its ciphertexts and tags are refused until it is enabled.
     *
     * @param id    the keyset
     * @param keyId a key of it
     * @throws IllegalArgumentException if there is no such key
     * @throws IllegalStateException    if it is the primary
     */
    public void disable(KeysetId id, String keyId) {
        change(id, keyId, (b, i, status) -> {
            if (b.getAt(i).isPrimary()) {
                throw new IllegalStateException("key " + keyId + " is the primary of keyset " + id
                        + ": promote another key first");
            }
            b.getAt(i).setStatus(KeyStatus.DISABLED);
        }, "disabled");
    }

    /**
     * Undoes {@link #disable}.
     *
     * @param id    the keyset
     * @param keyId a key of it
     * @throws IllegalArgumentException if there is no such key
     */
    public void enable(KeysetId id, String keyId) {
        change(id, keyId, (b, i, status) -> b.getAt(i).setStatus(KeyStatus.ENABLED), "enabled");
    }

    /**
     * Rotation step 5: deletes a disabled key for good (its material leaves the keyset file).
     *
     * @param id    the keyset
     * @param keyId a disabled key of it
     * @throws IllegalArgumentException if there is no such key
     * @throws IllegalStateException    if it is enabled (disable it and check first) or primary
     */
    public void deleteKey(KeysetId id, String keyId) {
        change(id, keyId, (b, i, status) -> {
            if (status != KeyStatus.DISABLED) {
                throw new IllegalStateException("key " + keyId + " of keyset " + id
                        + " is enabled: disable it (and check nothing fails) before deleting it");
            }
            b.deleteAt(i);
        }, "deleted");
    }

    /**
     * Adds a key and promotes it (rotation steps 1 and 2 at once: fine when every reader uses this keyring's files).
     *
     * @param id the keyset
     * @return the new primary key id
     */
    public String rotate(KeysetId id) {
        synchronized (writeLock) {
            String k = addKey(id);
            promote(id, k);
            return k;
        }
    }

    /**
     * @param id the keyset
     * @return its keys in keyset order: ids, status, primary flag, creation dates — never material
     * @throws CryptoException if the keyset does not exist or cannot be loaded
     */
    public List<KeyInfo> list(KeysetId id) {
        Entry e = load(id);
        KeysetHandle h = e.keyset().handle();
        List<KeyInfo> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            KeysetHandle.Entry k = h.getAt(i);
            String kid = LoadedKeyset.keyId(k.getId());
            out.add(new KeyInfo(kid, k.getStatus() == KeyStatus.ENABLED ? KeyInfo.Status.ENABLED
                    : KeyInfo.Status.DISABLED, k.isPrimary(), e.created().get(kid)));
        }
        return List.copyOf(out);
    }

    /**
     * @param id a keyset
     * @return whether its file exists
     */
    public boolean exists(KeysetId id) {
        return Files.exists(file(Objects.requireNonNull(id, "id")));
    }

    /**
     * @param tenant a tenant id
     * @return the tenant's keysets (tenant-wide and per patient), sorted by name
     */
    public List<KeysetId> keysets(String tenant) {
        KeysetId probe = KeysetId.of(tenant, KeyPurpose.AEAD);    // validates the id
        Path dir = directory.resolve(probe.tenant());
        List<KeysetId> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                KeysetId k = parse(dir, p, tenant);
                if (k != null) {
                    out.add(k);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list keysets of tenant " + tenant, e);
        }
        out.sort(Comparator.comparing(KeysetId::toString));
        return out;
    }

    /**
     * Crypto-shreds a whole tenant: every keyset of the tenant, tenant-wide and per patient, is overwritten and
     * deleted, so nothing encrypted, tokenised or tagged under them can be read or verified again.
     *
     * @param tenant a tenant id
     * @return how many keysets were destroyed
     */
    public int destroyTenant(String tenant) {
        synchronized (writeLock) {
            List<KeysetId> all = keysets(tenant);
            all.forEach(this::shred);
            cache.keySet().removeIf(k -> k.tenant().equals(tenant));
            deleteEmptyDirectories(directory.resolve(tenant));
            LOG.info("tenant {} crypto-shredded: {} keysets destroyed", tenant, all.size());
            return all.size();
        }
    }

    /**
     * Crypto-shreds one patient's keysets (tenant-wide keysets stay).
     *
     * @param tenant  a tenant id
     * @param patient the patient's opaque id
     * @return how many keysets were destroyed
     */
    public int destroyPatient(String tenant, String patient) {
        synchronized (writeLock) {
            int n = 0;
            for (KeyPurpose p : KeyPurpose.values()) {
                KeysetId id = KeysetId.ofPatient(tenant, patient, p);
                if (exists(id)) {
                    shred(id);
                    n++;
                }
                cache.remove(id);
            }
            deleteEmptyDirectories(directory.resolve(tenant).resolve("patients").resolve(patient));
            LOG.info("patient keysets of tenant {} crypto-shredded: {} keysets destroyed", tenant, n);
            return n;
        }
    }

    /** Drops every cached keyset, so the next use reads the files again (after another process changed them). */
    public void reload() {
        cache.clear();
    }

    // ---------------------------------------------------------------- primitives

    /**
     * @param id an {@link KeyPurpose#AEAD} keyset
     * @return AES256-GCM text encryption that follows rotations and crypto-shreds of the keyset
     * @throws IllegalArgumentException if the keyset has another purpose
     * @throws CryptoException          if it does not exist or cannot be loaded
     */
    public Aead aead(KeysetId id) {
        return new TinkAead(source(id, KeyPurpose.AEAD));
    }

    /**
     * @param id a {@link KeyPurpose#DETERMINISTIC_AEAD} keyset
     * @return AES256-SIV equality tokens
     * @throws IllegalArgumentException if the keyset has another purpose
     * @throws CryptoException          if it does not exist or cannot be loaded
     */
    public DeterministicAead deterministicAead(KeysetId id) {
        return new TinkDeterministicAead(source(id, KeyPurpose.DETERMINISTIC_AEAD));
    }

    /**
     * @param id a {@link KeyPurpose#MAC} keyset
     * @return HMAC-SHA256 tags with key-id prefix
     * @throws IllegalArgumentException if the keyset has another purpose
     * @throws CryptoException          if it does not exist or cannot be loaded
     */
    public Mac mac(KeysetId id) {
        return new TinkMac(source(id, KeyPurpose.MAC));
    }

    /**
     * @param id a {@link KeyPurpose#PRF} or {@link KeyPurpose#VECTOR} keyset
     * @return the HMAC-SHA256 PRF
     * @throws IllegalArgumentException if the keyset has another purpose
     * @throws CryptoException          if it does not exist or cannot be loaded
     */
    public Prf prf(KeysetId id) {
        return new TinkPrf(source(id, id.purpose() == KeyPurpose.VECTOR ? KeyPurpose.VECTOR : KeyPurpose.PRF));
    }

    /**
     * @param id a {@link KeyPurpose#PRF} keyset
     * @return a 32-byte keyed hash (pseudonym tokens, date shifts, the vault's lookup index) under the primary key
     * @throws IllegalArgumentException if the keyset has another purpose
     * @throws CryptoException          if it does not exist or cannot be loaded
     */
    public KeyedHash keyedHash(KeysetId id) {
        return new TinkPrf(source(id, KeyPurpose.PRF));
    }

    /** @return the directory and the KEK's scheme only */
    @Override
    public String toString() {
        return "TinkKeyring{directory=" + directory + ", kek=" + kekScheme + "://…}";
    }

    // ---------------------------------------------------------------- internals

    private KeysetSource source(KeysetId id, KeyPurpose expected) {
        Objects.requireNonNull(id, "id");
        if (id.purpose() != expected) {
            throw new IllegalArgumentException("keyset " + id + " is for " + id.purpose().label() + ", not "
                    + expected.label());
        }
        load(id);   // fail fast if it does not exist
        return new KeysetSource() {
            @Override
            public LoadedKeyset current() {
                return load(id).keyset();
            }

            @Override
            public String name() {
                return id.toString();
            }
        };
    }

    private Entry load(KeysetId id) {
        Objects.requireNonNull(id, "id");
        Entry e = cache.get(id);
        if (e != null) {
            return e;                                   // hot path: no lock
        }
        // a miss reads the file under the write lock, so a reader that read the file just before a change or a
        // crypto-shred can never put the old keys back into the cache after it
        synchronized (writeLock) {
            e = cache.get(id);
            if (e != null) {
                return e;
            }
            KeysetFile.Contents c = KeysetFile.read(id, file(id), kek);
            if (c == null) {
                throw new CryptoException("keyset " + id + " does not exist (never created, or destroyed)");
            }
            Entry loaded = new Entry(new LoadedKeyset(id.toString(), c.handle()), c.created());
            cache.put(id, loaded);
            return loaded;
        }
    }

    private void store(KeysetId id, KeysetFile.Contents c, boolean isNew) {
        byte[] bytes = KeysetFile.write(id, c, kek);
        Path f = file(id);
        try {
            Files.createDirectories(f.getParent());
            if (isNew) {
                SecureFiles.writeNew(f, bytes);
            } else {
                SecureFiles.replace(f, bytes);
            }
        } catch (IOException e) {
            throw new CryptoException("keyset file of " + id + " could not be written", e);
        }
        cache.put(id, new Entry(new LoadedKeyset(id.toString(), c.handle()), c.created()));
    }

    private interface Change {
        void apply(KeysetHandle.Builder b, int index, KeyStatus status);
    }

    private void change(KeysetId id, String keyId, Change change, String what) {
        Objects.requireNonNull(keyId, "keyId");
        synchronized (writeLock) {
            Entry e = load(id);
            KeysetHandle h = e.keyset().handle();
            int index = -1;
            for (int i = 0; i < h.size(); i++) {
                if (LoadedKeyset.keyId(h.getAt(i).getId()).equals(keyId)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("keyset " + id + " has no key "
                        + (keyId.matches("[0-9a-f]{8}") ? keyId : "with that id (ids are 8 hex digits)"));
            }
            KeysetHandle.Builder b = KeysetHandle.newBuilder(h);
            change.apply(b, index, h.getAt(index).getStatus());
            try {
                KeysetHandle changed = b.build();
                Map<String, Instant> created = new LinkedHashMap<>();
                for (int i = 0; i < changed.size(); i++) {
                    String k = LoadedKeyset.keyId(changed.getAt(i).getId());
                    created.put(k, e.created().get(k));
                }
                store(id, new KeysetFile.Contents(changed, created), false);
            } catch (GeneralSecurityException ex) {
                throw new CryptoException("could not change key " + keyId + " of keyset " + id, ex);
            }
            LOG.info("keyset {}: key {} {}", id, keyId, what);
        }
    }

    private void shred(KeysetId id) {
        try {
            if (Files.exists(file(id))) {
                SecureFiles.shred(file(id));
            }
        } catch (IOException e) {
            throw new CryptoException("keyset file of " + id + " could not be destroyed", e);
        }
        cache.remove(id);
        LOG.info("keyset {} destroyed", id);
    }

    private void deleteEmptyDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> dirs = s.sorted(Comparator.reverseOrder()).toList();
            for (Path d : dirs) {
                try (Stream<Path> inside = Files.list(d)) {
                    if (inside.findAny().isEmpty()) {
                        Files.delete(d);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove empty key directories under {}", directory.relativize(dir));
        }
    }

    private Path file(KeysetId id) {
        Path t = directory.resolve(id.tenant());
        if (id.patient().isPresent()) {
            t = t.resolve("patients").resolve(id.patient().get());
        }
        return t.resolve(id.purpose().label() + SUFFIX);
    }

    private static KeysetId parse(Path tenantDir, Path file, String tenant) {
        String name = file.getFileName().toString();
        String label = name.substring(0, name.length() - SUFFIX.length());
        KeyPurpose purpose;
        try {
            purpose = KeyPurpose.fromLabel(label);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Path rel = tenantDir.relativize(file);
        if (rel.getNameCount() == 1) {
            return KeysetId.of(tenant, purpose);
        }
        if (rel.getNameCount() == 3 && rel.getName(0).toString().equals("patients")
                && KeysetId.validId(rel.getName(1).toString())) {
            return KeysetId.ofPatient(tenant, rel.getName(1).toString(), purpose);
        }
        return null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Builds a {@link TinkKeyring}. Not thread-safe. */
    public static final class Builder {
        private Path directory;
        private KmsClient client;
        private String kekUri;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param directory where keyset files live (created if missing)
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
            return this;
        }

        /**
         * @param client the KMS client that holds the KEK (e.g. {@link LocalKekClient}, Tink's AWS/GCP clients)
         * @param kekUri the KEK's URI in that KMS
         * @return this builder
         * @throws IllegalArgumentException if the client does not support the URI
         */
        public Builder kek(KmsClient client, String kekUri) {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(kekUri, "kekUri");
            if (!client.doesSupport(kekUri)) {
                throw new IllegalArgumentException("the KMS client " + client.getClass().getSimpleName()
                        + " does not support that KEK URI");
            }
            this.client = client;
            this.kekUri = kekUri;
            return this;
        }

        /**
         * @param kekUri a KEK URI served by a client registered with Tink's {@code KmsClients.add(...)}
         * @return this builder
         */
        public Builder kekUri(String kekUri) {
            this.kekUri = Objects.requireNonNull(kekUri, "kekUri");
            this.client = null;
            return this;
        }

        /**
         * @param clock the clock for key creation dates (tests)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the keyring
         * @throws IllegalStateException if the directory or KEK is missing
         * @throws CryptoException       if the KMS does not give the KEK
         */
        public TinkKeyring build() {
            if (directory == null) {
                throw new IllegalStateException("TinkKeyring needs directory(...)");
            }
            if (kekUri == null) {
                throw new IllegalStateException("TinkKeyring needs kek(client, uri) or kekUri(uri)");
            }
            LoadedKeyset.init();
            try {
                KmsClient c = client != null ? client : KmsClients.get(kekUri);
                return new TinkKeyring(this, c.getAead(kekUri));
            } catch (GeneralSecurityException e) {
                throw new CryptoException("the KMS did not provide the KEK", e);
            }
        }
    }
}
