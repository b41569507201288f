package dev.phisafe.core.structured;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@code @Phi} property's value through the policy action: Strings masked or labelled, other scalars
 * labelled, containers rewritten element by element. Never calls the property's own serializer for a non-null value,
 * so no custom serializer, {@code @JsonValue} or unwrapping can bring the original back.
 */
final class PhiPropertyWriter extends BeanPropertyWriter {
    private static final long serialVersionUID = 1L;
    /** Containers nested deeper than this (or cyclic) are written as the label: bounded work, fail closed. */
    private static final int MAX_DEPTH = 32;

    private final PhiType type;
    private final PhiAction action;

    PhiPropertyWriter(BeanPropertyWriter base, PhiType type, PhiAction action) {
        super(base);
        this.type = type;
        this.action = action;
    }

    private PhiPropertyWriter(PhiPropertyWriter base, PropertyName name) {
        super(base, name);
        this.type = base.type;
        this.action = base.action;
    }

    @Override
    protected BeanPropertyWriter _new(PropertyName newName) {
        return new PhiPropertyWriter(this, newName);   // a renamed copy must still protect the value
    }

    @Override
    public BeanPropertyWriter unwrappingWriter(NameTransformer unwrapper) {
        return this;   // @JsonUnwrapped would write the original's fields: write the protected value as one field
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
        Object value = get(bean);
        if (value == null) {
            super.serializeAsField(bean, gen, prov);   // null carries no PHI: honour the mapper's null handling
            return;
        }
        gen.writeFieldName(_name);
        write(type, action, value, gen, 0);
    }

    @Override
    public void serializeAsElement(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
        Object value = get(bean);
        if (value == null) {
            super.serializeAsElement(bean, gen, prov);
            return;
        }
        write(type, action, value, gen, 0);
    }

    /** Writes a non-KEEP, non-BLOCK value of the type: shared with {@link PhiValueSerializer}. */
    static void write(PhiType type, PhiAction action, Object value, JsonGenerator gen, int depth) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof CharSequence) {
            gen.writeString(Labels.replace(type, action, value.toString()));
        } else if (depth >= MAX_DEPTH) {
            gen.writeString(Labels.label(type));
        } else if (value instanceof Optional) {
            write(type, action, ((Optional<?>) value).orElse(null), gen, depth + 1);
        } else if (value instanceof Map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                write(type, action, e.getValue(), gen, depth + 1);
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable) {
            gen.writeStartArray();
            for (Object o : (Iterable<?>) value) {
                write(type, action, o, gen, depth + 1);
            }
            gen.writeEndArray();
        } else if (value instanceof Object[]) {
            gen.writeStartArray();
            for (Object o : (Object[]) value) {
                write(type, action, o, gen, depth + 1);
            }
            gen.writeEndArray();
        } else if (value.getClass().isArray() && !(value instanceof char[]) && !(value instanceof byte[])) {
            gen.writeStartArray();   // int[], long[]...: each number is a value of the type
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                gen.writeString(Labels.label(type));
            }
            gen.writeEndArray();
        } else {
            gen.writeString(Labels.label(type));   // numbers, dates, char[]/byte[], any object: removed
        }
    }
}
