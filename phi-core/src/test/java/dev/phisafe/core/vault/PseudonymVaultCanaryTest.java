package dev.phisafe.core.vault;

import dev.phisafe.core.spi.TestAesGcm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 5 (no PHI outside its lane): plants canary originals, drives every public method of the vault package
 * — including every failure path — and searches every output, toString, event, statistic and exception (messages,
 * causes, suppressed, stack traces) for them. A second test walks the vault's object graph to prove that, with an
 * Aead, no original is held in plaintext.
 */
class PseudonymVaultCanaryTest {
    static final String[] CANARIES = {"Zebediah Quillfeather", "987-65-4321", "canary.mail@example.org"};
    static final PhiType[] TYPES = {PhiType.NAME, PhiType.SOCIAL_SECURITY_NUMBER, PhiType.EMAIL_ADDRESS};
    static final PhiAccess ACCESS = PhiAccess.grantedTo("test:canary", "canary test");

    final List<String> outputs = new ArrayList<>();
    final FakeClock clock = new FakeClock();

    @Test
    void everyOutputOfEveryPublicMethod_holdsNoOriginal() {
        List<VaultEviction> events = new CopyOnWriteArrayList<>();
        TestAesGcm aes = new TestAesGcm("k1");
        PseudonymVaultAeadTest.Recording rec = new PseudonymVaultAeadTest.Recording(aes);
        PseudonymVault plain = PseudonymVault.builder().maxEntriesPerTenant(3).ttl(Duration.ofMinutes(5)).clock(clock)
                .originalsInPlaintext()
                .evictionListener(events::add).build();
        PseudonymVault sealed = PseudonymVault.builder().maxEntriesPerTenant(3).ttl(Duration.ofMinutes(5))
                .clock(clock).aead(rec).evictionListener(e -> {
                    events.add(e);
                    throw new IllegalStateException("sink down: " + e);
                }).build();

        for (PseudonymVault v : List.of(plain, sealed)) {
            PhiContext a = PhiContext.builder().tenant("t1").conversation("a").patient("p-1").build();
            PhiContext b = PhiContext.builder().tenant("t1").conversation("b").patient("p-2").build();
            VaultLease lease = v.lease(b);
            outputs.add(lease.toString());
            for (int i = 0; i < CANARIES.length; i++) {
                outputs.add(v.placeholder(b, TYPES[i], CANARIES[i]));
            }
            // tenant full and b leased: refusal
            capture(() -> v.placeholder(a, PhiType.NAME, CANARIES[0]));
            lease.close();
            outputs.add(lease.toString());
            // now b is evicted for capacity (reported; the sealed vault's listener fails)
            capture(() -> outputs.add(v.placeholder(a, PhiType.NAME, CANARIES[0])));
            capture(() -> outputs.add(v.placeholder(a, PhiType.SOCIAL_SECURITY_NUMBER, CANARIES[1])));
            capture(() -> v.placeholder(a, PhiType.NAME, ""));
            outputs.add(String.valueOf(v.original(a, "<NAME_1>", ACCESS).isPresent()));
            outputs.add(String.valueOf(v.original(a, CANARIES[0], ACCESS)));
            clock.advance(Duration.ofMinutes(10));
            capture(() -> outputs.add(String.valueOf(v.evictExpired())));
            capture(() -> v.destroy(a, PseudonymVault.Scope.PATIENT));
            capture(() -> v.destroy(PhiContext.builder().tenant("t1").conversation("x").build(),
                    PseudonymVault.Scope.PATIENT));
            outputs.add(String.valueOf(v.destroy(a, PseudonymVault.Scope.TENANT)));
            outputs.add(v.stats().toString());
            outputs.add(v.toString());
        }
        // encryption and decryption failures
        PhiContext c = PhiContext.builder().tenant("t9").conversation("c").build();
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(10).ttl(Duration.ofMinutes(5)).aead(rec)
                .build();
        String p = v.placeholder(c, PhiType.NAME, CANARIES[0]);
        rec.onDecrypt = (ct, ad) -> new byte[ct.length];
        capture(() -> v.original(c, p, ACCESS));
        rec.failEncrypt = true;
        capture(() -> v.placeholder(c, PhiType.NAME, CANARIES[2]));
        // the Placeholders helpers on text that holds PHI
        capture(() -> Placeholders.type(CANARIES[0]));
        capture(() -> Placeholders.number("<NAME_1>" + CANARIES[1]));
        capture(() -> Placeholders.canonical(CANARIES[2], 0, 5));
        events.forEach(e -> outputs.add(e.toString() + e.patients() + e.mappings()));
        outputs.add(ACCESS.toString());

        assertThat(events).as("evictions happened and were reported").isNotEmpty();
        assertThat(outputs.stream().filter(o -> o.contains("Exception")).count())
                .as("failure paths were exercised").isGreaterThanOrEqualTo(10);
        for (String o : outputs) {
            for (String canary : CANARIES) {
                assertThat(o).doesNotContain(canary);
            }
        }
    }

    @Test
    void withAead_theVaultHoldsNoOriginalInPlaintext_withoutItDoes() throws Exception {
        PseudonymVault sealed = PseudonymVault.builder().maxEntriesPerTenant(10).ttl(Duration.ofMinutes(5))
                .aead(new TestAesGcm("k1")).build();
        PseudonymVault plain = PseudonymVault.builder().maxEntriesPerTenant(10).ttl(Duration.ofMinutes(5))
                .originalsInPlaintext().build();
        PhiContext c = PhiContext.builder().tenant("t1").conversation("c").patient("p").build();
        for (PseudonymVault v : List.of(sealed, plain)) {
            for (int i = 0; i < CANARIES.length; i++) {
                v.placeholder(c, TYPES[i], CANARIES[i]);
            }
        }
        assertThat(plaintextFound(plain)).as("the walker sees plaintext where it is").isTrue();
        assertThat(plaintextFound(sealed)).isFalse();
        assertThat(sealed.original(c, "<SSN_1>", ACCESS)).contains(CANARIES[1]);
    }

    private void capture(Runnable r) {
        Throwable t = catchThrowable(r::run);
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            outputs.add(w.toString()); // includes messages of causes and suppressed exceptions
        }
    }

    /** Walks the object graph from {@code root} through phi-safe objects, collections, maps and arrays. */
    private static boolean plaintextFound(Object root) throws IllegalAccessException {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (o instanceof String) {
                for (String canary : CANARIES) {
                    if (((String) o).contains(canary)) {
                        return true;
                    }
                }
            } else if (o instanceof byte[]) {
                String asUtf16 = new String((byte[]) o, StandardCharsets.UTF_16BE);
                String asUtf8 = new String((byte[]) o, StandardCharsets.UTF_8);
                for (String canary : CANARIES) {
                    if (asUtf16.contains(canary) || asUtf8.contains(canary)) {
                        return true;
                    }
                }
            } else if (o instanceof Object[]) {
                todo.addAll(java.util.Arrays.asList((Object[]) o));
            } else if (o instanceof Map) {
                todo.addAll(((Map<?, ?>) o).keySet());
                todo.addAll(((Map<?, ?>) o).values());
            } else if (o instanceof Collection) {
                todo.addAll((Collection<?>) o);
            } else if (o.getClass().getName().startsWith("dev.phisafe.") && !(o instanceof Enum)) {
                for (Class<?> k = o.getClass(); k != null && k.getName().startsWith("dev.phisafe.");
                        k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            todo.add(f.get(o));
                        }
                    }
                }
            }
        }
        return false;
    }
}
