package dev.phisafe.core.vault;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link PseudonymVault}'s counters: sizes, lookups, evictions by reason — counts only, never a value,
 * a placeholder or an id. Counters are cumulative since the vault was built; sizes are current. Taken without
 * stopping the vault, so under concurrent use the figures are each exact but not mutually synchronised.
 *
 * <p>Immutable.
 */
public final class VaultStats {
    private final int tenants;
    private final int conversations;
    private final long mappings;
    private final int activeLeases;
    private final long allocations;
    private final long reuses;
    private final long hits;
    private final long misses;
    private final long refusals;
    private final long destroyedMappings;
    private final EnumMap<VaultEviction.Reason, Long> evictedConversations;
    private final EnumMap<VaultEviction.Reason, Long> evictedMappings;

    VaultStats(int tenants, int conversations, long mappings, int activeLeases, long allocations, long reuses,
            long hits, long misses, long refusals, long destroyedMappings,
            Map<VaultEviction.Reason, Long> evictedConversations, Map<VaultEviction.Reason, Long> evictedMappings) {
        this.tenants = tenants;
        this.conversations = conversations;
        this.mappings = mappings;
        this.activeLeases = activeLeases;
        this.allocations = allocations;
        this.reuses = reuses;
        this.hits = hits;
        this.misses = misses;
        this.refusals = refusals;
        this.destroyedMappings = destroyedMappings;
        this.evictedConversations = new EnumMap<>(evictedConversations);
        this.evictedMappings = new EnumMap<>(evictedMappings);
    }

    /** @return tenants that hold at least one conversation object (a live or empty scope) */
    public int tenants() {
        return tenants;
    }

    /** @return conversations held now */
    public int conversations() {
        return conversations;
    }

    /** @return mappings (placeholder ↔ original) held now, over all tenants */
    public long mappings() {
        return mappings;
    }

    /** @return open {@link VaultLease}s */
    public int activeLeases() {
        return activeLeases;
    }

    /** @return {@code placeholder(...)} calls that created a new mapping */
    public long allocations() {
        return allocations;
    }

    /** @return {@code placeholder(...)} calls that returned an existing mapping */
    public long reuses() {
        return reuses;
    }

    /** @return {@code original(...)} calls that revealed an original (each one a use of a {@link PhiAccess}) */
    public long hits() {
        return hits;
    }

    /** @return {@code original(...)} calls that found nothing (unknown, malformed, evicted or destroyed) */
    public long misses() {
        return misses;
    }

    /** @return new mappings refused because the tenant was full and every other conversation was leased */
    public long refusals() {
        return refusals;
    }

    /** @return mappings deleted by {@code destroy(...)} */
    public long destroyedMappings() {
        return destroyedMappings;
    }

    /**
     * @param reason a reason
     * @return conversations evicted for that reason
     */
    public long evictedConversations(VaultEviction.Reason reason) {
        return evictedConversations.getOrDefault(reason, 0L);
    }

    /**
     * @param reason a reason
     * @return mappings evicted for that reason
     */
    public long evictedMappings(VaultEviction.Reason reason) {
        return evictedMappings.getOrDefault(reason, 0L);
    }

    @Override
    public String toString() {
        return "VaultStats{tenants=" + tenants + ", conversations=" + conversations + ", mappings=" + mappings
                + ", activeLeases=" + activeLeases + ", allocations=" + allocations + ", reuses=" + reuses
                + ", hits=" + hits + ", misses=" + misses + ", refusals=" + refusals + ", destroyedMappings="
                + destroyedMappings + ", evictedConversations=" + evictedConversations + ", evictedMappings="
                + evictedMappings + "}";
    }
}
