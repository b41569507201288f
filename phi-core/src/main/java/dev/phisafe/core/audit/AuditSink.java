package dev.phisafe.core.audit;

/**
 * Where audit events go: the SPI every audit destination implements ({@code AuditJournal}, {@code Slf4jAuditSink},
 * {@code JdbcAuditSink}, {@code FhirAuditEventSink}, or your own).
 *
 * <h2>Contract (fail closed)</h2>
 * <ul>
 *   <li>{@link #record} returns only once the event is stored with the sink's stated durability (for
 *       {@code AuditJournal}: written and forced to disk). A return means "recorded".</li>
 *   <li>If the event cannot be recorded, {@link #record} throws {@link AuditUnavailableException} (or another
 *       unchecked exception). It never logs-and-continues.</li>
 *   <li>A caller about to release, send or reveal PHI records the event <em>first</em> and, if that throws, refuses
 *       the operation: the PHI does not flow (45 CFR 164.312(b); NIST SP 800-53 AU-5). An operation that cannot be
 *       audited does not happen.</li>
 *   <li>Implementations are thread-safe and never add PHI: an {@link AuditEvent} holds none by construction.</li>
 * </ul>
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Records one event durably, or throws.
     *
     * @param event the event; not null
     * @throws AuditUnavailableException if the event could not be recorded; the caller must refuse the operation
     * @throws NullPointerException      if {@code event} is null
     */
    void record(AuditEvent event);
}
