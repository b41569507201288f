package dev.phisafe.core.evidence;

import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.JournalVerification;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the configuration and the period's figures onto HIPAA 45 CFR 164.312 and SOC 2 (TSC 2017) controls, and onto
 * the AI risk categories. Verdict rules are deliberately simple and stated in each control's exceptions, so an
 * auditor can re-derive them from {@code evidence.json}.
 */
final class Assessment {
    private final EvidenceConfig config;
    private final Tally t;
    private final JournalVerification v;
    private final boolean keyPinned;
    private final LocalDate asOf;

    Assessment(EvidenceConfig config, Tally tally, JournalVerification verification, boolean keyPinned,
               LocalDate asOf) {
        this.config = config;
        this.t = tally;
        this.v = verification;
        this.keyPinned = keyPinned;
        this.asOf = asOf;
    }

    // ------------------------------------------------------------------ shared figures

    long keysOverdue() {
        long n = 0;
        for (EvidenceConfig.Key k : config.keys) {
            if (k.status() == EvidenceConfig.KeyStatus.PRIMARY && rotationDue(k).isBefore(asOf)) {
                n++;
            }
        }
        return n;
    }

    LocalDate rotationDue(EvidenceConfig.Key k) {
        return k.lastRotation().plusDays(config.rotationDays);
    }

    long primaryKeys() {
        return config.keys.stream().filter(k -> k.status() == EvidenceConfig.KeyStatus.PRIMARY).count();
    }

    long declaredDestinations() {
        return config.components.stream().mapToLong(c -> c.destinations().size()).sum();
    }

    long declaredBaaDestinations() {
        return config.components.stream().flatMap(c -> c.destinations().stream())
                .filter(d -> d.baa() || d.inHouse()).count();
    }

    List<String> componentsWhere(java.util.function.Predicate<EvidenceConfig.Component> p) {
        List<String> out = new ArrayList<>();
        for (EvidenceConfig.Component c : config.components) {
            if (p.test(c)) {
                out.add(c.name());
            }
        }
        return out;
    }

    long reviewDecisions() {
        return t.reviewApproved + t.reviewEdited + t.reviewRejected;
    }

    long securityEvents() {
        return t.integrityFailures + t.accessDenied + t.blocks + t.reidentificationsFailed
                + t.byOutcome.getOrDefault(AuditOutcome.MAJOR_FAILURE, 0L);
    }

    long anomalies() {
        return t.integrityFailures + t.accessDenied + t.reviewBelowMinDwell + t.unattributed + t.reviewSelfApprovals
                + v.problems().size();
    }

    // ------------------------------------------------------------------ controls

    List<Control> controls() {
        List<Control> out = new ArrayList<>();
        out.add(accessControl());
        out.add(encryption());
        out.add(auditControls());
        out.add(integrity());
        out.add(authenticate());
        out.add(transmission());
        out.add(cc61());
        out.add(cc62());
        out.add(cc63());
        out.add(cc67());
        out.add(cc72());
        out.add(cc73());
        out.add(pi1());
        return out;
    }

    private static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Control control(String framework, String id, String title, List<String> configured,
                            Map<String, Object> figures, List<String> exceptions, boolean journalBased,
                            boolean evidenced) {
        Control.Status s;
        List<String> ex = new ArrayList<>(exceptions);
        if (journalBased && !v.intact()) {
            s = Control.Status.FAILED;
            ex.add(0, "the audit journal failed verification (" + v.status() + ", " + v.problems().size()
                    + " problem(s)): its figures cannot be relied on");
        } else if (!ex.isEmpty()) {
            s = Control.Status.EXCEPTIONS;
        } else if (!evidenced) {
            s = Control.Status.NOT_EVIDENCED;
        } else {
            s = Control.Status.OPERATED;
        }
        return new Control(framework, id, title, s, configured, figures, ex);
    }

    private Control accessControl() {
        List<String> ex = new ArrayList<>();
        if (t.unattributed > 0) {
            ex.add(t.unattributed + " event(s) from components or service accounts not declared in the configuration");
        }
        return control("HIPAA", "164.312(a)(1)", "Access control",
                List.of(config.components.size() + " AI component(s), each under its own service account",
                        "purpose-of-use policies declared for "
                                + componentsWhere(c -> !c.policies().isEmpty()).size() + " component(s)",
                        "re-identification needs the PhiAccess capability; retrieval patient-scoped on "
                                + componentsWhere(EvidenceConfig.Component::patientScoped).size() + " component(s)"),
                figures("eventsInPeriod", t.eventsInPeriod, "distinctPrincipals", (long) t.principals.size(),
                        "accessDenied", t.accessDenied, "reidentifications", t.reidentifications,
                        "reidentificationsRefused", t.reidentificationsFailed, "unattributedEvents", t.unattributed),
                ex, true, t.eventsInPeriod > 0);
    }

    private Control encryption() {
        List<String> ex = new ArrayList<>();
        long overdue = keysOverdue();
        if (overdue > 0) {
            ex.add(overdue + " primary key(s) older than the rotation period of " + config.rotationDays + " days");
        }
        return control("HIPAA", "164.312(a)(2)(iv)", "Encryption and decryption",
                List.of(config.keys.size() + " key(s) in the inventory, rotation every " + config.rotationDays + " days",
                        "vector stores encrypted on " + componentsWhere(c -> c.vectorStore()
                                != EvidenceConfig.VectorStore.NONE).size() + " of " + config.components.size()
                                + " component(s)"),
                figures("keys", (long) config.keys.size(), "primaryKeys", primaryKeys(), "keysOverdueRotation", overdue,
                        "keyOperations", t.keyOperations, "keyIdsInEvents", (long) t.keyIdsSeen.size()),
                ex, false, !config.keys.isEmpty());
    }

    private Control auditControls() {
        return control("HIPAA", "164.312(b)", "Audit controls",
                List.of("every PHI access, disclosure, re-identification, block and review step is journalled before "
                                + "PHI flows (fail closed)",
                        "hash-chained JSON-lines journal, RFC 6962 Merkle tree, Ed25519-signed checkpoints every "
                                + config.audit.checkpointEvery() + " records",
                        "retention " + config.retention.auditYears() + " years"
                                + (config.retention.legalHold() ? ", legal hold set" : "")),
                figures("eventsInPeriod", t.eventsInPeriod, "journalRecords", v.records(),
                        "signedCheckpoints", v.checkpoints(), "journalStatus", v.status().name(),
                        "publicKeyPinned", keyPinned, "retentionEvents", t.retentionEvents),
                List.of(), true, t.eventsInPeriod > 0);
    }

    private Control integrity() {
        List<String> ex = new ArrayList<>();
        if (t.reviewCommitsWithoutApproval > 0) {
            ex.add(t.reviewCommitsWithoutApproval + " note(s) committed to the record without an approval");
        }
        List<String> checked = componentsWhere(c -> c.integrityCheck() != EvidenceConfig.IntegrityCheck.NONE);
        return control("HIPAA", "164.312(c)(1)", "Integrity",
                List.of("retrieved segments integrity-checked (HMAC envelope) on " + checked.size() + " of "
                                + config.components.size() + " component(s)",
                        "AI-written notes committed only with the exact approved text on "
                                + componentsWhere(EvidenceConfig.Component::reviewRequired).size() + " component(s)"),
                figures("integrityFailuresDetected", t.integrityFailures,
                        "reviewCommits", t.reviewCommitted, "commitsWithoutApproval", t.reviewCommitsWithoutApproval,
                        "journalStatus", v.status().name()),
                ex, true, !checked.isEmpty() || t.reviewCommitted > 0);
    }

    private Control authenticate() {
        List<String> ex = new ArrayList<>();
        if (!keyPinned) {
            ex.add("the journal was verified with the key stored next to it, not a pinned key: a re-signed "
                    + "journal would not be detected");
        }
        long decisions = reviewDecisions();
        if (t.reviewHashBound < decisions) {
            ex.add((decisions - t.reviewHashBound) + " review decision(s) not bound to a digest of the text");
        }
        return control("HIPAA", "164.312(c)(2)", "Mechanism to authenticate ePHI",
                List.of("Ed25519 signatures over Merkle roots of the journal; SHA-256 binding of approved note text",
                        "HMAC-SHA256 envelopes on stored segments, verified before the prompt"),
                figures("signedCheckpointsVerified", v.checkpoints(), "publicKeyPinned", keyPinned,
                        "segmentsRejected", t.integrityFailures, "reviewDecisions", decisions,
                        "reviewDecisionsHashBound", t.reviewHashBound),
                ex, true, v.checkpoints() > 0);
    }

    private Control transmission() {
        List<String> ex = new ArrayList<>();
        if (t.disclosuresUndeclared > 0) {
            ex.add(t.disclosuresUndeclared + " disclosure(s) to destinations not declared in the configuration");
        }
        return control("HIPAA", "164.312(e)(1)", "Transmission security",
                List.of(declaredDestinations() + " declared destination(s), " + declaredBaaDestinations()
                                + " under a BAA or in-house",
                        "only policy-minimised text leaves the JVM; a destination without a BAA gets at most "
                                + "Safe-Harbor de-identified text",
                        "TLS to vendors is the HTTP client's job and is not evidenced by this report"),
                figures("disclosures", t.disclosures, "toBaaDestinations", t.disclosuresBaa,
                        "toNonBaaDestinations", t.disclosuresNoBaa, "inHouse", t.disclosuresInHouse,
                        "toUndeclaredDestinations", t.disclosuresUndeclared, "phiItemsMinimised", t.phiTotal(),
                        "policyBlocks", t.blocks),
                ex, true, t.disclosures > 0);
    }

    private Control cc61() {
        List<String> ex = new ArrayList<>();
        if (t.unattributed > 0) {
            ex.add(t.unattributed + " event(s) from unregistered components");
        }
        return control("SOC2", "CC6.1", "Logical access security over protected information assets",
                List.of("inventory of AI components, service accounts, destinations and keys (below)",
                        "encryption keys held in Tink keysets under a KEK; only key ids leave the keyring"),
                figures("components", (long) config.components.size(), "keys", (long) config.keys.size(),
                        "accessDenied", t.accessDenied, "unattributedEvents", t.unattributed),
                ex, true, t.eventsInPeriod > 0);
    }

    private Control cc62() {
        List<String> ex = new ArrayList<>();
        if (t.reviewSelfApprovals > 0) {
            ex.add(t.reviewSelfApprovals + " note(s) approved by the user who requested them");
        }
        if (t.unattributed > 0) {
            ex.add(t.unattributed + " event(s) from service accounts not registered in the configuration");
        }
        if (!config.review.separationOfDuties()) {
            ex.add("separation of duties for reviews is switched off in the configuration");
        }
        return control("SOC2", "CC6.2", "Registration and authorization of users and service accounts",
                List.of("service accounts registered per component: " + config.components.size(),
                        "reviewer must differ from requester: " + (config.review.separationOfDuties() ? "yes" : "no")),
                figures("registeredServiceAccounts", (long) config.components.size(),
                        "unattributedEvents", t.unattributed, "selfApprovals", t.reviewSelfApprovals,
                        "reviewDecisions", reviewDecisions()),
                ex, true, t.eventsInPeriod > 0);
    }

    private Control cc63() {
        List<String> ex = new ArrayList<>();
        List<String> noPolicy = componentsWhere(c -> c.policies().isEmpty());
        if (!noPolicy.isEmpty()) {
            ex.add("no purpose-of-use policy declared for: " + String.join(", ", noPolicy));
        }
        return control("SOC2", "CC6.3", "Role- and purpose-based access, least privilege",
                List.of("minimum-necessary policy chosen per destination and purpose of use (45 CFR 164.502(b))"),
                figures("phiItemsMinimised", t.phiTotal(), "policyBlocks", t.blocks,
                        "reidentifications", t.reidentifications, "accessDenied", t.accessDenied),
                ex, true, t.disclosures + t.blocks > 0);
    }

    private Control cc67() {
        List<String> ex = new ArrayList<>();
        if (t.disclosuresUndeclared > 0) {
            ex.add(t.disclosuresUndeclared + " disclosure(s) to undeclared destinations");
        }
        return control("SOC2", "CC6.7", "Restriction of transmission to authorised parties",
                List.of("destinations and their BAA status declared; policy blocks stop text that may not leave"),
                figures("disclosures", t.disclosures, "toNonBaaDestinations", t.disclosuresNoBaa,
                        "toUndeclaredDestinations", t.disclosuresUndeclared, "policyBlocks", t.blocks),
                ex, true, t.disclosures + t.blocks > 0);
    }

    private Control cc72() {
        return control("SOC2", "CC7.2", "Monitoring for anomalies",
                List.of("stable action/outcome/reason codes on every event for SIEM filtering",
                        "journal verification detects altered, deleted, reordered or truncated records",
                        config.review.minDwellSeconds() > 0 ? "reviews faster than " + config.review.minDwellSeconds()
                                + " s flagged as possible rubber-stamping" : "review dwell time not monitored"),
                figures("anomalies", anomalies(), "integrityFailures", t.integrityFailures,
                        "accessDenied", t.accessDenied, "reviewsBelowMinDwell", t.reviewBelowMinDwell,
                        "unattributedEvents", t.unattributed, "journalProblems", (long) v.problems().size()),
                List.of(), true, t.eventsInPeriod > 0);
    }

    private Control cc73() {
        Control c = control("SOC2", "CC7.3", "Evaluation of security events",
                List.of("security events are journalled with codes an analyst can evaluate; the evaluation itself "
                        + "is an organisational procedure this report cannot show"),
                figures("securityEvents", securityEvents(), "integrityFailures", t.integrityFailures,
                        "accessDenied", t.accessDenied, "policyBlocks", t.blocks,
                        "reidentificationsRefused", t.reidentificationsFailed,
                        "majorFailures", t.byOutcome.getOrDefault(AuditOutcome.MAJOR_FAILURE, 0L)),
                List.of(), true, true);
        return c.status() == Control.Status.OPERATED
                ? new Control(c.framework(), c.id(), c.title(), Control.Status.SUPPORTED, c.configured(), c.figures(),
                        c.exceptions())
                : c;
    }

    private Control pi1() {
        List<String> ex = new ArrayList<>();
        if (t.reviewCommitsWithoutApproval > 0) {
            ex.add(t.reviewCommitsWithoutApproval + " commit(s) without an approval");
        }
        if (t.reviewSelfApprovals > 0) {
            ex.add(t.reviewSelfApprovals + " self-approval(s)");
        }
        if (config.review.autoApprove()) {
            ex.add("auto-approval is enabled in the configuration");
        }
        List<String> gated = componentsWhere(EvidenceConfig.Component::reviewRequired);
        return control("SOC2", "PI1", "Processing integrity of AI-generated notes",
                List.of("human review gate on: " + (gated.isEmpty() ? "no component" : String.join(", ", gated)),
                        "review deadline " + config.review.deadlineHours() + " h"),
                figures("draftsSubmitted", t.reviewSubmitted, "approved", t.reviewApproved,
                        "editedAndApproved", t.reviewEdited, "rejected", t.reviewRejected,
                        "committed", t.reviewCommitted, "commitFailures", t.reviewCommitFailed,
                        "commitsWithoutApproval", t.reviewCommitsWithoutApproval,
                        "medianTurnaroundSeconds", Tally.percentile(t.turnaroundSeconds, 50)),
                ex, true, !gated.isEmpty() && t.reviewSubmitted > 0);
    }

    // ------------------------------------------------------------------ risks

    List<Risk> risks() {
        List<Risk> out = new ArrayList<>();
        int n = config.components.size();
        List<String> scanned = componentsWhere(EvidenceConfig.Component::outputScan);
        List<String> unscanned = componentsWhere(c -> !c.outputScan());
        long noBaaDeclared = config.components.stream().flatMap(c -> c.destinations().stream())
                .filter(d -> !d.baa() && !d.inHouse()).count();

        List<String> a = new ArrayList<>();
        List<String> g = new ArrayList<>();
        a.add("phi-safe trains no model; only minimised text reaches a model (" + t.phiTotal()
                + " PHI items removed or replaced before " + t.disclosures + " disclosure(s))");
        a.add("destinations without a BAA (" + noBaaDeclared + " declared) receive at most Safe-Harbor "
                + "de-identified text");
        a.add("model output scanned for PHI that was not in the input on " + scanned.size() + " of " + n
                + " component(s); " + t.newPhiInOutput + " such item(s) found in the period");
        g.add("cannot inspect a vendor's model: PHI it memorised elsewhere can still be emitted, and the output scan "
                + "finds identifier-shaped PHI only");
        if (!unscanned.isEmpty()) {
            g.add("no output scan on: " + String.join(", ", unscanned));
        }
        out.add(new Risk("model-inversion", "Model inversion and memorisation", a, g));

        a = new ArrayList<>();
        g = new ArrayList<>();
        a.add("every message (system, history, retrieved content, tool results) is minimised at one choke point: "
                + "injected instructions cannot make the guard send PHI the policy removes");
        a.add("placeholders are mapped back only for an authorised caller (" + t.reidentifications
                + " re-identification(s), " + t.reidentificationsFailed + " refused)");
        List<String> scoped = componentsWhere(EvidenceConfig.Component::patientScoped);
        a.add("retrieval scoped to the patient in context on " + scoped.size() + " of " + n + " component(s)");
        List<String> gated = componentsWhere(EvidenceConfig.Component::reviewRequired);
        a.add("AI-written notes pass human review before the record on " + gated.size() + " of " + n
                + " component(s) (" + t.reviewRejected + " rejected in the period)");
        g.add("does not detect or block injected instructions: a model can still be steered within the text it "
                + "legitimately receives (e.g. to mis-summarise or to call a tool)");
        List<String> ungated = componentsWhere(c -> !c.reviewRequired());
        if (!ungated.isEmpty()) {
            g.add("no human review gate on: " + String.join(", ", ungated));
        }
        out.add(new Risk("prompt-injection", "Prompt injection", a, g));

        a = new ArrayList<>();
        g = new ArrayList<>();
        a.add("inventory of " + declaredDestinations() + " vendor/model destination(s) with BAA status; "
                + t.disclosuresUndeclared + " disclosure(s) to undeclared destinations in the period");
        a.add("audit journal signed (Ed25519) and verified " + (keyPinned ? "against a pinned key"
                : "against the key stored beside it (pin the key to detect re-signing)"));
        a.add("keys generated and held by Tink under a KEK; " + config.keys.size() + " key id(s) inventoried");
        g.add("no software bill of materials or dependency vulnerability scan; no verification of model weights or "
                + "of which model version a vendor actually serves");
        out.add(new Risk("supply-chain", "Supply chain (vendors, models, libraries)", a, g));

        a = new ArrayList<>();
        g = new ArrayList<>();
        a.add(t.disclosuresBaa + " disclosure(s) to BAA-covered vendors, " + t.disclosuresInHouse + " in-house, "
                + t.disclosuresNoBaa + " to vendors without a BAA (Safe-Harbor text only)");
        a.add(t.blocks + " request(s) blocked by policy before reaching a vendor");
        g.add("BAA status and vendor data-retention settings are declared here, not verified; whether a vendor "
                + "trains on submitted text is governed by contract");
        out.add(new Risk("training-data-leakage", "Training-data leakage to vendors", a, g));

        a = new ArrayList<>();
        g = new ArrayList<>();
        List<String> dcpe = componentsWhere(c -> c.vectorStore() == EvidenceConfig.VectorStore.DCPE);
        List<String> aead = componentsWhere(c -> c.vectorStore() == EvidenceConfig.VectorStore.AEAD);
        List<String> plain = componentsWhere(c -> c.vectorStore() == EvidenceConfig.VectorStore.NONE);
        a.add("vectors encrypted (distance-comparison-preserving) and segment text AEAD-encrypted on " + dcpe.size()
                + " component(s)");
        a.add("segment text AEAD-encrypted, vectors in clear on " + aead.size() + " component(s)");
        g.add("distance-comparison-preserving encryption keeps approximate distances: whoever holds the store can "
                + "still cluster vectors and run nearest-neighbour queries against them");
        if (!aead.isEmpty()) {
            g.add("plain vectors can be inverted to approximate text on: " + String.join(", ", aead));
        }
        if (!plain.isEmpty()) {
            g.add("no vector-store encryption declared on: " + String.join(", ", plain));
        }
        out.add(new Risk("embedding-inversion", "Embedding inversion", a, g));
        return out;
    }
}
