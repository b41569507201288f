package dev.phisafe.core.vault;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store of placeholder ↔ original mappings behind consistent pseudonyms: within one conversation the same original
 * of the same type always gets the same placeholder ({@code <NAME_1>}), and an authorised caller can map a placeholder
 * back to its original.
 *
 * <pre>{@code
 * PseudonymVault vault = PseudonymVault.builder()
 *         .maxEntriesPerTenant(100_000)
 *         .ttl(Duration.ofHours(1))
 *         .aead(aead)                                  // or, explicitly, .originalsInPlaintext()
 *         .evictionListener(e -> audit.record(e))      // optional: evictions are also counted in stats()
 *         .build();
 * try (VaultLease lease = vault.lease(ctx)) {         // pins the conversation for the round trip
 *     String p = vault.placeholder(ctx, PhiType.NAME, "Jane Roe");      // "<NAME_1>"
 *     // ... send the filtered prompt, receive the answer ...
 *     Optional<String> o = vault.original(ctx, p, PhiAccess.grantedTo("svc:chat", "treatment"));
 * }
 * }</pre>
 *
 * <p><b>Scoping.</b> Mappings belong to a {@link PhiContext}'s (tenant, conversation) and are never visible from
 * another conversation or tenant: the same original gets independent numbers in each conversation, and a placeholder
 * looked up in another conversation resolves to that conversation's mapping or to nothing. The context's patient id,
 * if any, is recorded with the conversation so that {@link #destroy destroy(ctx, Scope.PATIENT)} can find it.
 *
 * <p><b>Matching originals.</b> Originals are compared exactly (same UTF-16 code units), for every type, NAME and
 * GEOGRAPHIC_LOCATION included: {@code "Jane Roe"} and {@code "JANE ROE"} get two placeholders. This keeps
 * re-identification lossless — a placeholder maps back to exactly the text it replaced, so
 * {@code reidentify(filter(text)) == text} — at the cost that the model may see one person as two; callers who prefer
 * one placeholder per person normalise the original before calling {@link #placeholder}.
 *
 * <p><b>Numbering.</b> {@code n} counts from 1 per (conversation, type), contiguously and without races: numbers are
 * assigned under the conversation's lock and never reused while the conversation lives. When a conversation is
 * evicted or destroyed, a later use of the same conversation id starts again from 1, and placeholders handed out
 * before are void.
 *
 * <p><b>Bounds and eviction.</b> Two bounds, both required: a TTL measured from a conversation's last use (any
 * {@code placeholder}, {@code original} or lease), and a maximum number of mappings per tenant. The unit of eviction is
 * the conversation (see {@link VaultEviction} for why). A conversation with an open {@link VaultLease} is <em>in
 * use</em> and is never evicted, neither by TTL nor by size. (A lease rather than a time window such as "used in the
 * last TTL/2": a model call may take any time, so a time-based notion would either drop live round trips or pin
 * everything; the lease states the fact.) When a tenant is full, its least recently used
 * conversations that are not leased (and are not the one asking) are evicted until there is room; if every other
 * conversation is leased, the new mapping is <em>refused</em> with a {@link PhiProcessingException} (fail closed)
 * rather than a live mapping dropped. Every eviction is counted in {@link #stats()} and announced to the
 * {@link VaultEviction.Listener}, with ids, reason and counts only. Expired conversations are evicted when touched,
 * when their tenant allocates (at most one sweep per TTL per tenant) and by {@link #evictExpired()}; the vault starts
 * no thread, so call {@code evictExpired()} from your scheduler to bound memory held by idle tenants.
 *
 * <p><b>Originals at rest.</b> With an {@link Aead} configured, originals are stored only as ciphertexts whose
 * associated data binds tenant, conversation, type and placeholder, so a ciphertext moved to another slot fails to
 * decrypt, and any decryption failure fails closed with a {@link PhiProcessingException} that holds no value; the
 * index from original to number then holds keyed hashes (HMAC-SHA256 under a random per-vault key, or the
 * {@link Builder#lookupHash} given), not originals. Caveat: whoever can read this process's memory can read that
 * index key too and test guesses of low-entropy values (an SSN) against the index; the originals themselves stay
 * ciphertexts. <b>With {@link Builder#originalsInPlaintext()} instead, originals are held in memory as plain
 * {@code String}s</b> for as long as their conversation lives: a heap dump, a debugger or a memory-disclosure bug
 * reveals them, and Java cannot wipe them — use that only where the process memory is itself protected as PHI. The
 * builder makes you choose one of the two explicitly (DESIGN.md: vaults hold PHI encrypted).
 *
 * <p><b>No PHI outside its lane.</b> No exception message, {@code toString()}, event or statistic of the vault holds
 * an original; only ids, types, counts and placeholders (which are not PHI by themselves).
 *
 * <p>Thread-safe: lock-striped per conversation (plus a per-tenant lock taken only to allocate a new mapping), so
 * lookups and reuses in different conversations never contend.
 */
public final class PseudonymVault {

    /** The scope a {@link #destroy} call deletes. */
    public enum Scope {
        /** The context's conversation. */
        CONVERSATION,
        /**
         * Every conversation of the context's tenant whose contexts named the context's patient — all of each such
         * conversation, since its placeholders cannot be told apart by patient (erasure errs on the side of more).
         */
        PATIENT,
        /** Every conversation of the context's tenant. */
        TENANT
    }

    private static final byte[] AD_DOMAIN = "phisafe.vault.original.v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX_DOMAIN = "phisafe.vault.index.v1".getBytes(StandardCharsets.US_ASCII);

    private final int maxEntriesPerTenant;
    private final Duration ttl;
    private final long ttlMillis;
    private final Clock clock;
    private final Aead aead;
    private final KeyedHash lookupHash;
    private final VaultEviction.Listener listener;

    private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final AtomicInteger activeLeases = new AtomicInteger();
    private final LongAdder allocations = new LongAdder();
    private final LongAdder reuses = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final EnumMap<VaultEviction.Reason, LongAdder> evictedConversations = new EnumMap<>(
            VaultEviction.Reason.class);
    private final EnumMap<VaultEviction.Reason, LongAdder> evictedMappings = new EnumMap<>(VaultEviction.Reason.class);

    private PseudonymVault(Builder b) {
        this.maxEntriesPerTenant = b.maxEntriesPerTenant;
        this.ttl = b.ttl;
        this.ttlMillis = b.ttl.toMillis();
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.aead = b.aead;
        this.lookupHash = b.aead == null ? null : b.lookupHash != null ? b.lookupHash : randomIndexKey();
        this.listener = b.listener;
        for (VaultEviction.Reason r : VaultEviction.Reason.values()) {
            evictedConversations.put(r, new LongAdder());
            evictedMappings.put(r, new LongAdder());
        }
    }

    /** @return a new builder; {@code maxEntriesPerTenant} and {@code ttl} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the placeholder of {@code original} in the context's conversation, allocating the next number of its
     * type if the original is new there.
     *
     * @param ctx      the scope (tenant, conversation; the patient, if any, is recorded for PATIENT destroy)
     * @param type     the original's PHI type
     * @param original the text the placeholder replaces, compared exactly; not empty
     * @return the canonical placeholder, e.g. {@code "<NAME_1>"}
     * @throws IllegalArgumentException if {@code original} is empty
     * @throws PhiProcessingException   if the tenant is full and every other conversation is leased (the mapping is
     *                                  refused, nothing is dropped), if the Aead fails, or if the eviction listener
     *                                  fails
     */
    public String placeholder(PhiContext ctx, PhiType type, String original) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        if (original.isEmpty()) {
            throw new IllegalArgumentException("original must not be empty");
        }
        List<VaultEviction> events = new ArrayList<>(0);
        String result;
        try {
            result = allocate(ctx, type, original, events);
        } catch (RuntimeException e) {
            announceSuppressed(events, e);
            throw e;
        }
        announce(events);
        return result;
    }

    /**
     * Reveals the original behind a placeholder of the context's conversation. Every call is a disclosure of PHI made
     * under {@code access}, meant to be audited (see {@link PhiAccess}).
     *
     * @param ctx         the scope the placeholder was handed out in
     * @param placeholder a canonical placeholder ({@link Placeholders#canonical} folds a model's case changes)
     * @param access      the capability to reveal
     * @return the original, or empty if the placeholder is malformed, unknown in this conversation, evicted or
     *         destroyed
     * @throws PhiProcessingException if the stored ciphertext fails to decrypt (tampered, moved, key destroyed): the
     *                                lookup fails closed, and the message names the placeholder, never a value
     */
    public Optional<String> original(PhiContext ctx, String placeholder, PhiAccess access) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(placeholder, "placeholder");
        Objects.requireNonNull(access, "access");
        if (Placeholders.match(placeholder, 0) != placeholder.length()) {
            misses.increment();
            return Optional.empty();
        }
        PhiType type = Placeholders.type(placeholder);
        int number = Placeholders.number(placeholder);
        List<VaultEviction> events = new ArrayList<>(0);
        Object stored = null;
        while (true) {
            Tenant t = tenants.get(ctx.tenant());
            Conversation c = t == null ? null : t.conversations.get(ctx.conversation());
            if (c == null) {
                break;
            }
            synchronized (c) {
                if (c.dead || t.dead) {
                    continue;
                }
                long now = clock.millis();
                if (expired(c, now)) {
                    evict(c, VaultEviction.Reason.EXPIRED, events);
                    break;
                }
                stored = c.get(type, number);
                if (stored != null) {
                    c.lastUse = now;
                }
                break;
            }
        }
        announce(events);
        if (stored == null) {
            misses.increment();
            return Optional.empty();
        }
        String value = open(ctx, type, placeholder, stored);
        hits.increment();
        return Optional.of(value);
    }

    /**
     * Returns the surrogate of {@code original} in the context's conversation — the same one every time the
     * conversation sees the original, in any message — asking {@code generator} for one the first time. The original
     * is remembered as for {@link #placeholder}, so it is encrypted at rest with an Aead, evicted and destroyed with
     * its conversation, and {@link #surrogates} maps a surrogate back for re-identification.
     *
     * @param ctx       the scope
     * @param type      the original's PHI type
     * @param original  the value to stand in for; not empty
     * @param generator given a predicate that is true for a surrogate already used in the conversation (for another
     *                  original), returns a new surrogate for which it is false; called under the conversation's lock,
     *                  so it must be quick and must not call this vault
     * @return the surrogate
     * @throws IllegalArgumentException if {@code original} is empty, or the generator returns a used or empty value
     * @throws PhiProcessingException   as for {@link #placeholder}, or if the generator fails (its exception is
     *                                  rethrown) or the conversation keeps being evicted under the call
     */
    public String surrogate(PhiContext ctx, PhiType type, String original,
            java.util.function.Function<java.util.function.Predicate<String>, String> generator) {
        Objects.requireNonNull(generator, "generator");
        return withSlot(ctx, type, original, "a surrogate was made", (c, placeholder) -> {
            String alias = c.placeholderToAlias.get(placeholder);
            if (alias != null) {
                return alias;
            }
            alias = generator.apply(x -> c.aliasToPlaceholder.containsKey(x) || c.ambiguous.contains(x));
            if (alias == null || alias.isEmpty() || c.aliasToPlaceholder.containsKey(alias)) {
                throw new IllegalArgumentException("the surrogate generator returned an empty or used surrogate"
                        + " for a " + type + " of conversation '" + c.id + "'");
            }
            c.aliasToPlaceholder.put(alias, placeholder);
            c.placeholderToAlias.put(placeholder, alias);
            return alias;
        });
    }

    /**
     * Records that the filter sent {@code alias} in place of {@code original} — a shifted date, a date the output
     * reads differently than the prompt — so that {@link #surrogates} maps it back. The original is remembered as
     * for {@link #placeholder} (encrypted at rest with an Aead). An alias that already stands for another original,
     * or was also sent unchanged, becomes ambiguous and is never mapped back.
     *
     * @param ctx      the scope
     * @param type     the original's PHI type
     * @param original the value replaced; not empty
     * @param alias    the text sent instead; not empty
     * @throws PhiProcessingException as for {@link #placeholder}
     */
    public void alias(PhiContext ctx, PhiType type, String original, String alias) {
        bindAlias(ctx, type, original, alias, (c, placeholder) -> {
            String bound = c.aliasToPlaceholder.get(alias);
            if (bound == null) {
                if (c.aliasToPlaceholder.size() < Placeholders.MAX_NUMBER) {
                    c.aliasToPlaceholder.put(alias, placeholder);
                    c.placeholderToAlias.putIfAbsent(placeholder, alias);
                }
            } else if (!bound.equals(placeholder)) {
                c.ambiguous.add(alias);
            }
            return null;
        });
    }

    /**
     * Like {@link #alias}, but only where the alias is free: it binds {@code alias} to {@code original} unless the
     * alias already stands for another original, was passed through unchanged, is ambiguous, or the conversation has
     * no room left — and then changes nothing. The filter uses it before it sends a shifted date, so that a date
     * whose shifted text is taken goes behind a placeholder instead of making both readings ambiguous.
     *
     * @param ctx      the scope
     * @param type     the original's PHI type
     * @param original the value replaced; not empty
     * @param alias    the text to send instead; not empty
     * @return whether {@code alias} now maps back to {@code original} (newly or already)
     * @throws PhiProcessingException as for {@link #placeholder}
     */
    public boolean tryAlias(PhiContext ctx, PhiType type, String original, String alias) {
        return bindAlias(ctx, type, original, alias, (c, placeholder) -> {
            if (c.ambiguous.contains(alias)) {
                return false;
            }
            String bound = c.aliasToPlaceholder.get(alias);
            if (bound != null) {
                return bound.equals(placeholder);
            }
            if (c.aliasToPlaceholder.size() >= Placeholders.MAX_NUMBER) {
                return false;
            }
            c.aliasToPlaceholder.put(alias, placeholder);
            c.placeholderToAlias.putIfAbsent(placeholder, alias);
            return true;
        });
    }

    /**
     * Runs {@code binding} under the conversation's lock with the placeholder of {@code original} (allocated first,
     * so that the original is remembered as for {@link #placeholder}), retrying when the conversation is evicted
     * meanwhile; {@code what} names the operation in the error when it keeps being evicted.
     */
    private <R> R withSlot(PhiContext ctx, PhiType type, String original, String what,
            java.util.function.BiFunction<Conversation, String, R> binding) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String placeholder = placeholder(ctx, type, original);
            Object key = lookupKey(ctx, type, original);
            Tenant t = tenants.get(ctx.tenant());
            Conversation c = t == null ? null : t.conversations.get(ctx.conversation());
            if (c == null) {
                continue; // evicted between the two steps: allocate again
            }
            synchronized (c) {
                Integer n = c.find(type, key);
                if (c.dead || t.dead || n == null || !Placeholders.of(type, n).equals(placeholder)) {
                    continue;
                }
                return binding.apply(c, placeholder);
            }
        }
        throw new PhiProcessingException("conversation '" + ctx.conversation() + "' of tenant '" + ctx.tenant()
                + "' was evicted three times while " + what + "; lease it around the call");
    }

    /** {@link #withSlot} for an alias: not null, not empty. */
    private <R> R bindAlias(PhiContext ctx, PhiType type, String original, String alias,
            java.util.function.BiFunction<Conversation, String, R> binding) {
        Objects.requireNonNull(alias, "alias");
        if (alias.isEmpty()) {
            throw new IllegalArgumentException("alias must not be empty");
        }
        return withSlot(ctx, type, original, "an alias was recorded", binding);
    }

    /**
     * Records that {@code text} was sent to a model unchanged in the context's conversation although a reader of
     * the model's answer could take it for a transformed value — a date the detector did not flag in the prompt but
     * may find in the answer. {@link #surrogates} then maps it to itself, so that re-identification leaves it alone
     * instead of shifting it back. Not PHI by itself (it was released as it is); bounded like a mapping.
     *
     * @param ctx  the scope
     * @param text the text released unchanged; not empty
     */
    public void passedThrough(PhiContext ctx, String text) {
        withUnchanged(ctx, text, c -> {
            String bound = c.aliasToPlaceholder.get(text);
            if (bound == null) {
                if (c.aliasToPlaceholder.size() < Placeholders.MAX_NUMBER) {
                    c.aliasToPlaceholder.put(text, "");
                }
            } else if (!bound.isEmpty()) {
                c.ambiguous.add(text); // also an emitted value: neither reading may be forced
            }
            return null;
        });
    }

    /**
     * Like {@link #passedThrough}, but only where the text is free: it records {@code text} as sent unchanged unless
     * the conversation already maps it to an original (an alias), holds it as ambiguous, or has no room left — and
     * then changes nothing. The filter uses it for a date its output reads where the prompt had the same text: a text
     * that another message sent in place of an original cannot also stand for itself, so that date goes behind a
     * placeholder instead.
     *
     * @param ctx  the scope
     * @param text the text to send unchanged; not empty
     * @return whether {@code text} now maps to itself (newly or already)
     */
    public boolean tryPassedThrough(PhiContext ctx, String text) {
        return withUnchanged(ctx, text, c -> {
            if (c.ambiguous.contains(text)) {
                return false;
            }
            String bound = c.aliasToPlaceholder.get(text);
            if (bound != null) {
                return bound.isEmpty();
            }
            if (c.aliasToPlaceholder.size() >= Placeholders.MAX_NUMBER) {
                return false;
            }
            c.aliasToPlaceholder.put(text, "");
            return true;
        });
    }

    /**
     * Runs {@code recording} under the lock of the context's conversation (made if needed, again if it dies
     * meanwhile), for text sent unchanged: not null, not empty.
     */
    private <R> R withUnchanged(PhiContext ctx, String text, java.util.function.Function<Conversation, R> recording) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        while (true) {
            Conversation c = conversation(ctx);
            synchronized (c) {
                if (!c.dead && !c.tenant.dead) {
                    return recording.apply(c);
                }
            }
        }
    }

    /**
     * Which of {@code texts} the conversation's {@link #surrogates} would map (surrogates, aliases, text passed
     * through), without revealing any original: what a re-identifier will look for, for the filter to anticipate it.
     * Costs one lookup per text, whatever the size of the conversation.
     *
     * @param ctx   the scope
     * @param texts the texts to look up; not null
     * @return each of {@code texts} that is mapped (and not ambiguous), with true for text passed through unchanged;
     *         empty if the conversation has none
     */
    public Map<String, Boolean> aliases(PhiContext ctx, Collection<String> texts) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(texts, "texts");
        Tenant t = tenants.get(ctx.tenant());
        Conversation c = t == null ? null : t.conversations.get(ctx.conversation());
        if (c == null || texts.isEmpty()) {
            return Map.of();
        }
        synchronized (c) {
            Map<String, Boolean> keys = new HashMap<>();
            if (!c.dead) {
                for (String text : texts) {
                    String bound = text == null ? null : c.aliasToPlaceholder.get(text);
                    if (bound != null && !c.ambiguous.contains(text)) {
                        keys.put(text, bound.isEmpty());
                    }
                }
            }
            return keys;
        }
    }

    /**
     * The surrogates handed out in the context's conversation, each with the original it stands for, for
     * re-identifying a model's answer. Every call is a disclosure of PHI made under {@code access}.
     *
     * @param ctx    the scope
     * @param access the capability to reveal
     * @return surrogate to original (and text {@linkplain #passedThrough passed through} to itself); empty if the conversation has none (or was evicted or destroyed)
     * @throws PhiProcessingException if a stored original fails to decrypt
     */
    public Map<String, String> surrogates(PhiContext ctx, PhiAccess access) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(access, "access");
        Tenant t = tenants.get(ctx.tenant());
        Conversation c = t == null ? null : t.conversations.get(ctx.conversation());
        if (c == null) {
            return Map.of();
        }
        Map<String, String> aliases;
        synchronized (c) {
            if (c.dead || c.aliasToPlaceholder.isEmpty()) {
                return Map.of();
            }
            aliases = new HashMap<>(c.aliasToPlaceholder);
            aliases.keySet().removeAll(c.ambiguous);
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            if (e.getValue().isEmpty()) {
                out.put(e.getKey(), e.getKey()); // passed through unchanged: stays as it is
            } else {
                original(ctx, e.getValue(), access).ifPresent(o -> out.put(e.getKey(), o));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Pins the context's conversation: while the lease is open its mappings are in use and are evicted neither by TTL
     * nor by size. Hold one around each filter → model call → re-identify round trip. Leases nest and may be shared
     * across threads; close each exactly once (further closes do nothing). Closing counts as a use (restarts the
     * TTL). An explicit {@link #destroy} still deletes a leased conversation.
     *
     * @param ctx the scope to pin
     * @return the open lease
     */
    public VaultLease lease(PhiContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        List<VaultEviction> events = new ArrayList<>(0);
        while (true) {
            Conversation c = conversation(ctx);
            synchronized (c) {
                if (c.dead || c.tenant.dead) {
                    continue;
                }
                long now = clock.millis();
                if (expired(c, now)) {
                    // expired before this lease pinned it: report it, then pin a fresh conversation
                    evict(c, VaultEviction.Reason.EXPIRED, events);
                    continue;
                }
                c.leases = c.leases + 1;
                c.lastUse = now;
            }
            activeLeases.incrementAndGet();
            announce(events);
            return new VaultLease(this, c);
        }
    }

    /** Called once by {@link VaultLease#close()}. */
    void release(Conversation c) {
        activeLeases.decrementAndGet();
        synchronized (c) {
            c.leases = c.leases - 1;
            c.lastUse = clock.millis();
            if (!c.dead && c.leases == 0 && c.size == 0) {
                // a lease made this conversation; with nothing in it, keep nothing (no memory for empty scopes)
                c.dead = true;
                c.tenant.conversations.remove(c.id, c);
            }
        }
    }

    /**
     * Deletes the mappings of a scope at once, leased or not: afterwards its placeholders resolve to nothing, and
     * when originals are encrypted only ciphertexts ever existed, so nothing of them is left in the vault.
     * (Crypto-shredding with per-scope keys, which also makes copies of the ciphertexts unrecoverable, is issue 4's.)
     * Destruction is counted in {@link VaultStats#destroyedMappings()}, not reported as an eviction.
     *
     * @param scope the context naming the tenant, conversation or patient
     * @param level what to delete
     * @return the number of mappings deleted
     * @throws IllegalArgumentException if {@code level} is PATIENT and the context has no patient
     */
    public int destroy(PhiContext scope, Scope level) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(level, "level");
        if (level == Scope.PATIENT && scope.patient() == null) {
            throw new IllegalArgumentException("destroy(ctx, PATIENT) needs a context with a patient id");
        }
        Tenant t = tenants.get(scope.tenant());
        if (t == null) {
            return 0;
        }
        int count = 0;
        switch (level) {
            case CONVERSATION:
                Conversation c = t.conversations.get(scope.conversation());
                if (c != null) {
                    count += destroy(c);
                }
                break;
            case PATIENT:
                for (Conversation v : t.conversations.values()) {
                    boolean named;
                    synchronized (v) {
                        named = v.patients().contains(scope.patient());
                    }
                    if (named) {
                        count += destroy(v);
                    }
                }
                break;
            case TENANT:
                t.lock.lock();
                try {
                    t.dead = true;
                    tenants.remove(t.id, t);
                } finally {
                    t.lock.unlock();
                }
                for (Conversation v : t.conversations.values()) {
                    count += destroy(v);
                }
                break;
            default:
                throw new AssertionError(level);
        }
        return count;
    }

    private int destroy(Conversation c) {
        synchronized (c) {
            if (c.dead) {
                return 0;
            }
            int n = c.size;
            markDead(c);
            destroyed.add(n);
            return n;
        }
    }

    /**
     * Evicts every conversation whose TTL has run out and that is not leased, reporting each. The vault also does this
     * lazily; call it from a scheduler to bound the memory of tenants that have gone idle.
     *
     * @return the number of conversations evicted
     * @throws PhiProcessingException if the eviction listener fails (the evictions have happened)
     */
    public int evictExpired() {
        List<VaultEviction> events = new ArrayList<>();
        long now = clock.millis();
        int count = 0;
        for (Tenant t : tenants.values()) {
            for (Conversation c : t.conversations.values()) {
                synchronized (c) {
                    if (!c.dead && expired(c, now)) {
                        count += evict(c, VaultEviction.Reason.EXPIRED, events);
                    }
                }
            }
        }
        announce(events);
        return count;
    }

    /** @return a snapshot of the counters: counts only, no values */
    public VaultStats stats() {
        int conversations = 0;
        long mappings = 0;
        for (Tenant t : tenants.values()) {
            for (Conversation c : t.conversations.values()) {
                conversations++;
                mappings += c.size;
            }
        }
        Map<VaultEviction.Reason, Long> ec = new EnumMap<>(VaultEviction.Reason.class);
        Map<VaultEviction.Reason, Long> em = new EnumMap<>(VaultEviction.Reason.class);
        for (VaultEviction.Reason r : VaultEviction.Reason.values()) {
            ec.put(r, evictedConversations.get(r).sum());
            em.put(r, evictedMappings.get(r).sum());
        }
        return new VaultStats(tenants.size(), conversations, mappings, activeLeases.get(), allocations.sum(),
                reuses.sum(), hits.sum(), misses.sum(), refusals.sum(), destroyed.sum(), ec, em);
    }

    /** @return the configuration (bounds, key ids), never a value */
    @Override
    public String toString() {
        return "PseudonymVault{maxEntriesPerTenant=" + maxEntriesPerTenant + ", ttl=" + ttl + ", aead="
                + (aead == null ? "none (originals in memory as plaintext)" : "keyId=" + aead.keyId())
                + (lookupHash == null ? "" : ", lookupHash=keyId=" + lookupHash.keyId()) + "}";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private String allocate(PhiContext ctx, PhiType type, String original, List<VaultEviction> events) {
        Object key = lookupKey(ctx, type, original);
        while (true) {
            Conversation c = conversation(ctx);
            Tenant t = c.tenant;
            synchronized (c) {
                if (c.dead || t.dead) {
                    continue;
                }
                long now = clock.millis();
                if (expired(c, now)) {
                    evict(c, VaultEviction.Reason.EXPIRED, events);
                    continue;
                }
                Integer n = c.find(type, key);
                if (n != null) {
                    use(c, ctx, now);
                    reuses.increment();
                    return Placeholders.of(type, n);
                }
            }
            // new here: reserve room in the tenant first (tenant lock, then victims' monitors; never the reverse)
            if (!reserve(t, c, events)) {
                continue;
            }
            boolean committed = false;
            try {
                synchronized (c) {
                    if (c.dead || t.dead) {
                        continue;
                    }
                    long now = clock.millis();
                    Integer n = c.find(type, key);
                    if (n != null) {
                        // another thread allocated it meanwhile: same placeholder, and give the room back
                        use(c, ctx, now);
                        reuses.increment();
                        return Placeholders.of(type, n);
                    }
                    int next = c.count(type) + 1;
                    if (next > Placeholders.MAX_NUMBER) {
                        refusals.increment();
                        throw new PhiProcessingException("conversation '" + c.id + "' of tenant '" + t.id
                                + "' has no placeholder number left for type " + type);
                    }
                    String placeholder = Placeholders.of(type, next);
                    // encrypt before adding: if the Aead fails, nothing is added and numbering stays contiguous
                    c.add(type, key, seal(ctx, type, placeholder, original));
                    committed = true;
                    use(c, ctx, now);
                    allocations.increment();
                    return placeholder;
                }
            } finally {
                if (!committed) {
                    t.mappings.decrementAndGet();
                }
            }
        }
    }

    private void use(Conversation c, PhiContext ctx, long now) {
        c.lastUse = now;
        if (ctx.patient() != null) {
            c.addPatient(ctx.patient());
        }
    }

    /** @return the live conversation of the context, created if absent (it may die before the caller locks it) */
    private Conversation conversation(PhiContext ctx) {
        Tenant t = tenants.get(ctx.tenant());
        if (t == null) {
            t = tenants.computeIfAbsent(ctx.tenant(), id -> new Tenant(id, clock.millis()));
        }
        Conversation c = t.conversations.get(ctx.conversation());
        if (c == null) {
            Tenant owner = t;
            c = t.conversations.computeIfAbsent(ctx.conversation(), id -> new Conversation(owner, id, clock.millis()));
        }
        return c;
    }

    /**
     * Reserves room for one mapping in {@code t}, evicting (and reporting) expired, then least recently used
     * conversations that are not leased and not {@code self}.
     *
     * @return false if the tenant was destroyed meanwhile (retry with a fresh one)
     * @throws PhiProcessingException if no room can be made: every other conversation is in use (fail closed)
     */
    private boolean reserve(Tenant t, Conversation self, List<VaultEviction> events) {
        t.lock.lock();
        try {
            if (t.dead) {
                return false;
            }
            long now = clock.millis();
            if (now - t.lastSweep >= ttlMillis) {
                t.lastSweep = now;
                for (Conversation v : t.conversations.values()) {
                    if (v != self) {
                        synchronized (v) {
                            if (!v.dead && expired(v, now)) {
                                evict(v, VaultEviction.Reason.EXPIRED, events);
                            }
                        }
                    }
                }
            }
            if (t.mappings.get() < maxEntriesPerTenant) {
                t.mappings.incrementAndGet();
                return true;
            }
            List<Conversation> victims = new ArrayList<>();
            for (Conversation v : t.conversations.values()) {
                if (v != self && v.leases == 0 && v.size > 0) {
                    victims.add(v);
                }
            }
            // least recently used first; lastUse may move while sorting, so sort on a copy of the keys
            long[] keys = new long[victims.size()];
            Integer[] order = new Integer[victims.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = victims.get(i).lastUse;
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> keys[i]));
            for (Integer i : order) {
                Conversation v = victims.get(i);
                synchronized (v) {
                    if (v.dead || v.leases > 0 || v.size == 0) {
                        continue;
                    }
                    VaultEviction.Reason r = expired(v, now) ? VaultEviction.Reason.EXPIRED
                            : VaultEviction.Reason.CAPACITY;
                    evict(v, r, events);
                }
                if (t.mappings.get() < maxEntriesPerTenant) {
                    t.mappings.incrementAndGet();
                    return true;
                }
            }
            refusals.increment();
            throw new PhiProcessingException("pseudonym vault full for tenant '" + t.id + "' (" + maxEntriesPerTenant
                    + " mappings) and every other conversation is leased: new mapping refused, no live mapping "
                    + "dropped");
        } finally {
            t.lock.unlock();
        }
    }

    private boolean expired(Conversation c, long now) {
        return c.leases == 0 && now - c.lastUse >= ttlMillis;
    }

    /**
     * Evicts {@code c} (caller holds its monitor, and it is alive) and adds its report to {@code events}. An empty
     * conversation (left by a refused allocation) loses nothing, so it is dropped without a report.
     *
     * @return 1 if a conversation with mappings was evicted, else 0
     */
    private int evict(Conversation c, VaultEviction.Reason reason, List<VaultEviction> events) {
        if (c.size == 0) {
            markDead(c);
            return 0;
        }
        events.add(new VaultEviction(c.tenant.id, c.id, c.patients(), reason, c.counts()));
        evictedConversations.get(reason).increment();
        evictedMappings.get(reason).add(c.size);
        markDead(c);
        return 1;
    }

    private static void markDead(Conversation c) {
        c.dead = true;
        c.tenant.conversations.remove(c.id, c);
        c.tenant.mappings.addAndGet(-c.size);
        c.clear();
    }

    private void announce(List<VaultEviction> events) {
        if (listener == null || events.isEmpty()) {
            return;
        }
        RuntimeException failure = null;
        for (VaultEviction e : events) {
            try {
                listener.onEviction(e);
            } catch (RuntimeException x) {
                if (failure == null) {
                    failure = new PhiProcessingException("vault eviction listener failed; evictions happened but "
                            + "could not all be reported", x);
                } else {
                    failure.addSuppressed(x);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void announceSuppressed(List<VaultEviction> events, RuntimeException primary) {
        try {
            announce(events);
        } catch (RuntimeException x) {
            primary.addSuppressed(x);
        }
    }

    // --- originals at rest ------------------------------------------------------------------------------------------

    private Object lookupKey(PhiContext ctx, PhiType type, String original) {
        if (lookupHash == null) {
            return original;
        }
        byte[] data = Encoding.join(INDEX_DOMAIN, ctx.tenant(), ctx.conversation(), Placeholders.label(type),
                Encoding.utf16(original));
        byte[] tag;
        try {
            tag = lookupHash.hash(data);
        } catch (RuntimeException e) {
            throw new PhiProcessingException("vault lookup hash failed (keyId " + lookupHash.keyId() + ")", e);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
        return new Digest(tag);
    }

    private Object seal(PhiContext ctx, PhiType type, String placeholder, String original) {
        if (aead == null) {
            return original;
        }
        byte[] plain = Encoding.utf16(original);
        try {
            return aead.encrypt(plain, associatedData(ctx.tenant(), ctx.conversation(), type, placeholder));
        } catch (RuntimeException e) {
            throw new PhiProcessingException("vault could not encrypt a " + type + " original for " + placeholder
                    + " (keyId " + aead.keyId() + "); nothing stored", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private String open(PhiContext ctx, PhiType type, String placeholder, Object stored) {
        if (aead == null) {
            return (String) stored;
        }
        byte[] plain;
        try {
            plain = aead.decrypt((byte[]) stored, associatedData(ctx.tenant(), ctx.conversation(), type, placeholder));
        } catch (RuntimeException e) {
            // fail closed: a ciphertext that does not authenticate for this slot was altered, moved or its key is gone
            throw new PhiProcessingException("vault entry for " + placeholder + " in conversation '"
                    + ctx.conversation() + "' of tenant '" + ctx.tenant() + "' failed to decrypt; not revealed", e);
        }
        try {
            return Encoding.fromUtf16(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Binds a ciphertext to its slot: tenant, conversation, type and placeholder (length-prefixed, unambiguous). */
    static byte[] associatedData(String tenant, String conversation, PhiType type, String placeholder) {
        return Encoding.join(AD_DOMAIN, tenant, conversation, Placeholders.label(type),
                placeholder.getBytes(StandardCharsets.US_ASCII));
    }

    private static KeyedHash randomIndexKey() {
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        StringBuilder id = new StringBuilder("vault-index-");
        for (byte b : idBytes) {
            id.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        try {
            return KeyedHash.jdkHmacSha256(key, id.toString());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A keyed hash used as an index key: equality by content. */
    private static final class Digest {
        private final byte[] bytes;
        private final int hash;

        Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest && Arrays.equals(bytes, ((Digest) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Builder of a {@link PseudonymVault}. Each setting may be given once (a repeated setting is an
     * {@link IllegalStateException}); bad values fail at the call that gives them. Not thread-safe.
     */
    public static final class Builder {
        private int maxEntriesPerTenant;
        private Duration ttl;
        private Clock clock;
        private Aead aead;
        private KeyedHash lookupHash;
        private VaultEviction.Listener listener;
        private boolean plaintext;

        private Builder() {
        }

        /**
         * @param max the most mappings one tenant may hold, 1 to {@value Placeholders#MAX_NUMBER} (required)
         * @return this builder
         */
        public Builder maxEntriesPerTenant(int max) {
            once(maxEntriesPerTenant == 0, "maxEntriesPerTenant");
            if (max < 1 || max > Placeholders.MAX_NUMBER) {
                throw new IllegalArgumentException("maxEntriesPerTenant must be 1 to " + Placeholders.MAX_NUMBER
                        + ", got " + max);
            }
            this.maxEntriesPerTenant = max;
            return this;
        }

        /**
         * @param ttl how long an unleased conversation's mappings live after their last use, at least 1 ms (required:
         *            retention is a compliance decision, so there is no default)
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            once(this.ttl == null, "ttl");
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * @param clock the time source for TTLs (default: the UTC system clock); tests pass a fake one
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once(this.clock == null, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param aead encrypts originals at rest (this or {@link #originalsInPlaintext()} is required)
         * @return this builder
         */
        public Builder aead(Aead aead) {
            once(this.aead == null, "aead");
            this.aead = Objects.requireNonNull(aead, "aead");
            return this;
        }

        /**
         * Accepts that originals are held in memory as plain {@code String}s, for deployments without a key service
         * (tests, a process whose memory is itself protected as PHI). DESIGN.md requires vaults to hold PHI
         * encrypted, so plaintext must be chosen explicitly: a builder with neither this nor {@link #aead} fails.
         *
         * @return this builder
         */
        public Builder originalsInPlaintext() {
            once(!plaintext, "originalsInPlaintext");
            this.plaintext = true;
            return this;
        }

        /**
         * @param hash the keyed hash that indexes encrypted originals (optional, only with {@link #aead}; default: a
         *             random per-vault HMAC-SHA256 key). Give one whose key lives outside this process (an HSM or
         *             KMS through phi-tink) to keep the index safe from a memory dump.
         * @return this builder
         */
        public Builder lookupHash(KeyedHash hash) {
            once(this.lookupHash == null, "lookupHash");
            this.lookupHash = Objects.requireNonNull(hash, "hash");
            return this;
        }

        /**
         * @param listener receives each eviction report (optional; evictions are counted in stats either way)
         * @return this builder
         */
        public Builder evictionListener(VaultEviction.Listener listener) {
            once(this.listener == null, "evictionListener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @return the vault
         * @throws IllegalStateException if maxEntriesPerTenant or ttl is missing, if neither or both of aead and
         *                               originalsInPlaintext are set, or if lookupHash is set without aead
         */
        public PseudonymVault build() {
            if (maxEntriesPerTenant == 0 || ttl == null) {
                throw new IllegalStateException("a PseudonymVault needs maxEntriesPerTenant(...) and ttl(...)");
            }
            if (aead == null && !plaintext) {
                throw new IllegalStateException("a PseudonymVault needs aead(...) to encrypt originals at rest, or "
                        + "an explicit originalsInPlaintext()");
            }
            if (aead != null && plaintext) {
                throw new IllegalStateException("aead(...) and originalsInPlaintext() conflict: choose one");
            }
            if (lookupHash != null && aead == null) {
                throw new IllegalStateException("lookupHash(...) only applies with aead(...): without an Aead the "
                        + "originals are held in plaintext and indexed by themselves");
            }
            return new PseudonymVault(this);
        }

        private static void once(boolean unset, String setting) {
            if (!unset) {
                throw new IllegalStateException(setting + "(...) was already set");
            }
        }
    }
}
