/**
 * Audit of PHI access by AI components (45 CFR 164.312(b); NIST SP 800-53 AU-2, AU-3, AU-9, AU-11; SOC 2 CC7.2):
 * {@link dev.phisafe.core.audit.AuditEvent} (what happened, never a PHI value),
 * {@link dev.phisafe.core.audit.AuditSink} (where it goes, fail closed), and the tamper-evident journal and sinks.
 *
 * <p>Rule for callers: record the event <em>before</em> releasing PHI, and refuse the operation if
 * {@link dev.phisafe.core.audit.AuditSink#record} throws.
 */
package dev.phisafe.core.audit;
