/**
 * Service-provider interfaces that other modules implement: crypto ({@link dev.phisafe.core.spi.KeyedHash},
 * {@link dev.phisafe.core.spi.Aead}; more in
 * later issues), stores and sinks. No Tink or LangChain4j type appears here.
 */
package dev.phisafe.core.spi;
