package dev.phisafe.core.structured;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.Module;
import dev.phisafe.core.policy.PhiPolicy;
import java.util.Objects;

/**
 * A Jackson 2 module that applies a {@link PhiPolicy} to every {@link Phi @Phi} property when serialising, so that a
 * DTO logged or put into a prompt through the mapper carries no PHI the policy does not keep.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(PhiJacksonModule.of(PhiPolicies.SAFE_HARBOR));
 * mapper.writeValueAsString(visit);   // {"patient":"[NAME]","admitted":"[DATE]","ward":"4B"}
 * }</pre>
 *
 * <p>Per {@code @Phi} property, by the policy's action for its type:
 * <ul>
 *   <li>{@code KEEP}: written as Jackson would write it;</li>
 *   <li>{@code BLOCK}: omitted — no field name, no {@code null};</li>
 *   <li>{@code MASK}: a String (or CharSequence) keeps its last four letters or digits, the others become
 *       {@code '*'};</li>
 *   <li>every other action ({@code REDACT}, {@code PLACEHOLDER}, {@code GENERALIZE}, {@code SURROGATE},
 *       {@code PSEUDONYMIZE}, {@code SHIFT_DATE}): the label, e.g. {@code "[NAME]"}. A structured value has no
 *       context to generalize, shift or number it in, so this version removes it (fail closed).</li>
 * </ul>
 * A non-String value (number, date, {@code LocalDate}, any object) is written as the label under every action but
 * {@code KEEP} and {@code BLOCK}. Collections, arrays, {@code Optional} and map values are rewritten element by
 * element, keeping their shape; map keys are written as they are. {@code null} stays {@code null} (or is left out
 * where the mapper leaves out nulls). Unannotated properties are untouched, and nested objects are serialised by
 * the same mapper, so their own {@code @Phi} properties are protected too. Renamed ({@code @JsonProperty}) and
 * {@code @JsonUnwrapped} {@code @Phi} properties are protected (an unwrapped one is written as one labelled field);
 * a {@code @Phi @JsonValue} is written protected ({@code BLOCK}: {@code null}); the entries of a
 * {@code @Phi @JsonAnyGetter} are left out unless {@code KEEP}.
 *
 * <p>Only serialisation is affected; the module reads nothing back. A mapper registers one module of this class
 * (Jackson ignores a second registration of the same module type): combine policies with {@link PhiPolicy#and}
 * first. Immutable and thread-safe. {@link #toString()} shows the policy (configuration, no PHI).
 */
public final class PhiJacksonModule extends Module {
    private final PhiPolicy policy;

    private PhiJacksonModule(PhiPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param policy the actions to apply per {@link dev.phisafe.core.detect.PhiType}
     * @return a module applying it
     */
    public static PhiJacksonModule of(PhiPolicy policy) {
        return new PhiJacksonModule(Objects.requireNonNull(policy, "policy"));
    }

    /** @return the policy this module applies */
    public PhiPolicy policy() {
        return policy;
    }

    @Override
    public String getModuleName() {
        return "phi-safe";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addBeanSerializerModifier(new PhiSerializerModifier(policy));
    }

    @Override
    public String toString() {
        return "PhiJacksonModule{" + policy + "}";
    }
}
