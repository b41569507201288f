package dev.phisafe.core.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Against a real PostgreSQL (started by .ci/run, which passes phi.pg.url/user/password). */
class JdbcAuditSinkTest {
    private PGSimpleDataSource ds;
    private String table;

    @BeforeEach
    void connect() throws SQLException {
        String url = System.getProperty("phi.pg.url");
        assumeTrue(url != null, "phi.pg.url not set: PostgreSQL tests skipped (.ci/run always sets it)");
        ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(System.getProperty("phi.pg.user"));
        ds.setPassword(System.getProperty("phi.pg.password"));
        table = "phi_audit_t" + Long.toHexString(System.nanoTime() & 0xffffffffL);
    }

    @org.junit.jupiter.api.AfterEach
    void dropTable() throws SQLException {
        if (ds != null) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);   // DROP is a privilege matter, not a trigger's
            }
        }
    }

    private List<byte[][]> rows() throws SQLException {
        List<byte[][]> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record, leaf_hash, prev_hash FROM " + table + " ORDER BY seq")) {
            while (rs.next()) {
                out.add(new byte[][]{rs.getBytes(1), rs.getBytes(2), rs.getBytes(3)});
            }
        }
        return out;
    }

    @Test
    void record_storesCanonicalJsonChained_andReadsBack() throws SQLException {
        JdbcAuditSink sink = JdbcAuditSink.create(ds, table).createSchema();
        sink.createSchema();   // idempotent
        sink.record(AuditFixtures.fullEvent(1));
        sink.record(AuditFixtures.minimalEvent(2));
        List<byte[][]> rows = rows();
        assertThat(rows).hasSize(2);
        assertThat(AuditEvent.parse(rows.get(0)[0])).isEqualTo(AuditFixtures.fullEvent(1));
        assertThat(rows.get(0)[2]).isEqualTo(new byte[32]);
        assertThat(rows.get(1)[2]).isEqualTo(rows.get(0)[1]);
        assertThat(rows.get(1)[1]).isEqualTo(Merkle.leafHash(rows.get(1)[0]));
        for (byte[][] r : rows) {
            AuditFixtures.assertNoCanary("row", r[0]);
        }
    }

    @Test
    void updateDeleteTruncate_refusedByTriggers_evenAsReplica() throws SQLException {
        JdbcAuditSink sink = JdbcAuditSink.create(ds, table).createSchema();
        sink.record(AuditFixtures.minimalEvent(1));
        String[] attacks = {"UPDATE " + table + " SET action = 'QUERY'", "DELETE FROM " + table,
            "TRUNCATE " + table};
        for (String sql : attacks) {
            for (boolean replica : new boolean[]{false, true}) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    if (replica) {
                        try {
                            s.execute("SET session_replication_role = replica");
                        } catch (SQLException notSuperuser) {
                            continue;   // only a superuser may set it; the ALWAYS triggers cover that case
                        }
                    }
                    assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
                            .hasMessageContaining("append-only");
                }
            }
        }
        assertThat(rows()).hasSize(1);
    }

    @Test
    void eightConcurrentWriters_loseNothing_chainIsLinear() throws Exception {
        JdbcAuditSink sink = JdbcAuditSink.create(ds, table).createSchema();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        Set<UUID> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 8; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    AuditEvent e = AuditFixtures.minimalEvent(i).toBuilder().id(UUID.randomUUID()).build();
                    sink.record(e);
                    sent.add(e.id());
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        List<byte[][]> rows = rows();
        assertThat(rows).hasSize(800);
        Set<UUID> stored = new HashSet<>();
        byte[] prev = new byte[32];
        for (byte[][] r : rows) {
            assertThat(MessageDigest.isEqual(r[2], prev)).isTrue();
            prev = r[1];
            stored.add(AuditEvent.parse(r[0]).id());
        }
        assertThat(stored).isEqualTo(sent);
    }

    @Test
    void unreachableDatabase_recordFailsClosed() {
        PGSimpleDataSource bad = new PGSimpleDataSource();
        bad.setUrl("jdbc:postgresql://127.0.0.1:1/none");
        bad.setConnectTimeout(2);
        assertThatThrownBy(() -> JdbcAuditSink.create(bad, "phi_audit_log").record(AuditFixtures.fullEvent(0)))
                .isInstanceOf(AuditUnavailableException.class)
                .satisfies(t -> AuditFixtures.assertNoCanary("message", t.getMessage()));
        assertThatThrownBy(() -> JdbcAuditSink.create(bad, "bad name; drop table x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
