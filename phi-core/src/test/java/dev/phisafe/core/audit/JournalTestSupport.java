package dev.phisafe.core.audit;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** Keys and journal construction for journal tests. */
final class JournalTestSupport {
    static final KeyPair KEYS = newKeys();

    private JournalTestSupport() {
    }

    static KeyPair newKeys() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuditJournal.Builder journal(Path dir) {
        return AuditJournal.builder(dir).origin("test.example.org/tenant-a").signingKey("test-key", KEYS);
    }

    /** Writes n full events and closes, leaving a final checkpoint. */
    static void write(Path dir, int n, int checkpointEvery) {
        try (AuditJournal j = journal(dir).checkpointEvery(checkpointEvery).build()) {
            for (int i = 0; i < n; i++) {
                j.record(i % 2 == 0 ? AuditFixtures.fullEvent(i) : AuditFixtures.minimalEvent(i));
            }
        }
    }
}
