package dev.phisafe.examples;

import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.PolicyFiles;
import dev.phisafe.core.policy.PolicyFormatException;
import dev.phisafe.core.transform.FilterResult;
import dev.phisafe.core.transform.PhiFilter;

/** A policy kept in a YAML file next to the application's configuration, applied to a prompt. */
public final class PolicyFileExample {
    /** What a privacy officer would put in triage-policy.yaml. */
    static final String TRIAGE_POLICY = String.join("\n",
            "id: triage-assistant",
            "version: 2",
            "base: safe-harbor        # start from Safe Harbor",
            "actions:",
            "  URL: BLOCK             # links never leave",
            "  NAME: REDACT           # the triage answer needs no name at all",
            "");

    private PolicyFileExample() {
    }

    /** Loads the policy and filters a prompt for a vendor without a BAA. */
    public static FilterResult apply(String yaml, String prompt) {
        PhiPolicy policy = PolicyFiles.parse("triage-policy.yaml", yaml, true); // PolicyFiles.read(path) for a file
        PhiFilter filter = PhiFilter.builder().policy(policy).destination(Destination.builder("acme-llm").build()).build();
        return filter.filter(prompt, PhiContext.builder().tenant("clinic-1").conversation("triage-9").build());
    }

    public static void main(String[] args) {
        FilterResult r = apply(TRIAGE_POLICY, "Jane Roe, 94, seen 02/03/2024 in Springfield, MA 01103: chest pain?");
        System.out.println(r.text() + "   (" + r.label() + ", policy " + r.policyId() + " v" + r.policyVersion() + ")");
        try {
            apply("id: broken\nversion: 0\n", "x");
        } catch (PolicyFormatException e) {
            System.out.println("refused: " + e.getMessage());          // file, line, column and field; nothing applied
        }
    }
}
