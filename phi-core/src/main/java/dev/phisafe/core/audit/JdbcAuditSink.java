package dev.phisafe.core.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An {@link AuditSink} that inserts each event into an append-only PostgreSQL table: the queryable copy an
 * accounting of disclosures (45 CFR 164.528) or a SOC 2 sample request is answered from.
 *
 * <p>The table ({@link #schemaSql()}) keeps the canonical JSON exactly as hashed, and chains rows like the journal:
 * {@code prev_hash} = {@code leaf_hash} of the previous row, {@code leaf_hash = SHA-256(0x00 || record)}. Writers are
 * serialised by a transaction-scoped advisory lock, so concurrent writers never fork the chain. Triggers raise on
 * UPDATE, DELETE and TRUNCATE and are {@code ENABLE ALWAYS} so that {@code session_replication_role = replica} does
 * not skip them (NIST SP 800-53 AU-9). A table owner or superuser can still disable triggers: keep the
 * {@link AuditJournal} with its signed checkpoints as the system of record, and grant the application role only
 * INSERT and SELECT.
 *
 * <p>{@link #record} returns after the transaction committed; on any failure it throws
 * {@link AuditUnavailableException} (fail closed). Thread-safe: each call borrows a connection from the data source.
 */
public final class JdbcAuditSink implements AuditSink {
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,50}");
    private final DataSource dataSource;
    private final String table;
    private final long lockKey;

    private JdbcAuditSink(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
        this.lockKey = 0x7068692d61756469L ^ table.hashCode();   // "phi-audi" ^ table: one chain per table
    }

    /**
     * @param dataSource where to connect
     * @param table      the table's name, {@code [a-z_][a-z0-9_]{0,50}}, e.g. {@code phi_audit_log}
     * @return the sink (the table must exist: see {@link #createSchema()})
     */
    public static JdbcAuditSink create(DataSource dataSource, String table) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(table, "table");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must match [a-z_][a-z0-9_]{0,50}");
        }
        return new JdbcAuditSink(dataSource, table);
    }

    /**
     * @return the DDL (PostgreSQL 12+) for the table, the reject function and the ALWAYS-enabled triggers; run it as
     *         the table owner, then {@code GRANT INSERT, SELECT ON <table> TO <app role>}
     */
    public List<String> schemaSql() {
        String t = table;
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + t + " ("
                        + "seq bigint PRIMARY KEY CHECK (seq >= 0), "
                        + "event_id uuid NOT NULL UNIQUE, "
                        + "recorded timestamptz NOT NULL, "
                        + "action text NOT NULL, "
                        + "outcome text NOT NULL, "
                        + "record bytea NOT NULL, "
                        + "leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32), "
                        + "prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32))",
                "CREATE OR REPLACE FUNCTION " + t + "_reject() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION '" + t + " is append-only (%)', TG_OP; END $$",
                "CREATE OR REPLACE TRIGGER " + t + "_no_mutate BEFORE UPDATE OR DELETE ON " + t
                        + " FOR EACH ROW EXECUTE FUNCTION " + t + "_reject()",
                "CREATE OR REPLACE TRIGGER " + t + "_no_truncate BEFORE TRUNCATE ON " + t
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + t + "_reject()",
                "ALTER TABLE " + t + " ENABLE ALWAYS TRIGGER " + t + "_no_mutate",
                "ALTER TABLE " + t + " ENABLE ALWAYS TRIGGER " + t + "_no_truncate",
                "REVOKE UPDATE, DELETE, TRUNCATE ON " + t + " FROM PUBLIC");
    }

    /**
     * Runs {@link #schemaSql()} in one transaction (idempotent).
     *
     * @return this sink
     * @throws AuditUnavailableException if the database refuses
     */
    public JdbcAuditSink createSchema() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + lockKey + ")");
                for (String sql : schemaSql()) {
                    s.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("audit table " + table + " could not be created (SQLState "
                    + e.getSQLState() + ")", e);
        }
        return this;
    }

    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        byte[] json = event.toCanonicalJson();
        byte[] leaf = Merkle.leafHash(json);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + lockKey + ")");
                }
                long seq = 0;
                byte[] prev = JournalFiles.ZERO;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT seq, leaf_hash FROM " + table
                             + " ORDER BY seq DESC LIMIT 1")) {
                    if (rs.next()) {
                        seq = rs.getLong(1) + 1;
                        prev = rs.getBytes(2);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (seq, event_id, recorded, action, outcome, record, leaf_hash, prev_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, event.id());
                    ps.setTimestamp(3, Timestamp.from(event.recorded()));
                    ps.setString(4, event.action().name());
                    ps.setString(5, event.outcome().name());
                    ps.setBytes(6, json);
                    ps.setBytes(7, leaf);
                    ps.setBytes(8, prev);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the insert did not commit either way
                }
                throw e;
            }
        } catch (SQLException e) {
            // SQL messages can quote values; only the state goes into ours
            throw new AuditUnavailableException("audit event not stored in " + table + " (SQLState "
                    + e.getSQLState() + "); refuse the operation", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcAuditSink{" + table + "}";
    }
}
