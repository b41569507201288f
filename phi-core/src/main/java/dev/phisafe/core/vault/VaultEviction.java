package dev.phisafe.core.vault;

import dev.phisafe.core.detect.PhiType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The report that a {@link PseudonymVault} evicted one conversation's mappings: which scope, why, and how many
 * mappings of each type — never a value or a placeholder's original. Evictions are never silent: each one is counted
 * in {@link VaultStats} and announced to the {@link Listener} given to the builder.
 *
 * <p>The unit of eviction is a conversation (all its mappings at once), because a conversation's placeholders are
 * used together: a prompt and the model's answer mention several of them, and resolving only some would corrupt the
 * answer. After an eviction, a conversation that comes back starts numbering again from 1: placeholders handed out
 * before are void (a round trip in flight is protected by its {@link VaultLease}).
 *
 * <p>Immutable. {@link #toString()} shows ids, the reason and counts, all non-secret.
 */
public final class VaultEviction {

    /** Why a conversation's mappings were evicted. */
    public enum Reason {
        /** Not used for the vault's TTL (time since last use) and not leased. */
        EXPIRED,
        /** The tenant reached its size bound; this was its least recently used conversation that was not leased. */
        CAPACITY
    }

    /**
     * Receives eviction reports. Called synchronously by the thread whose vault operation caused the eviction, after
     * the vault released its locks; it must be fast and thread-safe. If it throws, that operation fails with a
     * {@code PhiProcessingException} (fail closed: an eviction that cannot be reported must not pass unnoticed); the
     * eviction itself has happened.
     */
    @FunctionalInterface
    public interface Listener {
        /** @param eviction the report; holds no PHI */
        void onEviction(VaultEviction eviction);
    }

    private final String tenant;
    private final String conversation;
    private final Set<String> patients;
    private final Reason reason;
    private final Map<PhiType, Integer> mappings;
    private final int total;

    VaultEviction(String tenant, String conversation, Set<String> patients, Reason reason,
            Map<PhiType, Integer> mappings) {
        this.tenant = tenant;
        this.conversation = conversation;
        this.patients = Set.copyOf(patients);
        this.reason = reason;
        EnumMap<PhiType, Integer> copy = new EnumMap<>(PhiType.class);
        copy.putAll(mappings);
        this.mappings = Collections.unmodifiableMap(copy);
        this.total = copy.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the tenant id */
    public String tenant() {
        return tenant;
    }

    /** @return the conversation id */
    public String conversation() {
        return conversation;
    }

    /** @return the opaque patient ids seen in the conversation's contexts (may be empty) */
    public Set<String> patients() {
        return patients;
    }

    /** @return why the conversation was evicted */
    public Reason reason() {
        return reason;
    }

    /** @return the number of evicted mappings per type (types without mappings are absent) */
    public Map<PhiType, Integer> mappings() {
        return mappings;
    }

    /** @return the number of evicted mappings */
    public int total() {
        return total;
    }

    @Override
    public String toString() {
        return "VaultEviction{tenant=" + tenant + ", conversation=" + conversation + ", patients=" + patients
                + ", reason=" + reason + ", mappings=" + mappings + "}";
    }
}
