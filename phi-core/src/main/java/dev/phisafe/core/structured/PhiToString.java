package dev.phisafe.core.structured;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders a DTO as {@code ClassName{field=value, ...}} with every {@link Phi @Phi} field shown as its label (e.g.
 * {@code patient=[NAME]}), never its value — whether it is null or not — for {@code toString()} implementations:
 *
 * <pre>{@code
 * @Override public String toString() { return PhiToString.of(this); }
 * }</pre>
 *
 * <p>Fields are listed superclass first, in declaration order (a record: its components); static and synthetic
 * fields are skipped. An unannotated field whose value is itself an object with {@code @Phi} fields (or a
 * collection, array or map of them) is rendered the same way, so nesting does not leak; other values use
 * {@code String.valueOf}. A field that cannot be read by reflection (a module that does not open its package) shows
 * {@code ?}. Stateless and thread-safe.
 */
public final class PhiToString {
    /** Nesting (and cycles) beyond this depth render as "...": bounded work. */
    private static final int MAX_DEPTH = 8;

    private PhiToString() {
    }

    /**
     * @param dto any object, or null
     * @return its rendering with every {@code @Phi} value replaced by its label; {@code "null"} for null
     */
    public static String of(Object dto) {
        StringBuilder b = new StringBuilder();
        render(dto, b, 0);
        return b.toString();
    }

    private static void render(Object o, StringBuilder b, int depth) {
        if (o == null) {
            b.append("null");
        } else if (depth > MAX_DEPTH) {
            b.append("...");
        } else if (o instanceof Map) {
            b.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                b.append(sep).append(e.getKey()).append('=');
                render(e.getValue(), b, depth + 1);
                sep = ", ";
            }
            b.append('}');
        } else if (o instanceof Collection || o instanceof Object[]) {
            Iterable<?> items = o instanceof Object[] ? Arrays.asList((Object[]) o) : (Collection<?>) o;
            b.append('[');
            String sep = "";
            for (Object item : items) {
                b.append(sep);
                render(item, b, depth + 1);
                sep = ", ";
            }
            b.append(']');
        } else if (hasPhi(o.getClass())) {
            renderBean(o, b, depth);
        } else {
            b.append(o);
        }
    }

    private static void renderBean(Object o, StringBuilder b, int depth) {
        Class<?> c = o.getClass();
        b.append(c.getSimpleName()).append('{');
        String sep = "";
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                b.append(sep).append(rc.getName()).append('=');
                Phi phi = rc.getAnnotation(Phi.class);
                if (phi != null) {
                    b.append(Labels.label(phi.value()));
                } else {
                    renderMember(o, rc.getAccessor(), b, depth);
                }
                sep = ", ";
            }
        } else {
            for (Field f : fields(c)) {
                b.append(sep).append(f.getName()).append('=');
                Phi phi = phiOf(f);
                if (phi != null) {
                    b.append(Labels.label(phi.value()));
                } else {
                    renderMember(o, f, b, depth);
                }
                sep = ", ";
            }
        }
        b.append('}');
    }

    private static void renderMember(Object o, java.lang.reflect.AccessibleObject m, StringBuilder b, int depth) {
        Object v;
        try {
            m.setAccessible(true);
            v = m instanceof Field ? ((Field) m).get(o) : ((Method) m).invoke(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            b.append('?');   // unreadable: say so, never guess
            return;
        }
        render(v, b, depth + 1);
    }

    /** Instance fields, superclass first. */
    private static List<Field> fields(Class<?> c) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            chain.add(0, k);
        }
        List<Field> out = new ArrayList<>();
        for (Class<?> k : chain) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** The field's {@code @Phi}, or that of its getter ({@code getX}, {@code isX}, {@code x}): fail closed. */
    private static Phi phiOf(Field f) {
        Phi phi = f.getAnnotation(Phi.class);
        if (phi != null) {
            return phi;
        }
        String n = f.getName();
        String cap = n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
        for (String name : new String[] {"get" + cap, "is" + cap, n}) {
            try {
                Method m = f.getDeclaringClass().getDeclaredMethod(name);
                if (m.getAnnotation(Phi.class) != null) {
                    return m.getAnnotation(Phi.class);
                }
            } catch (NoSuchMethodException e) {
                // no such getter: nothing to look at
            }
        }
        return null;
    }

    private static boolean hasPhi(Class<?> c) {
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                if (rc.getAnnotation(Phi.class) != null) {
                    return true;
                }
            }
            return false;
        }
        if (c.getName().startsWith("java.")) {
            return false;
        }
        for (Field f : fields(c)) {
            if (phiOf(f) != null) {
                return true;
            }
        }
        return false;
    }
}
