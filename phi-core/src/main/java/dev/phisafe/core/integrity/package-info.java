/**
 * Integrity of PHI at rest and in transit (45 CFR 164.312(c)(1)-(2), (e)(2)(i)):
 * {@link dev.phisafe.core.integrity.IntegrityEnvelope} seals a text segment and the facts about it (tenant, source
 * document and version, segment id, security labels) with a MAC, so a store operator or an attacker without the key
 * cannot alter, swap or downgrade a segment unnoticed.
 */
package dev.phisafe.core.integrity;
