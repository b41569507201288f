/**
 * Service-provider interfaces that other modules implement, with no Tink or LangChain4j type in them. Crypto:
 * {@link dev.phisafe.core.spi.Aead} (randomised text encryption with associated data),
 * {@link dev.phisafe.core.spi.DeterministicAead} (equality-searchable tokens), {@link dev.phisafe.core.spi.Mac}
 * (integrity tags with constant-time verify), {@link dev.phisafe.core.spi.Prf} (blind indexes, keyed seeds),
 * {@link dev.phisafe.core.spi.KeyedHash} (pseudonym tokens, date shifts); the canonical
 * {@link dev.phisafe.core.spi.AssociatedData} every store binds its ciphertexts with; and
 * {@link dev.phisafe.core.spi.CryptoException} for fail-closed crypto failures. Every ciphertext and token names the
 * non-secret id of the key that made it. phi-core ships JDK HMAC-SHA256 defaults; phi-tink provides keysets with
 * rotation and crypto-shredding (45 CFR 164.312(a)(2)(iv), (c), (e)(2)(ii)).
 */
package dev.phisafe.core.spi;
