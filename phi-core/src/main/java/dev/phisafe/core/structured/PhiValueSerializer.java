package dev.phisafe.core.structured;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import java.io.IOException;

/** Serialises a bean whose {@code @JsonValue} accessor is {@code @Phi}: the value protected, BLOCK as null. */
final class PhiValueSerializer extends StdSerializer<Object> {
    private static final long serialVersionUID = 1L;

    private final transient AnnotatedMember accessor;
    private final PhiType type;
    private final PhiAction action;

    PhiValueSerializer(AnnotatedMember accessor, PhiType type, PhiAction action) {
        super(Object.class);
        this.accessor = accessor;
        this.type = type;
        this.action = action;
    }

    @Override
    public void serialize(Object bean, JsonGenerator gen, SerializerProvider provider) throws IOException {
        Object value;
        try {
            value = accessor.getValue(bean);
        } catch (RuntimeException e) {
            // the message may name the value's class, never the value; still, keep only the member's name
            throw new com.fasterxml.jackson.databind.JsonMappingException(gen,
                    "cannot read @Phi @JsonValue " + accessor.getName());
        }
        if (value == null || action == PhiAction.BLOCK) {
            gen.writeNull();
        } else {
            PhiPropertyWriter.write(type, action, value, gen, 0);
        }
    }
}
