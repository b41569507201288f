package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Slf4jAuditSinkTest {

    /** A minimal SLF4J back end that keeps the structured events it receives. */
    static final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        final transient List<LoggingEvent> events = new ArrayList<>();
        final boolean info;
        RuntimeException failWith;

        CapturingLogger(boolean info) {
            this.name = "phi.audit";
            this.info = info;
        }

        @Override
        public void log(LoggingEvent event) {
            if (failWith != null) {
                throw failWith;
            }
            events.add(event);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, org.slf4j.Marker marker, String msg, Object[] args,
                                                   Throwable t) {
            throw new AssertionError("the sink must use the fluent API");
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return info;
        }

        @Override
        public boolean isWarnEnabled() {
            return info;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    @Test
    void record_emitsOneInfoEventWithStructuredKeyValues() {
        CapturingLogger log = new CapturingLogger(true);
        AuditEvent e = AuditFixtures.fullEvent(1);
        Slf4jAuditSink.of(log).record(e);
        assertThat(log.events).hasSize(1);
        LoggingEvent le = log.events.get(0);
        assertThat(le.getLevel()).isEqualTo(Level.INFO);
        assertThat(le.getMessage()).isEqualTo("phi audit event");
        Map<String, Object> kv = new LinkedHashMap<>();
        for (KeyValuePair p : le.getKeyValuePairs()) {
            kv.put(p.key, p.value);
        }
        assertThat(kv).containsEntry("audit.action", "DISCLOSE_TO_VENDOR").containsEntry("audit.outcome", "SUCCESS")
                .containsEntry("audit.principal", "user-4711").containsEntry("audit.destination.baa", true)
                .containsEntry("audit.phi.NAME", 2).containsEntry("audit.purpose", "TREATMENT")
                .containsEntry("audit.measure.result-count", 3L);
        assertThat(AuditEvent.parse(((String) kv.get("audit.json")).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(e);
        StringBuilder all = new StringBuilder(le.getMessage());
        kv.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
        AuditFixtures.assertNoCanary("log event", all.toString());
    }

    @Test
    void infoDisabled_orBackendThrows_recordFailsClosed() {
        assertThatThrownBy(() -> Slf4jAuditSink.of(new CapturingLogger(false)).record(AuditFixtures.minimalEvent(0)))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("INFO disabled");
        CapturingLogger log = new CapturingLogger(true);
        log.failWith = new IllegalStateException("appender down");
        assertThatThrownBy(() -> Slf4jAuditSink.of(log).record(AuditFixtures.minimalEvent(0)))
                .isInstanceOf(AuditUnavailableException.class);
    }
}
