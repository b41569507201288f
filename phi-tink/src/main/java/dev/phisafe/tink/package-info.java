/**
 * Tink (1.20) implementations of phi-core's crypto SPIs: {@link dev.phisafe.tink.TinkKeyring} keeps AES256-GCM,
 * AES256-SIV, HMAC-SHA256 and HMAC-PRF keysets per tenant, patient and {@link dev.phisafe.tink.KeyPurpose} in
 * encrypted keyset files under a KMS-held KEK ({@link dev.phisafe.tink.LocalKekClient} for development), and
 * generates, rotates and crypto-shreds them; {@link dev.phisafe.tink.ImportedKeys} imports raw keys. No Tink type
 * leaks into phi-core; no key material leaves Tink.
 */
package dev.phisafe.tink;
