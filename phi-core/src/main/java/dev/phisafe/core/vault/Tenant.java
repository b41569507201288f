package dev.phisafe.core.vault;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tenant's conversations and its size accounting. {@link #mappings} counts committed mappings plus reservations in
 * flight; only a thread holding {@link #lock} may increase it (so the bound is never overshot), any thread may
 * decrease it. Lock order: a tenant's lock before a conversation's monitor, never the reverse.
 */
final class Tenant {
    final String id;
    final ConcurrentHashMap<String, Conversation> conversations = new ConcurrentHashMap<>();
    final AtomicLong mappings = new AtomicLong();
    final ReentrantLock lock = new ReentrantLock();
    /** Set under {@link #lock} by a TENANT destroy; a dead tenant is never reused. */
    volatile boolean dead;
    /** Clock millis of the last sweep for expired conversations (guarded by {@link #lock}). */
    long lastSweep;

    Tenant(String id, long now) {
        this.id = id;
        this.lastSweep = now;
    }
}
