package dev.phisafe.langchain4j;

import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.transform.FilterResult;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.core.vault.VaultLease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the steps of one guarded invocation (one {@link PhiGuard#withScope} call, one guarded AiService method, one
 * retrieval bound from invocation parameters) may reuse from one another, so that a RAG turn detects each text once
 * and verifies each retrieved segment's envelope once. It lives in the invocation's {@link PhiGuard.Invocation}: never
 * shared between invocations, users or threads' scopes, and emptied when the invocation ends.
 *
 * <p>Every entry is keyed by everything its result depends on, and compared in full (never by a digest that could
 * collide), so that a result is reused only for exactly the same input:
 * <ul>
 *   <li>a verified integrity envelope: by the {@link Mac} instance, the tenant, the exact text and the exact envelope
 *       metadata. A tampered segment differs in its text or its envelope, so it is verified afresh and fails.</li>
 *   <li>a {@link FilterResult}: by the {@link PhiFilter} instance (policy, destination, detectors), the context and
 *       the exact text. A filter's output for a text depends, besides these, only on the vault's mappings of the
 *       context's conversation, which filtering the same text again would find and reuse; the memo therefore holds a
 *       {@link VaultLease} on that conversation from the first result it keeps until the invocation ends, so that no
 *       eviction can hand a kept result's placeholders to other values meanwhile.</li>
 *   <li>a message assembled by the guard's content injector from parts: by its exact text. The chat decorator then
 *       minimizes the parts one by one (the user's query, the retrieved contents; the injector's own constant
 *       instructions hold no PHI and pass as they are), which lets it reuse the retriever's result for the query.</li>
 * </ul>
 * Bounded: at most {@value #MAX_ENTRIES} entries of each kind; beyond that nothing more is kept (the work is simply
 * done again). Thread-safe.
 */
final class InvocationMemo {
    /** The most entries of each kind one invocation keeps. */
    static final int MAX_ENTRIES = 256;

    /** One part of an assembled message: text to minimize, or the injector's constant text (no PHI). */
    record Part(String text, boolean constant) {
        Part {
            Objects.requireNonNull(text, "text");
        }
    }

    private final Set<VerifiedKey> verified = new HashSet<>();
    private final Map<FilterKey, FilterResult> filtered = new HashMap<>();
    private final Map<String, List<Part>> assembled = new HashMap<>();
    private final List<VaultLease> leases = new ArrayList<>();
    private final Set<String> leased = new HashSet<>();
    private boolean closed;

    /** Records that an envelope verified; ignored once closed or full. */
    synchronized void verified(Mac mac, String tenant, String text, Map<String, String> envelope) {
        if (!closed && verified.size() < MAX_ENTRIES) {
            verified.add(new VerifiedKey(mac, tenant, text, Map.copyOf(envelope)));
        }
    }

    /** @return true if exactly this envelope verified for exactly this text and tenant under this Mac instance */
    synchronized boolean isVerified(Mac mac, String tenant, String text, Map<String, String> envelope) {
        return !closed && verified.contains(new VerifiedKey(mac, tenant, text, envelope));
    }

    /** @return the result kept for exactly this filter, context and text, or null */
    synchronized FilterResult filtered(PhiFilter filter, PhiContext context, String text) {
        return closed ? null : filtered.get(new FilterKey(filter, context, text));
    }

    /**
     * Keeps a result, first leasing the context's conversation in {@code vault} for the rest of the invocation; if
     * the lease cannot be had, or the memo is closed or full, nothing is kept.
     */
    synchronized void remember(PhiFilter filter, PhiContext context, String text, FilterResult result,
            PseudonymVault vault) {
        if (closed || filtered.size() >= MAX_ENTRIES) {
            return;
        }
        String conversation = context.tenant() + '\u0000' + context.conversation();
        if (!leased.contains(conversation)) {
            try {
                leases.add(vault.lease(context));
            } catch (RuntimeException e) {
                return; // not kept: the next step filters again
            }
            leased.add(conversation);
        }
        filtered.put(new FilterKey(filter, context, text), result);
    }

    /** Records how the guard's injector assembled a message; ignored once closed or full. */
    synchronized void assembled(String text, List<Part> parts) {
        if (!closed && assembled.size() < MAX_ENTRIES) {
            assembled.put(text, List.copyOf(parts));
        }
    }

    /** @return the parts of a message the guard's injector assembled into exactly this text, or null */
    synchronized List<Part> assembly(String text) {
        return closed ? null : assembled.get(text);
    }

    /** Ends the memo: everything is dropped and the leases released; later calls keep and find nothing. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        verified.clear();
        filtered.clear();
        assembled.clear();
        leases.forEach(VaultLease::close);
        leases.clear();
        leased.clear();
    }

    /** Counts only, never content. */
    @Override
    public synchronized String toString() {
        return "InvocationMemo{verified=" + verified.size() + ", filtered=" + filtered.size() + ", assembled="
                + assembled.size() + ", leases=" + leases.size() + ", closed=" + closed + "}";
    }

    /** A verified envelope: the Mac compared by identity, the rest by value. */
    private record VerifiedKey(Mac mac, String tenant, String text, Map<String, String> envelope) {
        @Override
        public boolean equals(Object o) {
            return o instanceof VerifiedKey k && k.mac == mac && k.tenant.equals(tenant) && k.text.equals(text)
                    && k.envelope.equals(envelope);
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(mac), tenant, text, envelope);
        }

        @Override
        public String toString() {
            return "VerifiedKey";
        }
    }

    /** A filter result's input: the filter compared by identity, the context and text by value. */
    private record FilterKey(PhiFilter filter, PhiContext context, String text) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FilterKey k && k.filter == filter && k.context.equals(context) && k.text.equals(text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(filter), context, text);
        }

        @Override
        public String toString() {
            return "FilterKey";
        }
    }
}
