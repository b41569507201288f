package dev.phisafe.core.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Map;
import java.util.Objects;

/**
 * An {@link AuditSink} that writes each event as one INFO log event with structured key-values (SLF4J 2 fluent API,
 * {@code addKeyValue}) on a dedicated logger ({@code phi.audit} by default), ready for a JSON encoder such as
 * logstash-logback-encoder and a SIEM. The message is constant ({@code "phi audit event"}); every field is a
 * key-value: {@code audit.action}, {@code audit.outcome}, {@code audit.principal}, {@code audit.phi.NAME}, …, and
 * {@code audit.json} (the event's canonical JSON).
 *
 * <p>A replica, not the system of record: logging back ends may drop events without telling the caller, so use it
 * next to an {@link AuditJournal}. It fails closed where it can: if the logger has INFO disabled (the event would be
 * silently discarded) or the back end throws, {@link #record} throws {@link AuditUnavailableException}. Like every
 * sink it writes no PHI, since an {@link AuditEvent} holds none. Thread-safe.
 */
public final class Slf4jAuditSink implements AuditSink {
    /** The default logger name. */
    public static final String LOGGER_NAME = "phi.audit";
    private final Logger logger;

    private Slf4jAuditSink(Logger logger) {
        this.logger = logger;
    }

    /** @return a sink on the {@code phi.audit} logger */
    public static Slf4jAuditSink create() {
        return new Slf4jAuditSink(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /**
     * @param logger the logger to write to
     * @return a sink on that logger
     */
    public static Slf4jAuditSink of(Logger logger) {
        return new Slf4jAuditSink(Objects.requireNonNull(logger, "logger"));
    }

    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (!logger.isInfoEnabled()) {
            throw new AuditUnavailableException("audit logger '" + logger.getName() + "' has INFO disabled: the "
                    + "event would be lost");
        }
        try {
            LoggingEventBuilder b = logger.atInfo()
                    .addKeyValue("audit.id", event.id().toString())
                    .addKeyValue("audit.action", event.action().name())
                    .addKeyValue("audit.outcome", event.outcome().name())
                    .addKeyValue("audit.recorded", AuditEvent.TIME.format(event.recorded()))
                    .addKeyValue("audit.component", event.component());
            event.principal().ifPresent(v -> b.addKeyValue("audit.principal", v));
            event.role().ifPresent(v -> b.addKeyValue("audit.role", v));
            event.serviceAccount().ifPresent(v -> b.addKeyValue("audit.serviceAccount", v));
            event.purpose().ifPresent(v -> b.addKeyValue("audit.purpose", v.name()));
            event.destination().ifPresent(d -> b.addKeyValue("audit.destination.vendor", d.vendor())
                    .addKeyValue("audit.destination.model", d.model())
                    .addKeyValue("audit.destination.baa", d.baa()));
            event.policyId().ifPresent(v -> b.addKeyValue("audit.policy.id", v));
            event.policyVersion().ifPresent(v -> b.addKeyValue("audit.policy.version", v));
            event.reasonCode().ifPresent(v -> b.addKeyValue("audit.reason", v));
            event.invocationId().ifPresent(v -> b.addKeyValue("audit.invocation", v));
            event.conversation().ifPresent(v -> b.addKeyValue("audit.conversation", v));
            event.phiCounts().forEach((t, c) -> b.addKeyValue("audit.phi." + t.name(), c));
            if (!event.keyIds().isEmpty()) {
                b.addKeyValue("audit.keyIds", String.join(",", event.keyIds()));
            }
            for (Map.Entry<String, Long> m : event.measures().entrySet()) {
                b.addKeyValue("audit.measure." + m.getKey(), m.getValue());
            }
            b.addKeyValue("audit.json", new String(event.toCanonicalJson(), java.nio.charset.StandardCharsets.UTF_8));
            b.setMessage("phi audit event").log();
        } catch (RuntimeException e) {
            throw new AuditUnavailableException("audit logger failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "Slf4jAuditSink{" + logger.getName() + "}";
    }
}
