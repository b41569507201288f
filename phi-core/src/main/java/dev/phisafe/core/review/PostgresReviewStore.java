package dev.phisafe.core.review;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.AssociatedData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link ReviewStore} in PostgreSQL through JDBC: one row per draft, compare-and-set on {@code version} in a single
 * {@code UPDATE ... WHERE id = ? AND version = ?}, so racing reviewers and committers on several nodes resolve to
 * exactly one winner. The schema ships as the resource {@code dev/phisafe/core/review/review-store-postgresql.sql};
 * {@link #createSchema()} applies it.
 *
 * <p><b>PHI at rest.</b> The note text and the reviewer's edited text are encrypted with the configured {@link Aead}
 * (45 CFR 164.312(a)(2)(iv)), each bound by its associated data to tenant, table, draft id and field, so a ciphertext
 * copied to another row does not decrypt. Only an explicit {@link Builder#textInPlaintext()} stores UTF-8 instead —
 * then the database, its backups and its logs hold PHI in the clear. The builder makes you choose one. The
 * {@code metadata} column holds no text (ids, SHA-256 hashes, times, counts).
 *
 * <p>Errors throw {@link ReviewStoreException} with the SQLSTATE only: driver messages can quote row values, so
 * neither they nor the {@link SQLException} are kept. Thread-safe (one connection per call from the
 * {@link DataSource}).
 */
public final class PostgresReviewStore implements ReviewStore {
    /** The table name used unless {@link Builder#table} says otherwise. */
    public static final String DEFAULT_TABLE = "phisafe_review_draft";
    /** The classpath resource holding the schema, with {@code ${table}} placeholders. */
    public static final String SCHEMA_RESOURCE = "/dev/phisafe/core/review/review-store-postgresql.sql";
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,50}");
    private static final byte PLAIN = 0;
    private static final byte SEALED = 1;

    private final DataSource dataSource;
    private final Aead aead;
    private final String tenant;
    private final String table;

    private PostgresReviewStore(Builder b) {
        this.dataSource = b.dataSource;
        this.aead = b.aead;
        this.tenant = b.tenant;
        this.table = b.table;
    }

    /** @return a builder; a data source and either {@code aead} or {@code textInPlaintext} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the table and its index if they do not exist (idempotent).
     *
     * @throws ReviewStoreException if the database refused
     */
    public void createSchema() {
        String sql;
        try (InputStream in = PostgresReviewStore.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new ReviewStoreException("schema resource " + SCHEMA_RESOURCE + " is missing");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", table);
        } catch (IOException e) {
            throw new ReviewStoreException("schema resource " + SCHEMA_RESOURCE + " is unreadable", e);
        }
        StringBuilder stmt = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String line : sql.split("\n")) {
                if (!line.startsWith("--")) {
                    stmt.append(line).append('\n');
                }
            }
            for (String one : stmt.toString().split(";")) {
                if (!one.isBlank()) {
                    s.execute(one);
                }
            }
        } catch (SQLException e) {
            throw failure("create the schema", e);
        }
    }

    @Override
    public void insert(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        if (draft.version() != 1) {
            throw new ReviewStoreException("a new draft must have version 1");
        }
        String sql = "INSERT INTO " + table + " (id, version, state, expires_at, metadata, body, edited_body) "
                + "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, draft.id());
            p.setLong(2, draft.version());
            p.setString(3, draft.state().name());
            p.setObject(4, OffsetDateTime.ofInstant(draft.expiresAt(), ZoneOffset.UTC));
            p.setString(5, draft.metadataJson());
            p.setBytes(6, seal(draft.id(), "text", draft.text()));
            p.setBytes(7, draft.editedText().map(t -> seal(draft.id(), "edited-text", t)).orElse(null));
            p.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ReviewStoreException("review draft " + draft.id() + " already exists");
            }
            throw failure("insert review draft " + draft.id(), e);
        }
    }

    @Override
    public Optional<Draft> find(String draftId) {
        Objects.requireNonNull(draftId, "draftId");
        String sql = "SELECT metadata::text, body, edited_body FROM " + table + " WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, draftId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String meta = r.getString(1);
                String text = open(draftId, "text", r.getBytes(2));
                byte[] edited = r.getBytes(3);
                Draft d = Draft.restore(meta, text, edited == null ? null : open(draftId, "edited-text", edited));
                if (!d.id().equals(draftId)) {
                    throw new ReviewStoreException("stored review draft " + draftId + " names another id");
                }
                return Optional.of(d);
            }
        } catch (SQLException e) {
            throw failure("read review draft " + draftId, e);
        }
    }

    @Override
    public boolean update(Draft next) {
        Objects.requireNonNull(next, "next");
        String sql = "UPDATE " + table + " SET version = ?, state = ?, expires_at = ?, metadata = ?::jsonb, "
                + "edited_body = ?, updated_at = now() WHERE id = ? AND version = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, next.version());
            p.setString(2, next.state().name());
            p.setObject(3, OffsetDateTime.ofInstant(next.expiresAt(), ZoneOffset.UTC));
            p.setString(4, next.metadataJson());
            p.setBytes(5, next.editedText().map(t -> seal(next.id(), "edited-text", t)).orElse(null));
            p.setString(6, next.id());
            p.setLong(7, next.version() - 1);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("update review draft " + next.id(), e);
        }
    }

    @Override
    public List<String> overdue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        String sql = "SELECT id FROM " + table + " WHERE state IN ('PENDING', 'IN_REVIEW') AND expires_at <= ? "
                + "ORDER BY expires_at LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            p.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw failure("list overdue review drafts", e);
        }
    }

    /** @return the table, tenant and protection; never connection details or keys */
    @Override
    public String toString() {
        return "PostgresReviewStore{table=" + table + ", tenant=" + tenant + ", text="
                + (aead == null ? "PLAINTEXT (explicit opt-in)" : "AEAD keyId=" + aead.keyId()) + "}";
    }

    private byte[] aad(String draftId, String field) {
        return AssociatedData.builder().tenant(tenant).store(table).recordId(draftId).field(field).build().toBytes();
    }

    private byte[] seal(String draftId, String field, String text) {
        byte[] plain = Texts.utf8(field, text);
        if (aead == null) {
            return prefixed(PLAIN, plain);
        }
        try {
            return prefixed(SEALED, aead.encrypt(plain, aad(draftId, field)));
        } catch (RuntimeException e) {
            throw new ReviewStoreException("could not encrypt the " + field + " of review draft " + draftId
                    + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private String open(String draftId, String field, byte[] stored) {
        if (stored == null || stored.length < 1) {
            throw new ReviewStoreException("stored " + field + " of review draft " + draftId + " is empty");
        }
        byte[] rest = java.util.Arrays.copyOfRange(stored, 1, stored.length);
        if (stored[0] == PLAIN) {
            return new String(rest, StandardCharsets.UTF_8);
        }
        if (stored[0] != SEALED) {
            throw new ReviewStoreException("stored " + field + " of review draft " + draftId + " has an unknown format");
        }
        if (aead == null) {
            throw new ReviewStoreException("stored " + field + " of review draft " + draftId
                    + " is encrypted but this store has no AEAD configured");
        }
        try {
            return new String(aead.decrypt(rest, aad(draftId, field)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new ReviewStoreException("could not decrypt the " + field + " of review draft " + draftId
                    + " (altered, moved, or its key is unavailable: " + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] prefixed(byte format, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = format;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static ReviewStoreException failure(String what, SQLException e) {
        // Driver messages may quote row contents: keep the SQLSTATE only.
        return new ReviewStoreException("PostgreSQL could not " + what + " (SQLSTATE " + e.getSQLState() + ")");
    }

    /** Builder of a {@link PostgresReviewStore}. Not thread-safe. */
    public static final class Builder {
        private DataSource dataSource;
        private Aead aead;
        private boolean plaintext;
        private String tenant = "default";
        private String table = DEFAULT_TABLE;

        private Builder() {
        }

        /**
         * @param dataSource a pooled PostgreSQL data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Encrypts note texts at rest (recommended; phi-tink provides keysets with rotation).
         *
         * @param aead the AEAD
         * @return this builder
         */
        public Builder aead(Aead aead) {
            if (plaintext) {
                throw new IllegalStateException("aead conflicts with textInPlaintext: choose one");
            }
            this.aead = Objects.requireNonNull(aead, "aead");
            return this;
        }

        /**
         * Stores note texts as plain UTF-8: the database, its backups and logs then hold PHI in the clear. Only where
         * the database is itself protected as PHI and encrypted below (disk/TDE).
         *
         * @return this builder
         */
        public Builder textInPlaintext() {
            if (aead != null) {
                throw new IllegalStateException("textInPlaintext conflicts with aead: choose one");
            }
            this.plaintext = true;
            return this;
        }

        /**
         * @param tenant the tenant id bound into each ciphertext's associated data (default {@code default})
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = Texts.id("tenant", tenant);
            return this;
        }

        /**
         * @param table the table name: lowercase letters, digits and underscores, at most 51 characters
         * @return this builder
         */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("table must match [a-z_][a-z0-9_]{0,50}");
            }
            this.table = table;
            return this;
        }

        /**
         * @return the store
         * @throws IllegalStateException if the data source is missing or neither aead nor textInPlaintext was chosen
         */
        public PostgresReviewStore build() {
            if (dataSource == null) {
                throw new IllegalStateException("dataSource is required");
            }
            if (aead == null && !plaintext) {
                throw new IllegalStateException("choose aead(..) to encrypt note texts at rest, or textInPlaintext() "
                        + "explicitly");
            }
            return new PostgresReviewStore(this);
        }
    }
}
