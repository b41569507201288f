package dev.phisafe.core.vault;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pin on one conversation of a {@link PseudonymVault}: while it is open, the conversation's mappings are
 * <em>in use</em> and are evicted neither by TTL nor by the size bound (a full tenant refuses new mappings instead).
 * Open one with {@link PseudonymVault#lease} around each filter → model call → re-identify round trip, in a
 * try-with-resources block, so that the placeholders in the model's answer still resolve however long the call takes.
 *
 * <p>A lease that is never closed pins its conversation for good (visible in {@link VaultStats#activeLeases()}).
 * {@link #close()} is idempotent and thread-safe. {@link #toString()} shows the scope ids only.
 */
public final class VaultLease implements AutoCloseable {
    private final PseudonymVault vault;
    private final Conversation conversation;
    private final AtomicBoolean open = new AtomicBoolean(true);

    VaultLease(PseudonymVault vault, Conversation conversation) {
        this.vault = vault;
        this.conversation = conversation;
    }

    /** @return true until {@link #close()} */
    public boolean isOpen() {
        return open.get();
    }

    /** Releases the pin (the first call only); counts as a use of the conversation, restarting its TTL. */
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            vault.release(conversation);
        }
    }

    @Override
    public String toString() {
        return "VaultLease{tenant=" + conversation.tenant.id + ", conversation=" + conversation.id + ", open="
                + open.get() + "}";
    }
}
