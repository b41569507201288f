package dev.phisafe.core.review;

import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditSink;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.spi.KeyedHash;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared clock, sink, key, canaries and requests for review tests. */
final class ReviewFixtures {
    static final KeyedHash AUDIT_KEY = KeyedHash.jdkHmacSha256(fill((byte) 9), "audit-2026-08");
    static final String REQUESTER = "dr-ruiz";
    static final String REVIEWER = "dr-chen";
    static final String SERVICE = "svc-scribe";

    /** PHI-like values planted in the draft text: none may appear in any audit event, message or toString. */
    static final List<String> CANARIES = List.of("Jane Q. Canarywoman", "123-45-6789", "MRN 99887766",
            "Canary Lane", "warfarin 7.5 mg", "HIV-positive");
    static final String NOTE = "Subjective: Jane Q. Canarywoman, MRN 99887766, SSN 123-45-6789, lives on Canary Lane.\n"
            + "Assessment: HIV-positive, on warfarin 7.5 mg daily. INR stable.\nPlan: recheck INR in 2 weeks.";

    private ReviewFixtures() {
    }

    static byte[] fill(byte b) {
        byte[] k = new byte[32];
        Arrays.fill(k, b);
        return k;
    }

    static DraftRequest request(String text) {
        return DraftRequest.builder().requester(REQUESTER).serviceAccount(SERVICE).patient("pat-7f3c")
                .encounter("enc-889").model("gpt-4o").destination("azure-openai-baa").text(text).build();
    }

    static void assertNoCanary(String where, String text) {
        for (String c : CANARIES) {
            assertThat(text).as(where + " must not contain a canary").doesNotContain(c);
        }
    }

    /** A clock that moves only when told to. Thread-safe. */
    static final class FakeClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-08-22T14:00:00Z").toEpochMilli());

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("fixed to UTC");
        }
    }

    /** Keeps every event as canonical JSON (the bytes a journal would store); can be told to fail. */
    static final class RecordingSink implements AuditSink {
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void record(AuditEvent event) {
            if (failing.get()) {
                throw new AuditUnavailableException("test sink: disk full");
            }
            AuditEvent.parse(event.toCanonicalJson());   // what a journal stores reads back
            events.add(event);
        }

        String allJson() {
            StringBuilder sb = new StringBuilder();
            for (AuditEvent e : events) {
                sb.append(new String(e.toCanonicalJson(), StandardCharsets.UTF_8)).append('\n');
            }
            return sb.toString();
        }
    }

    /** A process dying inside the callback: not an Exception, so the gate cannot handle it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
