/**
 * The pseudonym vault: consistent, reversible placeholders per conversation ({@link
 * dev.phisafe.core.vault.PseudonymVault}), their format ({@link dev.phisafe.core.vault.Placeholders}), the capability
 * needed to reveal an original ({@link dev.phisafe.core.vault.PhiAccess}), leases that pin a conversation during a
 * round trip ({@link dev.phisafe.core.vault.VaultLease}), and eviction reports and counters
 * ({@link dev.phisafe.core.vault.VaultEviction}, {@link dev.phisafe.core.vault.VaultStats}) that never hold a value.
 *
 * <p>Placeholders are pseudonyms: with the vault they are a re-identification code (45 CFR 164.514(c)), so text that
 * carries them is still PHI.
 */
package dev.phisafe.core.vault;
