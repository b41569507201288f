package dev.phisafe.core.vault;

import dev.phisafe.core.spi.TestAesGcm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's acceptance test: 8 threads hammer one vault with mixed placeholder and original lookups over a shared set
 * of conversations and values, then the result is checked for lost mappings (every placeholder handed out resolves to
 * the original it was given for), crossed mappings (no placeholder resolves to another original, no two originals
 * share a placeholder in a conversation) and contiguous numbering per (conversation, type).
 *
 * <p>The normal build runs 8 × 100,000 operations; {@code -Dphisafe.vault.stressOps=1000000} runs the issue's
 * 8 × 1,000,000. Each run prints its figures to the test's output file (surefire-reports/*-output.txt).
 */
class PseudonymVaultConcurrencyTest {
    static final int THREADS = 8;
    static final int OPS = Integer.getInteger("phisafe.vault.stressOps", 100_000);
    static final PhiType[] TYPES = {PhiType.NAME, PhiType.DATE, PhiType.MEDICAL_RECORD_NUMBER};
    static final int TENANTS = 2;
    static final int CONVERSATIONS = 32; // over both tenants
    static final int VALUES = 64; // per type
    static final PhiAccess ACCESS = PhiAccess.grantedTo("test:stress", "concurrency acceptance test");

    @Test
    void eightThreads_mixedOperations_noLostOrCrossedMapping_contiguousNumbering() throws Exception {
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(1_000_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
        stress(v, OPS, "plain");
    }

    @Test
    void eightThreads_withAead_noLostOrCrossedMapping() throws Exception {
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(1_000_000).ttl(Duration.ofHours(1))
                .aead(new TestAesGcm("k1")).build();
        stress(v, Math.max(1, OPS / 25), "aead"); // the JDK HMAC and AES-GCM cost a few µs per call
    }

    private void stress(PseudonymVault v, int ops, String label) throws Exception {
        PhiContext[] ctx = new PhiContext[CONVERSATIONS];
        for (int c = 0; c < CONVERSATIONS; c++) {
            ctx[c] = PhiContext.builder().tenant("tenant-" + (c % TENANTS)).conversation("conv-" + c).build();
        }
        String[][] values = new String[TYPES.length][VALUES];
        for (int t = 0; t < TYPES.length; t++) {
            for (int i = 0; i < VALUES; i++) {
                values[t][i] = TYPES[t].name().toLowerCase() + "-value-" + i; // same texts in every conversation
            }
        }
        // per thread: the placeholder it got for (conversation, type, value), and the value index it saw behind
        // (conversation, type, number) when it looked up a placeholder it had not been given
        String[][][][] given = new String[THREADS][CONVERSATIONS][TYPES.length][VALUES];
        int[][][][] seen = new int[THREADS][CONVERSATIONS][TYPES.length][VALUES + 1];
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[] lookups = new long[THREADS];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int th = 0; th < THREADS; th++) {
            int me = th;
            Thread thread = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(0x5eed + me);
                String[][][] mine = given[me];
                int[][][] saw = seen[me];
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int op = 0; op < ops; op++) {
                    int c = rnd.nextInt(CONVERSATIONS);
                    int t = rnd.nextInt(TYPES.length);
                    int i = rnd.nextInt(VALUES);
                    int kind = rnd.nextInt(4);
                    if (kind < 2 || kind == 2 && mine[c][t][i] == null) {
                        String p = v.placeholder(ctx[c], TYPES[t], values[t][i]);
                        if (mine[c][t][i] == null) {
                            mine[c][t][i] = p;
                        } else if (!mine[c][t][i].equals(p)) {
                            fail(errors, firstErrors, "placeholder changed " + c + "/" + t + "/" + i);
                        }
                    } else if (kind == 2) {
                        lookups[me]++;
                        Optional<String> o = v.original(ctx[c], mine[c][t][i], ACCESS);
                        if (!o.isPresent() || !o.get().equals(values[t][i])) {
                            fail(errors, firstErrors, "lost or crossed " + c + "/" + t + "/" + i + " -> " + o);
                        }
                    } else {
                        // a number this thread may never have been given: it resolves to one fixed value or nothing
                        lookups[me]++;
                        int n = 1 + rnd.nextInt(VALUES);
                        Optional<String> o = v.original(ctx[c], Placeholders.of(TYPES[t], n), ACCESS);
                        if (o.isPresent()) {
                            int idx = indexOf(values[t], o.get());
                            if (idx < 0) {
                                fail(errors, firstErrors, "foreign value behind " + c + "/" + t + "/" + n);
                            } else if (saw[c][t][n] == 0) {
                                saw[c][t][n] = idx + 1;
                            } else if (saw[c][t][n] != idx + 1) {
                                fail(errors, firstErrors, "placeholder changed value " + c + "/" + t + "/" + n);
                            }
                        }
                    }
                }
            }, "vault-stress-" + th);
            threads.add(thread);
            thread.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - t0;

        assertThat(firstErrors).as("errors seen by the threads (%d in all)", errors.get()).isEmpty();

        // merge: one placeholder per (conversation, type, value) over all threads, distinct, numbered 1..k
        long distinct = 0;
        for (int c = 0; c < CONVERSATIONS; c++) {
            for (int t = 0; t < TYPES.length; t++) {
                Map<String, Integer> byPlaceholder = new HashMap<>();
                for (int i = 0; i < VALUES; i++) {
                    String agreed = null;
                    for (int th = 0; th < THREADS; th++) {
                        String p = given[th][c][t][i];
                        if (p != null) {
                            assertThat(agreed == null || agreed.equals(p)).as("threads agree on %d/%d/%d", c, t, i)
                                    .isTrue();
                            agreed = p;
                        }
                    }
                    if (agreed != null) {
                        Integer previous = byPlaceholder.put(agreed, i);
                        assertThat(previous).as("two originals share %s in conversation %d", agreed, c).isNull();
                        assertThat(v.original(ctx[c], agreed, ACCESS)).as("mapping of %d/%d/%d", c, t, i)
                                .contains(values[t][i]);
                    }
                }
                Set<Integer> numbers = new HashSet<>();
                for (String p : byPlaceholder.keySet()) {
                    assertThat(Placeholders.type(p)).isEqualTo(TYPES[t]);
                    numbers.add(Placeholders.number(p));
                }
                for (int n = 1; n <= numbers.size(); n++) {
                    assertThat(numbers).as("numbering of conversation %d type %s is contiguous", c, TYPES[t])
                            .contains(n);
                }
                for (int th = 0; th < THREADS; th++) {
                    for (int n = 1; n <= VALUES; n++) {
                        int idx = seen[th][c][t][n];
                        if (idx != 0) {
                            assertThat(byPlaceholder.get(Placeholders.of(TYPES[t], n))).isEqualTo(idx - 1);
                        }
                    }
                }
                distinct += byPlaceholder.size();
            }
        }
        VaultStats s = v.stats();
        assertThat(s.mappings()).isEqualTo(distinct);
        assertThat(s.allocations()).isEqualTo(distinct);
        assertThat(s.conversations()).isEqualTo(CONVERSATIONS);
        long totalOps = (long) THREADS * ops;
        long totalLookups = java.util.Arrays.stream(lookups).sum();
        System.out.printf("vault stress [%s]: %d threads x %,d ops = %,d ops in %.2f s (%,.0f ops/s on %d cpus); "
                + "%,d mappings, %,d lookups; %s%n", label, THREADS, ops, totalOps, elapsed / 1e9,
                totalOps / (elapsed / 1e9), Runtime.getRuntime().availableProcessors(), distinct, totalLookups, s);
    }

    @Test
    void eightThreads_allocatingTheSameValuesInOneConversation_agreeOnOneContiguousNumbering() throws Exception {
        int n = 5_000;
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(1_000_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
        PhiContext ctx = PhiContext.builder().tenant("t").conversation("hot").build();
        String[][] got = new String[THREADS][n];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int th = 0; th < THREADS; th++) {
            int me = th;
            Thread thread = new Thread(() -> {
                int[] order = new SplittableRandom(me).ints(0, n).distinct().limit(n).toArray();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i : order) {
                    got[me][i] = v.placeholder(ctx, PhiType.NAME, "person-" + i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < n; i++) {
            for (int th = 1; th < THREADS; th++) {
                assertThat(got[th][i]).isEqualTo(got[0][i]);
            }
            numbers.add(Placeholders.number(got[0][i]));
            assertThat(v.original(ctx, got[0][i], ACCESS)).contains("person-" + i);
        }
        assertThat(numbers).hasSize(n).allMatch(k -> k >= 1 && k <= n);
        assertThat(v.stats().allocations()).isEqualTo(n);
        assertThat(v.stats().reuses()).isEqualTo((long) (THREADS - 1) * n);
    }

    @Test
    void leasedRoundTrips_underEvictionPressure_neverLoseAMapping() throws Exception {
        int rounds = Math.max(200, OPS / 100);
        int perRound = 6;
        ConcurrentLinkedQueue<VaultEviction> evictions = new ConcurrentLinkedQueue<>();
        AtomicLong reported = new AtomicLong();
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(64).ttl(Duration.ofHours(1))
                .originalsInPlaintext()
                .evictionListener(e -> {
                    evictions.add(e);
                    reported.addAndGet(e.total());
                }).build();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int th = 0; th < THREADS; th++) {
            int me = th;
            Thread thread = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    PhiContext ctx = PhiContext.builder().tenant("t").conversation("c-" + me + "-" + r).build();
                    try (VaultLease lease = v.lease(ctx)) {
                        String[] p = new String[perRound];
                        for (int i = 0; i < perRound; i++) {
                            p[i] = v.placeholder(ctx, PhiType.NAME, "name-" + me + "-" + r + "-" + i);
                            if (!p[i].equals(Placeholders.of(PhiType.NAME, i + 1))) {
                                fail(errors, firstErrors, "numbering " + p[i]);
                            }
                        }
                        Thread.yield(); // let other threads allocate and evict meanwhile
                        for (int i = 0; i < perRound; i++) {
                            Optional<String> o = v.original(ctx, p[i], ACCESS);
                            if (!o.equals(Optional.of("name-" + me + "-" + r + "-" + i))) {
                                fail(errors, firstErrors, "lost under lease " + me + "/" + r + "/" + i);
                            }
                        }
                        if (!lease.isOpen()) {
                            fail(errors, firstErrors, "lease closed early");
                        }
                    } catch (RuntimeException e) {
                        fail(errors, firstErrors, e.toString());
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(firstErrors).as("errors (%d)", errors.get()).isEmpty();
        assertThat(evictions).isNotEmpty().allMatch(e -> e.reason() == VaultEviction.Reason.CAPACITY);
        VaultStats s = v.stats();
        assertThat(s.refusals()).as("8 leased conversations of 6 always fit in 64").isZero();
        assertThat(s.activeLeases()).isZero();
        assertThat(s.mappings()).isLessThanOrEqualTo(64);
        assertThat(s.evictedMappings(VaultEviction.Reason.CAPACITY)).isEqualTo(reported.get())
                .isEqualTo((long) THREADS * rounds * perRound - s.mappings());
        System.out.printf("leased round trips: %d threads x %d rounds x %d mappings, %,d evicted in %,d reports, "
                + "0 lost%n", THREADS, rounds, perRound, reported.get(), evictions.size());
    }

    private static int indexOf(String[] values, String v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(v)) {
                return i;
            }
        }
        return -1;
    }

    private static void fail(AtomicLong errors, ConcurrentLinkedQueue<String> first, String what) {
        if (errors.incrementAndGet() <= 10) {
            first.add(what);
        }
    }
}
