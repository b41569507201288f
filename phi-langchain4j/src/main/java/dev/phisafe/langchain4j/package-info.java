/**
 * phi-safe for LangChain4j: {@link dev.phisafe.langchain4j.PhiGuard} wraps the parts of an existing chain so that only
 * the minimum necessary PHI reaches a model vendor and the caller still gets an answer about the real patient.
 *
 * <p>Public: {@link dev.phisafe.langchain4j.PhiGuard} (built once, {@code wrap(...)} overloads),
 * {@link dev.phisafe.langchain4j.PhiScope} (who, which patient, why, right to see originals; bound per call) and
 * {@link dev.phisafe.langchain4j.ChatReport} (what one call did, without PHI). The decorators are package-private.
 */
package dev.phisafe.langchain4j;
