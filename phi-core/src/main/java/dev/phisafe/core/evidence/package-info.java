/**
 * The evidence package (45 CFR 164.312(b) "record and examine activity"; SOC 2 CC6/CC7/PI1): an
 * {@link dev.phisafe.core.evidence.EvidenceConfig} describing the AI deployment, read together with the audit journal
 * into an {@link dev.phisafe.core.evidence.EvidenceReport} — a self-contained HTML page and a JSON file with the live
 * figures that show each control operated, the journal's verification result, an inventory and the AI risk
 * categories. Holds counts, identifiers and codes only, never PHI. The {@code phi evidence} command runs it.
 */
package dev.phisafe.core.evidence;
