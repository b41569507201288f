package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * An unmodifiable map whose keys are the PHI types with a count above 0, in {@link PhiType} order, and whose values
 * come from the type's ordinal: a view over the filter's count per type, which it does not copy.
 *
 * @param <V> the value per type
 */
final class TypeMap<V> extends AbstractMap<PhiType, V> {
    private static final PhiType[] TYPES = PhiType.values();

    private final int[] counts;
    private final IntFunction<V> value;
    private final int size;

    /**
     * @param counts by ordinal; not copied, and never changed after
     * @param value  the value of the type of that ordinal
     */
    TypeMap(int[] counts, IntFunction<V> value) {
        this.counts = counts;
        this.value = value;
        int n = 0;
        for (int c : counts) {
            n += c > 0 ? 1 : 0;
        }
        this.size = n;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof PhiType && counts[((PhiType) key).ordinal()] > 0;
    }

    @Override
    public V get(Object key) {
        return containsKey(key) ? value.apply(((PhiType) key).ordinal()) : null;
    }

    @Override
    public java.util.Set<Map.Entry<PhiType, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<PhiType, V>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int k = from;
                        while (k < counts.length && counts[k] == 0) {
                            k++;
                        }
                        return k;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < counts.length;
                    }

                    @Override
                    public Map.Entry<PhiType, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int k = next;
                        next = advance(k + 1);
                        return new SimpleImmutableEntry<>(TYPES[k], value.apply(k));
                    }
                };
            }
        };
    }
}
