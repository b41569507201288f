/**
 * phi-safe core: PHI detection ({@link dev.phisafe.core.detect}) and, in later packages, policies, transforms,
 * the pseudonym vault, integrity envelopes, audit and review.
 *
 * <p>This module depends on no LangChain4j and no Tink type; it declares the SPIs other modules implement.
 */
package dev.phisafe.core;
