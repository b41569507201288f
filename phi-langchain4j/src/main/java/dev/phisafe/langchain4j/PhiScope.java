package dev.phisafe.langchain4j;

import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.vault.PhiAccess;
import java.util.Objects;

/**
 * Who is asking, about which patient, in which conversation, why, and with what right to see the originals: the
 * non-secret facts every guarded model call needs and a LangChain4j {@code ChatRequest} cannot carry.
 *
 * <ul>
 *   <li>{@link #context()} scopes placeholders and date shifts (tenant, conversation, patient; opaque ids only);</li>
 *   <li>{@link #purpose()} chooses the policy through the guard's {@code PolicyRouter} (45 CFR 164.502(b),
 *       164.506);</li>
 *   <li>{@link #access()} is the capability to re-identify the model's answer for this caller (STYLE.md rule 6: it is
 *       created where the authorization decision is made, then passed here).</li>
 * </ul>
 *
 * <p>A scope is bound to the calling thread with {@link PhiGuard#withScope}; see there why a thread-bound scope and
 * not a request attribute. It holds no PHI by contract, so {@link #toString()} prints it.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhiScope {
    private final PhiContext context;
    private final Purpose purpose;
    private final PhiAccess access;

    private PhiScope(PhiContext context, Purpose purpose, PhiAccess access) {
        this.context = context;
        this.purpose = purpose;
        this.access = access;
    }

    /**
     * @param context who, which conversation, which patient
     * @param purpose why the PHI is used
     * @param access  the caller's capability to see the originals in the model's answer
     * @return the scope
     * @throws NullPointerException if any argument is null
     */
    public static PhiScope of(PhiContext context, Purpose purpose, PhiAccess access) {
        return new PhiScope(Objects.requireNonNull(context, "context"), Objects.requireNonNull(purpose, "purpose"),
                Objects.requireNonNull(access, "access"));
    }

    /** @return tenant, conversation and patient */
    public PhiContext context() {
        return context;
    }

    /** @return why the PHI is used */
    public Purpose purpose() {
        return purpose;
    }

    /** @return the capability to reveal originals to this caller */
    public PhiAccess access() {
        return access;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PhiScope)) {
            return false;
        }
        PhiScope s = (PhiScope) o;
        return context.equals(s.context) && purpose == s.purpose && access.principal().equals(s.access.principal())
                && access.reason().equals(s.access.reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(context, purpose, access.principal(), access.reason());
    }

    /** Ids, purpose and principal; by contract none of them is PHI. */
    @Override
    public String toString() {
        return "PhiScope{" + context + ", purpose=" + purpose + ", " + access + "}";
    }
}
