package dev.phisafe.core.review;

import dev.phisafe.core.spi.TestAesGcm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.phisafe.core.review.ReviewFixtures.NOTE;
import static dev.phisafe.core.review.ReviewFixtures.REVIEWER;
import static dev.phisafe.core.review.ReviewFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the store contract against a real PostgreSQL given by {@code -Dphi.pg.url=jdbc:postgresql://localhost/db}
 * ({@code -Dphi.pg.user}, {@code -Dphi.pg.password}); skipped, with that message, when {@code phi.pg.url} is absent.
 */
class PostgresReviewStoreTest extends ReviewStoreContract {
    private static PGSimpleDataSource ds;
    private static final String TABLE = "review_test_" + Long.toHexString(System.nanoTime() & 0xffffffL);
    private static final TestAesGcm AEAD = new TestAesGcm("review-2026-08");
    private static PostgresReviewStore sealed;

    private static final String URL = System.getProperty("phi.pg.url");

    @BeforeAll
    static void connect() throws SQLException {
        if (URL == null || URL.isBlank()) {
            return;
        }
        ds = new PGSimpleDataSource();
        ds.setURL(URL);
        ds.setUser(System.getProperty("phi.pg.user", "phisafe"));
        ds.setPassword(System.getProperty("phi.pg.password", ""));
        sealed = PostgresReviewStore.builder().dataSource(ds).aead(AEAD).tenant("clinic-1").table(TABLE).build();
        sealed.createSchema();
        sealed.createSchema();   // idempotent
    }

    @BeforeEach
    void requirePostgres() {
        assumeTrue(URL != null && !URL.isBlank(),
                "PostgreSQL tests skipped: set -Dphi.pg.url (and phi.pg.user, phi.pg.password) to a test database");
    }

    @Override
    protected ReviewStore store() {
        return sealed;
    }

    private static byte[] column(String id, String column) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM " + TABLE + " WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBytes(1);
            }
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aead_textsEncryptedAtRest_noCanaryInAnyColumn() throws SQLException {
        ReviewGate gate = gate();
        Draft d = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), NOTE + " Seen by Jane Q. Canarywoman.", "addendum");
        for (String col : new String[] {"body", "edited_body", "metadata::text", "id", "state"}) {
            String raw = new String(column(d.id(), col), StandardCharsets.ISO_8859_1);
            ReviewFixtures.assertNoCanary("column " + col, raw);
        }
        assertThat(column(d.id(), "body")[0]).isEqualTo((byte) 1);
        assertThat(sealed.toString()).contains("AEAD keyId=review-2026-08");
    }

    @Test
    void aead_ciphertextMovedToAnotherRow_doesNotDecrypt() throws SQLException {
        ReviewGate gate = gate();
        Draft a = gate.submit(request(NOTE));
        Draft b = gate.submit(request(NOTE.replace("Jane", "John")));
        exec("UPDATE " + TABLE + " SET body = (SELECT body FROM " + TABLE + " WHERE id = '" + a.id() + "') "
                + "WHERE id = '" + b.id() + "'");
        assertThatThrownBy(() -> sealed.find(b.id())).isInstanceOf(ReviewStoreException.class)
                .hasMessageContaining("could not decrypt").hasMessageNotContaining("Jane");
        assertThat(sealed.find(a.id())).isPresent();
    }

    @Test
    void plaintextOptIn_approvedTextChangedByOneCharacterInTheDatabase_commitRefused() throws SQLException {
        PostgresReviewStore plain = PostgresReviewStore.builder().dataSource(ds).textInPlaintext().table(TABLE).build();
        ReviewGate gate = ReviewGate.builder().store(plain).auditSink(sink).auditKey(ReviewFixtures.AUDIT_KEY)
                .clock(clock).build();
        Draft d = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), NOTE.replace("7.5 mg", "5 mg"), "dose");
        assertThat(new String(column(d.id(), "edited_body"), StandardCharsets.UTF_8)).contains("warfarin 5 mg");
        exec("UPDATE " + TABLE + " SET edited_body = overlay(edited_body placing '6'::bytea from "
                + (1 + 1 + NOTE.indexOf("7.5 mg")) + " for 1) WHERE id = '" + d.id() + "'");
        assertThat(plain.find(d.id()).orElseThrow().editedText().orElseThrow()).contains("warfarin 6 mg");
        int[] calls = new int[1];
        assertThatThrownBy(() -> gate.commit(d.id(), n -> "r" + ++calls[0]))
                .isInstanceOf(ReviewCommitException.class).hasMessageContaining("approved-hash-mismatch");
        assertThat(calls[0]).isZero();
        assertThat(plain.toString()).contains("PLAINTEXT");
    }

    @Test
    void builder_requiresAnExplicitChoiceOfProtection_andAValidTable() {
        assertThatThrownBy(() -> PostgresReviewStore.builder().dataSource(ds).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("textInPlaintext");
        assertThatThrownBy(() -> PostgresReviewStore.builder().aead(AEAD).textInPlaintext())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("conflicts");
        assertThatThrownBy(() -> PostgresReviewStore.builder().table("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseUnavailable_failsClosedWithSqlStateOnly() {
        PGSimpleDataSource bad = new PGSimpleDataSource();
        bad.setURL(System.getProperty("phi.pg.url"));
        bad.setUser("no_such_role_phisafe");
        bad.setPassword("wrong");
        PostgresReviewStore s = PostgresReviewStore.builder().dataSource(bad).aead(AEAD).table(TABLE).build();
        ReviewGate gate = ReviewGate.builder().store(s).auditSink(sink).auditKey(ReviewFixtures.AUDIT_KEY).build();
        assertThatThrownBy(() -> gate.submit(request(NOTE))).isInstanceOf(ReviewStoreException.class)
                .hasMessageContaining("SQLSTATE").hasNoCause();
    }
}
