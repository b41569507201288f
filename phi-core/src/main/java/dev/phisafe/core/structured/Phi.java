package dev.phisafe.core.structured;

import dev.phisafe.core.detect.PhiType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property of a DTO — a field, a getter, a record component or a creator parameter — as PHI of one
 * {@link PhiType}, so that {@link PhiJacksonModule} and {@link PhiToString} never write its value unless the policy
 * keeps that type.
 *
 * <pre>{@code
 * record Visit(@Phi(PhiType.NAME) String patient,
 *              @Phi(PhiType.DATE) LocalDate admitted,
 *              String ward) {}
 * }</pre>
 *
 * <p>On a record component the Java compiler copies the annotation onto the component's field and accessor, which
 * is where Jackson and {@link PhiToString} read it. The annotation marks the whole value: a {@code @Phi} list or map
 * has every element (map: every value; keys are written as they are) treated as PHI of the type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Phi {
    /** @return the PHI type of the annotated value */
    PhiType value();
}
