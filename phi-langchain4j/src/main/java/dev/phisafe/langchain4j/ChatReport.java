package dev.phisafe.langchain4j;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.transform.FilterLabel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one guarded model call did, without any PHI: where the prompt went and under which policy, how many
 * identifiers of each type were minimized, how many values were restored in the answer, and the PHI the answer
 * brought in by itself (types and counts only) with what was done about it.
 *
 * <p>This is the record an audit trail needs for 45 CFR 164.312(b) (who sent what kind of PHI where, under which
 * policy) and for the minimum-necessary accounting of 164.502(b). {@link PhiGuard.Builder#onReport} receives one per
 * call; the same text is attached to the answer's {@code AiMessage} attribute {@link PhiGuard#REPORT_ATTRIBUTE}.
 *
 * <p>Immutable; {@link #toString()} is safe to log.
 */
public final class ChatReport {
    private final Destination destination;
    private final Purpose purpose;
    private final String policyId;
    private final int policyVersion;
    private final FilterLabel label;
    private final boolean streaming;
    private final int messages;
    private final Map<PhiType, Integer> minimized;
    private final Map<String, Integer> restored;
    private final List<String> unknownPlaceholders;
    private final Map<PhiType, Integer> newPhi;
    private final PhiGuard.NewPhi newPhiHandling;

    ChatReport(Destination destination, Purpose purpose, String policyId, int policyVersion, FilterLabel label,
            boolean streaming, int messages, Map<PhiType, Integer> minimized, Map<String, Integer> restored,
            List<String> unknownPlaceholders, Map<PhiType, Integer> newPhi, PhiGuard.NewPhi newPhiHandling) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.policyId = Objects.requireNonNull(policyId, "policyId");
        this.policyVersion = policyVersion;
        this.label = Objects.requireNonNull(label, "label");
        this.streaming = streaming;
        this.messages = messages;
        this.minimized = Collections.unmodifiableMap(copy(minimized));
        this.restored = Map.copyOf(restored);
        this.unknownPlaceholders = List.copyOf(unknownPlaceholders);
        this.newPhi = Collections.unmodifiableMap(copy(newPhi));
        this.newPhiHandling = Objects.requireNonNull(newPhiHandling, "newPhiHandling");
    }

    private static EnumMap<PhiType, Integer> copy(Map<PhiType, Integer> m) {
        EnumMap<PhiType, Integer> c = new EnumMap<>(PhiType.class);
        c.putAll(m);
        return c;
    }

    /** @return where the minimized prompt went */
    public Destination destination() {
        return destination;
    }

    /** @return the purpose of use the policy was chosen for */
    public Purpose purpose() {
        return purpose;
    }

    /** @return the id of the effective policy (after the destination's BAA cap) */
    public String policyId() {
        return policyId;
    }

    /** @return its version */
    public int policyVersion() {
        return policyVersion;
    }

    /** @return what the text that crossed the wire was (Safe Harbor de-identified, pseudonymized, ...) */
    public FilterLabel label() {
        return label;
    }

    /** @return whether the answer was streamed */
    public boolean streaming() {
        return streaming;
    }

    /** @return how many messages the request held */
    public int messages() {
        return messages;
    }

    /** @return identifiers minimized in the request, per type, over all messages */
    public Map<PhiType, Integer> minimized() {
        return minimized;
    }

    /** @return values restored in the answer, per placeholder label */
    public Map<String, Integer> restored() {
        return restored;
    }

    /** @return placeholders the model wrote that the vault did not know (canonical, label and number only) */
    public List<String> unknownPlaceholders() {
        return unknownPlaceholders;
    }

    /** @return PHI the answer held outside any placeholder, per type: the model brought it in by itself */
    public Map<PhiType, Integer> newPhi() {
        return newPhi;
    }

    /** @return what the guard did about {@link #newPhi()} (meaningful when it is not empty) */
    public PhiGuard.NewPhi newPhiHandling() {
        return newPhiHandling;
    }

    /** Ids, types and counts only. */
    @Override
    public String toString() {
        return "ChatReport{" + destination + ", purpose=" + purpose + ", policy=" + policyId + " v" + policyVersion
                + ", label=" + label + (streaming ? ", streaming" : "") + ", messages=" + messages + ", minimized="
                + minimized + ", restored=" + restored + ", unknownPlaceholders=" + unknownPlaceholders + ", newPhi="
                + newPhi + (newPhi.isEmpty() ? "" : " " + newPhiHandling) + "}";
    }
}
