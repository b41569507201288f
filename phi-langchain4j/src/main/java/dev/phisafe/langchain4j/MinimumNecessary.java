package dev.phisafe.langchain4j;

import dev.phisafe.core.policy.Purpose;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on an AiService method, the purpose of use it serves and, optionally, a policy it needs no more than
 * (45 CFR 164.502(b) and 164.514(d): the minimum necessary is decided per use). Read by the proxy
 * {@link PhiGuard#aiService(Class, Object)} returns; on an AiService used without that proxy it has no effect.
 *
 * <p>During a call to the method, every guarded model call (first request, tool loop, reprompts, query transformers
 * on the caller's thread) runs with {@link #purpose()} as the purpose of use, chosen over the purpose of the caller's
 * {@link PhiScope} (the method is the use), and with the policy the guard's router gives for that purpose and
 * destination combined with {@link #policy()} by {@link dev.phisafe.core.policy.PhiPolicy#and}: per type the stricter
 * action, so a method can only narrow what its route allows, never widen it. A purpose without a route is denied.
 *
 * <pre>{@code
 * interface Scribe {
 *     @MinimumNecessary(purpose = Purpose.PAYMENT, policy = "safe-harbor")
 *     String billingSummary(String encounterNote);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MinimumNecessary {
    /**
     * @return the purpose of use of this method's model calls (it replaces the scope's purpose during the call)
     */
    Purpose purpose();

    /**
     * @return the id of a preset of {@link dev.phisafe.core.policy.PhiPolicies} ({@code safe-harbor},
     *         {@code limited-data-set}, {@code pseudonymized}, {@code in-house}) combined with the route's policy; empty
     *         (the default) for the route's policy alone. An unknown id fails when the proxy is built.
     */
    String policy() default "";
}
