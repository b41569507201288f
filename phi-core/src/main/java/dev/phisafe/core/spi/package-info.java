/**
 * Service-provider interfaces that other modules implement: crypto ({@link dev.phisafe.core.spi.KeyedHash}; more in
 * later issues), stores and sinks. No Tink or LangChain4j type appears here.
 */
package dev.phisafe.core.spi;
