package dev.phisafe.langchain4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an AiService method whose answer is a note meant for the record: through the proxy
 * {@link PhiGuard#aiService(Class, Object)} returns, the model's (re-identified) answer is not handed to the caller
 * but submitted as a {@link dev.phisafe.core.review.Draft} to the guard's {@link dev.phisafe.core.review.ReviewGate}
 * ({@link PhiGuard.Builder#reviewGate}), and the method returns the <b>draft id</b> instead of the text. Only a
 * reviewer's decision, bound to the exact text, releases it ({@code ReviewGate.commit}); 45 CFR 164.312(c)(1).
 *
 * <p>Why the draft id in a {@code String} and not a {@code Draft} return type: AiServices parses a method's answer
 * into its declared return type, so a {@code Draft} return type would make LangChain4j ask the model for a
 * {@code Draft} in JSON. Keeping {@code String} keeps the AiService a plain LangChain4j interface; the proxy swaps the
 * text for the id. The method must return {@code String} (streaming would show the text before review): the proxy
 * refuses anything else when it is built. The draft names the scope's principal as requester, the scope's patient
 * (required), the destination and model of the last guarded model call in the method, and the gate's service
 * account. Note that LangChain4j has already put the answer into chat memory (encrypt it: {@code wrap(ChatMemoryStore,
 * ...)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresReview {
}
