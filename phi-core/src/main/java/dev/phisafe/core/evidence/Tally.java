package dev.phisafe.core.evidence;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live figures of one reporting period, computed from audit events in one pass. Holds counts, identifiers from
 * the configuration and codes only: principals, conversations, draft ids and digests are used to correlate (e.g. to
 * detect a self-approval) and then dropped — none of them is ever an output.
 */
final class Tally {
    /** Components of the library itself (journal retention events, review gate system transitions). */
    static final String SYSTEM = "phi-safe";

    final EvidenceConfig config;
    final LocalDate from;
    final LocalDate to;

    long eventsRead;
    /** Why reading stopped early (a tampered journal with an unparsable record), or null. */
    String readError;
    long eventsInPeriod;
    final Map<AuditAction, Long> byAction = new EnumMap<>(AuditAction.class);
    final Map<AuditOutcome, Long> byOutcome = new EnumMap<>(AuditOutcome.class);
    final Set<String> principals = new HashSet<>();

    final Map<PhiType, Long> phiByType = new EnumMap<>(PhiType.class);
    final TreeMap<LocalDate, Map<PhiType, Long>> phiPerDay = new TreeMap<>();

    /** Disclosures per destination label (vendor/model/baa/inHouse). */
    final Map<String, Dest> destinations = new TreeMap<>();
    long disclosures;
    long disclosuresBaa;
    long disclosuresNoBaa;
    long disclosuresInHouse;
    long disclosuresUndeclared;
    long phiItemsToNoBaa;

    long blocks;
    final TreeMap<LocalDate, Long> blocksPerDay = new TreeMap<>();
    final Map<String, Long> blocksByReason = new TreeMap<>();
    final Map<String, Long> blocksByPolicy = new TreeMap<>();

    long reidentifications;
    long reidentificationsFailed;
    long restoredItems;
    long newPhiInOutput;
    final Map<String, Long> reidentificationsByPurpose = new TreeMap<>();

    long accessDenied;
    final Map<String, Long> accessDeniedByReason = new TreeMap<>();

    long integrityFailures;
    final TreeMap<LocalDate, Long> integrityPerDay = new TreeMap<>();
    final Map<String, Long> integrityByReason = new TreeMap<>();
    final Map<String, Long> integrityByComponent = new TreeMap<>();

    long keyOperations;
    final Map<String, Long> keyOperationsByType = new TreeMap<>();
    final Set<String> keyIdsSeen = new TreeSet<>();
    long retentionEvents;

    final Map<String, Long> eventsByComponent = new LinkedHashMap<>();
    long unattributed;
    final Map<String, Long> unattributedByComponent = new TreeMap<>();

    // review gate, correlated per draft over the whole journal
    private final Map<String, Draft> drafts = new HashMap<>();
    long reviewSubmitted;
    long reviewApproved;
    long reviewEdited;
    long reviewRejected;
    long reviewCommitted;
    long reviewCommitFailed;
    long reviewExpired;
    long reviewWithdrawn;
    long reviewHashBound;
    long reviewSelfApprovals;
    long reviewBelowMinDwell;
    long reviewPastDeadline;
    long reviewCommitsWithoutApproval;
    final List<Long> turnaroundSeconds = new ArrayList<>();
    final List<Long> commitLatencySeconds = new ArrayList<>();
    long reviewPendingAtEnd;

    /** Figures of one destination. */
    static final class Dest {
        final String vendor;
        final String model;
        final boolean baa;
        final boolean inHouse;
        final boolean declared;
        long events;
        long phiItems;

        Dest(String vendor, String model, boolean baa, boolean inHouse, boolean declared) {
            this.vendor = vendor;
            this.model = model;
            this.baa = baa;
            this.inHouse = inHouse;
            this.declared = declared;
        }
    }

    /** What the review events tell about one draft. */
    private static final class Draft {
        Instant submitted;
        String requester;
        Instant decided;
        String decision;
        boolean approvedBeforeCommit;
        Instant closed;
    }

    Tally(EvidenceConfig config, LocalDate from, LocalDate to) {
        this.config = config;
        this.from = from;
        this.to = to;
        for (EvidenceConfig.Component c : config.components) {
            eventsByComponent.put(c.name(), 0L);
        }
        eventsByComponent.put(SYSTEM, 0L);
        for (EvidenceConfig.Component c : config.components) {
            for (EvidenceConfig.Target t : c.destinations()) {
                destinations.putIfAbsent(key(t.vendor(), t.model(), t.baa(), t.inHouse()),
                        new Dest(t.vendor(), t.model(), t.baa(), t.inHouse(), true));
            }
        }
    }

    static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    boolean inPeriod(Instant t) {
        LocalDate d = day(t);
        return !d.isBefore(from) && !d.isAfter(to);
    }

    private static String key(String vendor, String model, boolean baa, boolean inHouse) {
        return vendor + "/" + model + (inHouse ? " (in-house)" : baa ? " (BAA)" : " (no BAA)");
    }

    private static void inc(Map<String, Long> m, String k) {
        m.merge(k, 1L, Long::sum);
    }

    /** Counts one event; events outside the period only feed the review correlation. */
    void add(AuditEvent e) {
        eventsRead++;
        boolean in = inPeriod(e.recorded());
        review(e, in);
        if (!in) {
            return;
        }
        eventsInPeriod++;
        byAction.merge(e.action(), 1L, Long::sum);
        byOutcome.merge(e.outcome(), 1L, Long::sum);
        e.principal().ifPresent(principals::add);
        keyIdsSeen.addAll(e.keyIds());
        attribute(e);
        LocalDate d = day(e.recorded());
        switch (e.action()) {
            case DISCLOSE_TO_VENDOR:
                disclosure(e, d);
                break;
            case POLICY_BLOCK:
                blocks++;
                blocksPerDay.merge(d, 1L, Long::sum);
                inc(blocksByReason, e.reasonCode().orElse("unspecified"));
                inc(blocksByPolicy, e.policyId().orElse("unspecified"));
                break;
            case REIDENTIFY:
                if (e.outcome() == AuditOutcome.SUCCESS) {
                    reidentifications++;
                } else {
                    reidentificationsFailed++;
                }
                inc(reidentificationsByPurpose, e.purpose().map(Enum::name).orElse("unspecified"));
                restoredItems += e.measures().getOrDefault("restored", 0L);
                for (Map.Entry<String, Long> m : e.measures().entrySet()) {
                    if (m.getKey().startsWith("new-phi-")) {
                        newPhiInOutput += m.getValue();
                    }
                }
                break;
            case ACCESS_DENIED:
                accessDenied++;
                inc(accessDeniedByReason, e.reasonCode().orElse("unspecified"));
                break;
            case INTEGRITY_FAILURE:
                integrityFailures++;
                integrityPerDay.merge(d, 1L, Long::sum);
                inc(integrityByReason, e.reasonCode().orElse("unspecified"));
                inc(integrityByComponent, e.component());
                break;
            case KEY_OPERATION:
                keyOperations++;
                inc(keyOperationsByType, e.details().getOrDefault("operation", e.reasonCode().orElse("unspecified")));
                break;
            case RETENTION:
                retentionEvents++;
                break;
            default:
                break;
        }
    }

    private void attribute(AuditEvent e) {
        String sa = e.serviceAccount().orElse(null);
        // the service account names the AI component that acted; the observing library component is the fallback
        for (EvidenceConfig.Component c : config.components) {
            if (c.serviceAccount().equals(sa)) {
                eventsByComponent.merge(c.name(), 1L, Long::sum);
                return;
            }
        }
        for (EvidenceConfig.Component c : config.components) {
            if (c.auditComponents().contains(e.component())) {
                eventsByComponent.merge(c.name(), 1L, Long::sum);
                return;
            }
        }
        if (SYSTEM.equals(sa) || e.component().startsWith("phi-core/audit")) {
            eventsByComponent.merge(SYSTEM, 1L, Long::sum);
            return;
        }
        unattributed++;
        inc(unattributedByComponent, e.component());
    }

    private void disclosure(AuditEvent e, LocalDate d) {
        long phi = e.phiTotal();
        Map<PhiType, Long> perDay = phiPerDay.computeIfAbsent(d, x -> new EnumMap<>(PhiType.class));
        e.phiCounts().forEach((t, n) -> {
            phiByType.merge(t, (long) n, Long::sum);
            perDay.merge(t, (long) n, Long::sum);
        });
        disclosures++;
        Destination dest = e.destination().orElse(null);
        if (dest == null) {
            disclosuresUndeclared++;
            Dest x = destinations.computeIfAbsent("unknown", k -> new Dest("unknown", "*", false, false, false));
            x.events++;
            x.phiItems += phi;
            disclosuresNoBaa++;
            phiItemsToNoBaa += phi;
            return;
        }
        boolean declared = false;
        for (EvidenceConfig.Component c : config.components) {
            for (EvidenceConfig.Target t : c.destinations()) {
                if (t.matches(dest) && t.baa() == dest.baa() && t.inHouse() == dest.inHouse()) {
                    declared = true;
                }
            }
        }
        final boolean isDeclared = declared;
        // the event's destination (what the guard actually used) is the source of truth for BAA status
        String k = key(dest.vendor(), declaredModel(dest), dest.baa(), dest.inHouse());
        Dest x = destinations.computeIfAbsent(k, y -> new Dest(dest.vendor(), declaredModel(dest), dest.baa(),
                dest.inHouse(), isDeclared));
        x.events++;
        x.phiItems += phi;
        if (!declared) {
            disclosuresUndeclared++;
        }
        if (dest.inHouse()) {
            disclosuresInHouse++;
        } else if (dest.baa()) {
            disclosuresBaa++;
        } else {
            disclosuresNoBaa++;
            phiItemsToNoBaa += phi;
        }
    }

    /** A destination declared with model {@code *} collects every model of that vendor. */
    private String declaredModel(Destination dest) {
        for (EvidenceConfig.Component c : config.components) {
            for (EvidenceConfig.Target t : c.destinations()) {
                if (t.matches(dest) && t.baa() == dest.baa() && t.inHouse() == dest.inHouse()) {
                    return t.model();
                }
            }
        }
        return dest.model();
    }

    private static String draftKey(AuditEvent e) {
        String k = e.details().get("draft");
        if (k == null) {
            k = e.details().get("ticket");
        }
        if (k == null) {
            k = e.invocationId().orElse(null);
        }
        return k;
    }

    private void review(AuditEvent e, boolean in) {
        AuditAction a = e.action();
        if (a != AuditAction.DRAFT_SUBMITTED && a != AuditAction.REVIEW_DECISION && a != AuditAction.RECORD_COMMIT
                && a != AuditAction.REVIEW_CLOSED) {
            return;
        }
        String k = draftKey(e);
        if (k == null) {
            return;
        }
        Draft d = drafts.computeIfAbsent(k, x -> new Draft());
        switch (a) {
            case DRAFT_SUBMITTED:
                d.submitted = e.recorded();
                d.requester = e.principal().orElse(null);
                if (in) {
                    reviewSubmitted++;
                }
                break;
            case REVIEW_DECISION: {
                String decision = e.details().getOrDefault("decision", "UNKNOWN");
                d.decided = e.recorded();
                d.decision = decision;
                boolean approves = decision.equals("APPROVED") || decision.equals("EDITED_AND_APPROVED");
                d.approvedBeforeCommit = approves;
                if (!in) {
                    break;
                }
                switch (decision) {
                    case "APPROVED":
                        reviewApproved++;
                        break;
                    case "EDITED_AND_APPROVED":
                        reviewEdited++;
                        break;
                    default:
                        reviewRejected++;
                        break;
                }
                if (!e.digests().isEmpty()) {
                    reviewHashBound++;
                }
                String reviewer = e.principal().orElse(null);
                if (approves && reviewer != null && reviewer.equals(d.requester)) {
                    reviewSelfApprovals++;
                }
                Long dwell = e.measures().get("dwell-ms");
                if (config.review.minDwellSeconds() > 0 && dwell != null
                        && dwell < config.review.minDwellSeconds() * 1000L) {
                    reviewBelowMinDwell++;
                }
                if (d.submitted != null) {
                    long s = Math.max(0, e.recorded().getEpochSecond() - d.submitted.getEpochSecond());
                    turnaroundSeconds.add(s);
                    if (s > config.review.deadlineHours() * 3600L) {
                        reviewPastDeadline++;
                    }
                }
                break;
            }
            case RECORD_COMMIT: {
                String phase = e.details().get("phase");
                boolean done = "done".equals(phase) || (phase == null && e.outcome() == AuditOutcome.SUCCESS);
                boolean failed = "failed".equals(phase) || e.outcome() != AuditOutcome.SUCCESS;
                if (!in) {
                    break;
                }
                if (failed) {
                    reviewCommitFailed++;
                } else if (done) {
                    reviewCommitted++;
                    if (!d.approvedBeforeCommit) {
                        reviewCommitsWithoutApproval++;
                    } else if (d.decided != null) {
                        commitLatencySeconds.add(Math.max(0,
                                e.recorded().getEpochSecond() - d.decided.getEpochSecond()));
                    }
                }
                break;
            }
            default: { // REVIEW_CLOSED
                d.closed = e.recorded();
                if (!in) {
                    break;
                }
                String toState = e.details().getOrDefault("to", "");
                if (toState.equals("WITHDRAWN")) {
                    reviewWithdrawn++;
                } else {
                    reviewExpired++;
                }
                break;
            }
        }
    }

    /** Drafts submitted up to the end of the period with neither a decision nor a closure by then. */
    void finish() {
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Draft d : drafts.values()) {
            if (d.submitted == null || !d.submitted.isBefore(end)) {
                continue;
            }
            boolean decidedByEnd = d.decided != null && d.decided.isBefore(end);
            boolean closedByEnd = d.closed != null && d.closed.isBefore(end);
            if (!decidedByEnd && !closedByEnd) {
                reviewPendingAtEnd++;
            }
        }
        drafts.clear();
    }

    /** Nearest-rank percentile of a list of non-negative values; 0 for an empty list. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(values);
        s.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    static long max(List<Long> values) {
        long m = 0;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    long phiTotal() {
        long t = 0;
        for (long v : phiByType.values()) {
            t += v;
        }
        return t;
    }

    long count(AuditAction a) {
        return byAction.getOrDefault(a, 0L);
    }
}
