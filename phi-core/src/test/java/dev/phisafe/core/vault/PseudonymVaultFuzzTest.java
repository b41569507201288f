package dev.phisafe.core.vault;

import dev.phisafe.core.spi.TestAesGcm;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model-based property: any sequence of placeholder, original, lease, close, destroy and clock moves on the vault
 * gives the same answers as a few lines of obviously correct model (per conversation: maps both ways and a counter
 * per type; a conversation unused for the TTL and not leased is gone). In the normal build only the seeds in
 * {@code PseudonymVaultFuzzTestInputs/} run; fuzz with {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test
 * -Dtest='PseudonymVaultFuzzTest'}.
 */
class PseudonymVaultFuzzTest {
    static final Duration TTL = Duration.ofMinutes(10);
    static final PhiType[] TYPES = {PhiType.NAME, PhiType.DATE};
    static final PhiAccess ACCESS = PhiAccess.grantedTo("test:fuzz", "model-based property");

    /** The model of one conversation. */
    static final class Model {
        final Map<String, String> forward = new HashMap<>();
        final Map<String, String> backward = new HashMap<>();
        final int[] counters = new int[PhiType.values().length];
        long lastUse;
        int leases;
    }

    @FuzzTest(maxDuration = "2m")
    void anyOperationSequence_matchesTheModel(FuzzedDataProvider data) {
        FakeClock clock = new FakeClock();
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(1_000).ttl(TTL).clock(clock)
                .aead(new TestAesGcm("k1")).build();
        PhiContext[] ctx = new PhiContext[4];
        for (int i = 0; i < ctx.length; i++) {
            ctx[i] = PhiContext.builder().tenant("t" + (i / 2)).conversation("c" + (i % 2)).build();
        }
        String[] values = {"Jane Roe", "jane roe", "\ud800", "01/02/2003"};
        Map<Integer, Model> model = new HashMap<>();
        List<ArrayDeque<VaultLease>> leases = new ArrayList<>();
        for (int i = 0; i < ctx.length; i++) {
            leases.add(new ArrayDeque<>());
        }
        int steps = 0;
        while (data.remainingBytes() > 0 && steps++ < 200) {
            int c = data.consumeInt(0, ctx.length - 1);
            long now = clock.millis();
            Model m = model.get(c);
            if (m != null && m.leases == 0 && now - m.lastUse >= TTL.toMillis()) {
                model.remove(c);
                m = null;
            }
            switch (data.consumeInt(0, 5)) {
                case 0: { // placeholder
                    PhiType type = TYPES[data.consumeInt(0, TYPES.length - 1)];
                    String value = values[data.consumeInt(0, values.length - 1)];
                    if (m == null) {
                        m = new Model();
                        model.put(c, m);
                    }
                    String key = type + "\u0000" + value;
                    String expected = m.forward.get(key);
                    if (expected == null) {
                        expected = Placeholders.of(type, ++m.counters[type.ordinal()]);
                        m.forward.put(key, expected);
                        m.backward.put(expected, value);
                    }
                    m.lastUse = now;
                    assertThat(v.placeholder(ctx[c], type, value)).isEqualTo(expected);
                    break;
                }
                case 1: { // original
                    String p = Placeholders.of(TYPES[data.consumeInt(0, TYPES.length - 1)], data.consumeInt(1, 5));
                    String expected = m == null ? null : m.backward.get(p);
                    if (expected != null) {
                        m.lastUse = now;
                    }
                    assertThat(v.original(ctx[c], p, ACCESS)).isEqualTo(Optional.ofNullable(expected));
                    break;
                }
                case 2: // lease
                    if (m == null) {
                        m = new Model();
                        model.put(c, m);
                    }
                    m.leases++;
                    m.lastUse = now;
                    leases.get(c).push(v.lease(ctx[c]));
                    break;
                case 3: // close a lease
                    if (!leases.get(c).isEmpty()) {
                        leases.get(c).pop().close();
                        if (m != null) {
                            m.leases--;
                            m.lastUse = now;
                            if (m.leases == 0 && m.forward.isEmpty()) {
                                model.remove(c);
                            }
                        }
                    }
                    break;
                case 4: // destroy the conversation (leases on it stay open but pin nothing)
                    v.destroy(ctx[c], PseudonymVault.Scope.CONVERSATION);
                    model.remove(c);
                    leases.get(c).forEach(VaultLease::close);
                    leases.get(c).clear();
                    break;
                default:
                    clock.advance(Duration.ofMinutes(data.consumeInt(0, 15)));
                    break;
            }
        }
        long mappings = model.values().stream().mapToLong(x -> x.forward.size()).sum();
        v.evictExpired();
        long live = 0;
        for (Map.Entry<Integer, Model> e : model.entrySet()) {
            Model m = e.getValue();
            if (m.leases > 0 || clock.millis() - m.lastUse < TTL.toMillis()) {
                live += m.forward.size();
            }
        }
        assertThat(v.stats().mappings()).isEqualTo(live).isLessThanOrEqualTo(mappings);
    }
}
