package dev.phisafe.core.structured;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.AnyGetterWriter;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerBuilder;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiPolicy;
import java.util.ArrayList;
import java.util.List;

/** Replaces the writer of every {@code @Phi} bean property: dropped for BLOCK, protected unless KEEP. */
final class PhiSerializerModifier extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    private final PhiPolicy policy;

    PhiSerializerModifier(PhiPolicy policy) {
        this.policy = policy;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription beanDesc,
                                                     List<BeanPropertyWriter> beanProperties) {
        List<BeanPropertyWriter> out = new ArrayList<>(beanProperties.size());
        for (BeanPropertyWriter w : beanProperties) {
            Phi phi = find(w, beanDesc);
            if (phi == null) {
                out.add(w);
                continue;
            }
            PhiAction action = policy.action(phi.value());
            if (action == PhiAction.KEEP) {
                out.add(w);
            } else if (action != PhiAction.BLOCK) {   // BLOCK: the property is left out entirely
                out.add(new PhiPropertyWriter(w, phi.value(), action));
            }
        }
        return out;
    }

    /**
     * A {@code @Phi @JsonAnyGetter}: its entries are left out unless KEEP. Jackson writes them outside the property
     * list, so they cannot be rewritten one by one here; omitting them is the fail-closed choice.
     */
    @Override
    public BeanSerializerBuilder updateBuilder(SerializationConfig config, BeanDescription beanDesc,
                                               BeanSerializerBuilder builder) {
        AnnotatedMember any = beanDesc.findAnyGetter();
        Phi phi = any == null ? null : any.getAnnotation(Phi.class);
        if (phi != null && policy.action(phi.value()) != PhiAction.KEEP) {
            builder.setAnyGetter(null);
            List<BeanPropertyWriter> props = new ArrayList<>(builder.getProperties());
            props.removeIf(w -> w instanceof AnyGetterWriter);
            builder.setProperties(props);
        }
        return builder;
    }

    /** A {@code @Phi @JsonValue}: the whole value is the PHI, written protected (BLOCK: {@code null}). */
    @Override
    public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription beanDesc,
                                              JsonSerializer<?> serializer) {
        AnnotatedMember value = beanDesc.findJsonValueAccessor();
        Phi phi = value == null ? null : value.getAnnotation(Phi.class);
        if (phi == null || policy.action(phi.value()) == PhiAction.KEEP) {
            return serializer;
        }
        value.fixAccess(config.isEnabled(MapperFeature.OVERRIDE_PUBLIC_ACCESS_MODIFIERS));
        return new PhiValueSerializer(value, phi.value(), policy.action(phi.value()));
    }

    /**
     * The {@code @Phi} of a property, wherever it was written: Jackson merges the annotations of a property's field,
     * getter and creator parameter onto the accessor, but we also look at each member so that an annotation on a
     * member Jackson does not serialise through (a private field behind a getter) is never missed — fail closed.
     */
    private static Phi find(BeanPropertyWriter w, BeanDescription beanDesc) {
        Phi phi = w.getAnnotation(Phi.class);
        if (phi != null) {
            return phi;
        }
        for (BeanPropertyDefinition d : beanDesc.findProperties()) {
            if (!d.getName().equals(w.getName()) && !d.getInternalName().equals(w.getMember().getName())) {
                continue;
            }
            for (AnnotatedMember m : new AnnotatedMember[] {d.getField(), d.getGetter(), d.getConstructorParameter()}) {
                if (m != null && m.getAnnotation(Phi.class) != null) {
                    return m.getAnnotation(Phi.class);
                }
            }
        }
        return null;
    }
}
