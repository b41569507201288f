package dev.phisafe.core.vault;

import dev.phisafe.core.detect.PhiType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One conversation's mappings: per type, an index from lookup key (the original, or a keyed hash of it when originals
 * are encrypted) to number, and the stored originals by number. All mutable state is guarded by this object's monitor
 * (the vault's lock stripe: operations on different conversations never contend); {@link #size}, {@link #lastUse} and
 * {@link #leases} are also volatile so that the eviction scan can rank conversations without locking each one.
 */
final class Conversation {
    private static final int TYPES = PhiType.values().length;

    final Tenant tenant;
    final String id;

    /** Number of mappings (written under the monitor). */
    volatile int size;
    /** Clock millis of the last use (written under the monitor). */
    volatile long lastUse;
    /** Open leases (written under the monitor). */
    volatile int leases;
    /** Set under the monitor when the conversation is evicted or destroyed; a dead conversation is never reused. */
    boolean dead;

    private final Slots[] byType = new Slots[TYPES];
    private Set<String> patients = Set.of();
    /** Surrogate text to placeholder, and back: surrogates are fictional, so held as they are. */
    final HashMap<String, String> aliasToPlaceholder = new HashMap<>();
    final HashMap<String, String> placeholderToAlias = new HashMap<>();
    /** Aliases that stand for two things (an emitted value that was also sent unchanged): never mapped back. */
    final HashSet<String> ambiguous = new HashSet<>();

    Conversation(Tenant tenant, String id, long now) {
        this.tenant = tenant;
        this.id = id;
        this.lastUse = now;
    }

    /** @return the number already given to {@code key}, or null */
    Integer find(PhiType type, Object key) {
        Slots s = byType[type.ordinal()];
        return s == null ? null : s.index.get(key);
    }

    /** @return how many mappings of {@code type} exist: the next number is this plus one */
    int count(PhiType type) {
        Slots s = byType[type.ordinal()];
        return s == null ? 0 : s.values.size();
    }

    /** @return the stored original of number {@code n}, or null */
    Object get(PhiType type, int n) {
        Slots s = byType[type.ordinal()];
        return s == null || n < 1 || n > s.values.size() ? null : s.values.get(n - 1);
    }

    /** Adds the mapping numbered {@code count(type) + 1}. Numbers are contiguous because only this adds. */
    void add(PhiType type, Object key, Object stored) {
        Slots s = byType[type.ordinal()];
        if (s == null) {
            s = new Slots();
            byType[type.ordinal()] = s;
        }
        s.index.put(key, s.values.size() + 1);
        s.values.add(stored);
        size = size + 1;
    }

    void addPatient(String patient) {
        if (!patients.contains(patient)) {
            Set<String> next = new HashSet<>(patients);
            next.add(patient);
            patients = next;
        }
    }

    Set<String> patients() {
        return patients;
    }

    Map<PhiType, Integer> counts() {
        Map<PhiType, Integer> m = new EnumMap<>(PhiType.class);
        for (PhiType t : PhiType.values()) {
            int n = count(t);
            if (n > 0) {
                m.put(t, n);
            }
        }
        return m;
    }

    /** Drops every mapping (after {@link #dead} was set), so that the originals become garbage at once. */
    void clear() {
        for (int i = 0; i < TYPES; i++) {
            Slots s = byType[i];
            if (s != null) {
                s.index.clear();
                s.values.clear();
                byType[i] = null;
            }
        }
        size = 0;
        aliasToPlaceholder.clear();
        placeholderToAlias.clear();
        ambiguous.clear();
    }

    /** One type's mappings. */
    private static final class Slots {
        final HashMap<Object, Integer> index = new HashMap<>();
        final ArrayList<Object> values = new ArrayList<>();
    }
}
