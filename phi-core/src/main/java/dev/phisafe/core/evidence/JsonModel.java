package dev.phisafe.core.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.JournalVerification;
import dev.phisafe.core.detect.PhiType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evidence.json}: every figure of the report under stable field names (schema {@link EvidenceReport#SCHEMA}).
 * Maps with enum keys list every constant (zeros included) so consumers need no defaults; per-day series list every
 * day of the period.
 */
final class JsonModel {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonModel() {
    }

    static String write(EvidenceReport r) {
        try {
            return MAPPER.writeValueAsString(model(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evidence model could not be written (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    static List<LocalDate> days(EvidenceReport r) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = r.from; !d.isAfter(r.to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    static Map<String, Object> model(EvidenceReport r) {
        Tally t = r.tally;
        EvidenceConfig c = r.config;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", EvidenceReport.SCHEMA);
        m.put("generatedAt", r.generatedAt.toString());
        m.put("deployment", c.deployment);
        m.put("environment", c.environment);
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", r.from.toString());
        period.put("to", r.to.toString());
        period.put("days", ChronoUnit.DAYS.between(r.from, r.to) + 1);
        m.put("period", period);
        m.put("journal", journal(r));

        Map<String, Object> events = new LinkedHashMap<>();
        events.put("read", t.eventsRead);
        events.put("inPeriod", t.eventsInPeriod);
        events.put("complete", t.readError == null);
        Map<String, Object> byAction = new LinkedHashMap<>();
        for (AuditAction a : AuditAction.values()) {
            byAction.put(a.name(), t.byAction.getOrDefault(a, 0L));
        }
        events.put("byAction", byAction);
        Map<String, Object> byOutcome = new LinkedHashMap<>();
        for (AuditOutcome o : AuditOutcome.values()) {
            byOutcome.put(o.name(), t.byOutcome.getOrDefault(o, 0L));
        }
        events.put("byOutcome", byOutcome);
        events.put("byComponent", new LinkedHashMap<>(t.eventsByComponent));
        events.put("unattributed", t.unattributed);
        events.put("unattributedByComponent", new LinkedHashMap<>(t.unattributedByComponent));
        events.put("distinctPrincipals", (long) t.principals.size());
        m.put("events", events);

        Map<String, Object> phi = new LinkedHashMap<>();
        phi.put("source", "phiCounts of DISCLOSE_TO_VENDOR events: PHI items removed or replaced before the text left");
        phi.put("total", t.phiTotal());
        phi.put("byType", typeMap(t.phiByType));
        List<Object> perDay = new ArrayList<>();
        for (LocalDate d : days(r)) {
            Map<PhiType, Long> day = t.phiPerDay.getOrDefault(d, Map.of());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("date", d.toString());
            long sum = 0;
            for (long v : day.values()) {
                sum += v;
            }
            e.put("total", sum);
            Map<String, Object> nonZero = new LinkedHashMap<>();
            for (PhiType pt : PhiType.values()) {
                Long v = day.get(pt);
                if (v != null && v > 0) {
                    nonZero.put(pt.name(), v);
                }
            }
            e.put("byType", nonZero);
            perDay.add(e);
        }
        phi.put("perDay", perDay);
        m.put("phiFiltered", phi);

        Map<String, Object> disc = new LinkedHashMap<>();
        disc.put("total", t.disclosures);
        disc.put("toBaa", t.disclosuresBaa);
        disc.put("toNonBaa", t.disclosuresNoBaa);
        disc.put("inHouse", t.disclosuresInHouse);
        disc.put("toUndeclared", t.disclosuresUndeclared);
        disc.put("phiItemsMinimisedForNonBaa", t.phiItemsToNoBaa);
        List<Object> dests = new ArrayList<>();
        for (Tally.Dest d : t.destinations.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("vendor", d.vendor);
            e.put("model", d.model);
            e.put("baa", d.baa);
            e.put("inHouse", d.inHouse);
            e.put("declared", d.declared);
            e.put("disclosures", d.events);
            e.put("phiItemsMinimised", d.phiItems);
            dests.add(e);
        }
        disc.put("byDestination", dests);
        m.put("disclosures", disc);

        Map<String, Object> blocks = new LinkedHashMap<>();
        blocks.put("total", t.blocks);
        blocks.put("byReason", new LinkedHashMap<>(t.blocksByReason));
        blocks.put("byPolicy", new LinkedHashMap<>(t.blocksByPolicy));
        blocks.put("perDay", series(r, t.blocksPerDay));
        m.put("policyBlocks", blocks);

        Map<String, Object> reid = new LinkedHashMap<>();
        reid.put("total", t.reidentifications);
        reid.put("refused", t.reidentificationsFailed);
        reid.put("itemsRestored", t.restoredItems);
        reid.put("newPhiInOutput", t.newPhiInOutput);
        reid.put("byPurpose", new LinkedHashMap<>(t.reidentificationsByPurpose));
        m.put("reidentifications", reid);

        Map<String, Object> denied = new LinkedHashMap<>();
        denied.put("total", t.accessDenied);
        denied.put("byReason", new LinkedHashMap<>(t.accessDeniedByReason));
        m.put("accessDenied", denied);

        m.put("review", review(r));

        Map<String, Object> integ = new LinkedHashMap<>();
        integ.put("total", t.integrityFailures);
        integ.put("byReason", new LinkedHashMap<>(t.integrityByReason));
        integ.put("byComponent", new LinkedHashMap<>(t.integrityByComponent));
        integ.put("perDay", series(r, t.integrityPerDay));
        m.put("integrityFailures", integ);

        Map<String, Object> keyOps = new LinkedHashMap<>();
        keyOps.put("total", t.keyOperations);
        keyOps.put("byOperation", new LinkedHashMap<>(t.keyOperationsByType));
        keyOps.put("keyIdsInEvents", new ArrayList<>(t.keyIdsSeen));
        m.put("keyOperations", keyOps);

        List<Object> controls = new ArrayList<>();
        for (Control ctl : r.controls) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("framework", ctl.framework());
            e.put("id", ctl.id());
            e.put("title", ctl.title());
            e.put("status", ctl.status().name());
            e.put("configured", ctl.configured());
            e.put("figures", ctl.figures());
            e.put("exceptions", ctl.exceptions());
            controls.add(e);
        }
        m.put("controls", controls);
        m.put("inventory", inventory(r));
        List<Object> risks = new ArrayList<>();
        for (Risk k : r.risks) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", k.id());
            e.put("title", k.title());
            e.put("addresses", k.addresses());
            e.put("gaps", k.gaps());
            risks.add(e);
        }
        m.put("risks", risks);
        return m;
    }

    private static Map<String, Object> journal(EvidenceReport r) {
        JournalVerification v = r.verification;
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("status", v.status().name());
        j.put("intact", v.intact());
        j.put("records", v.records());
        j.put("checkpoints", v.checkpoints());
        j.put("epochs", v.epochs());
        j.put("publicKeyPinned", r.keyPinned);
        List<Object> problems = new ArrayList<>();
        for (JournalVerification.Problem p : v.problems()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", p.file());
            e.put("line", p.line());
            e.put("kind", p.kind());
            e.put("message", p.message());
            problems.add(e);
        }
        j.put("problems", problems);
        j.put("warnings", v.warnings());
        j.put("eventsReadError", r.tally.readError);
        return j;
    }

    private static Map<String, Object> review(EvidenceReport r) {
        Tally t = r.tally;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submitted", t.reviewSubmitted);
        m.put("approved", t.reviewApproved);
        m.put("editedAndApproved", t.reviewEdited);
        m.put("rejected", t.reviewRejected);
        m.put("committed", t.reviewCommitted);
        m.put("commitFailures", t.reviewCommitFailed);
        m.put("expired", t.reviewExpired);
        m.put("withdrawn", t.reviewWithdrawn);
        m.put("pendingAtEnd", t.reviewPendingAtEnd);
        m.put("decisionsHashBound", t.reviewHashBound);
        m.put("selfApprovals", t.reviewSelfApprovals);
        m.put("belowMinDwell", t.reviewBelowMinDwell);
        m.put("pastDeadline", t.reviewPastDeadline);
        m.put("commitsWithoutApproval", t.reviewCommitsWithoutApproval);
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("count", (long) t.turnaroundSeconds.size());
        turn.put("medianSeconds", Tally.percentile(t.turnaroundSeconds, 50));
        turn.put("p90Seconds", Tally.percentile(t.turnaroundSeconds, 90));
        turn.put("maxSeconds", Tally.max(t.turnaroundSeconds));
        Map<String, Object> buckets = new LinkedHashMap<>();
        long[] b = turnaroundBuckets(t.turnaroundSeconds);
        for (int i = 0; i < BUCKETS.length; i++) {
            buckets.put(BUCKETS[i], b[i]);
        }
        turn.put("buckets", buckets);
        m.put("turnaround", turn);
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("count", (long) t.commitLatencySeconds.size());
        commit.put("medianSeconds", Tally.percentile(t.commitLatencySeconds, 50));
        commit.put("maxSeconds", Tally.max(t.commitLatencySeconds));
        m.put("decisionToCommit", commit);
        return m;
    }

    static final String[] BUCKETS = {"under15m", "15mTo1h", "1hTo4h", "4hTo24h", "over24h"};
    private static final long[] BUCKET_LIMITS = {15 * 60, 3600, 4 * 3600, 24 * 3600};

    static long[] turnaroundBuckets(List<Long> seconds) {
        long[] out = new long[BUCKETS.length];
        for (long s : seconds) {
            int i = 0;
            while (i < BUCKET_LIMITS.length && s >= BUCKET_LIMITS[i]) {
                i++;
            }
            out[i]++;
        }
        return out;
    }

    private static List<Object> series(EvidenceReport r, Map<LocalDate, Long> values) {
        List<Object> out = new ArrayList<>();
        for (LocalDate d : days(r)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("date", d.toString());
            e.put("count", values.getOrDefault(d, 0L));
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> typeMap(Map<PhiType, Long> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PhiType t : PhiType.values()) {
            out.put(t.name(), m.getOrDefault(t, 0L));
        }
        return out;
    }

    private static Map<String, Object> inventory(EvidenceReport r) {
        EvidenceConfig c = r.config;
        Map<String, Object> inv = new LinkedHashMap<>();
        List<Object> comps = new ArrayList<>();
        for (EvidenceConfig.Component k : c.components) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", k.name());
            e.put("serviceAccount", k.serviceAccount());
            e.put("auditComponents", k.auditComponents());
            List<Object> ds = new ArrayList<>();
            for (EvidenceConfig.Target d : k.destinations()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("vendor", d.vendor());
                x.put("model", d.model());
                x.put("baa", d.baa());
                x.put("inHouse", d.inHouse());
                ds.add(x);
            }
            e.put("destinations", ds);
            Map<String, Object> pol = new LinkedHashMap<>();
            k.policies().forEach((p, id) -> pol.put(p.name(), id));
            e.put("policies", pol);
            e.put("reviewRequired", k.reviewRequired());
            e.put("vectorStore", EvidenceReport.lower(k.vectorStore()));
            e.put("integrityCheck", EvidenceReport.lower(k.integrityCheck()));
            e.put("outputScan", k.outputScan());
            e.put("patientScoped", k.patientScoped());
            e.put("eventsInPeriod", r.tally.eventsByComponent.getOrDefault(k.name(), 0L));
            comps.add(e);
        }
        inv.put("components", comps);
        List<Object> keys = new ArrayList<>();
        for (EvidenceConfig.Key k : c.keys) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("keyset", k.keyset());
            e.put("keyId", k.keyId());
            e.put("status", k.status().name());
            e.put("created", k.created().toString());
            e.put("lastRotated", k.lastRotation().toString());
            boolean primary = k.status() == EvidenceConfig.KeyStatus.PRIMARY;
            e.put("rotationDue", primary ? r.assessment.rotationDue(k).toString() : null);
            e.put("overdue", primary && r.assessment.rotationDue(k).isBefore(r.to));
            keys.add(e);
        }
        Map<String, Object> keyInv = new LinkedHashMap<>();
        keyInv.put("rotationDays", (long) c.rotationDays);
        keyInv.put("entries", keys);
        inv.put("keys", keyInv);
        Map<String, Object> ret = new LinkedHashMap<>();
        ret.put("auditYears", (long) c.retention.auditYears());
        ret.put("legalHold", c.retention.legalHold());
        ret.put("vaultTtlHours", c.retention.vaultTtlHours() == null ? null : (long) c.retention.vaultTtlHours());
        inv.put("retention", ret);
        Map<String, Object> rev = new LinkedHashMap<>();
        rev.put("deadlineHours", (long) c.review.deadlineHours());
        rev.put("minDwellSeconds", (long) c.review.minDwellSeconds());
        rev.put("separationOfDuties", c.review.separationOfDuties());
        rev.put("autoApprove", c.review.autoApprove());
        inv.put("review", rev);
        Map<String, Object> aud = new LinkedHashMap<>();
        aud.put("checkpointEvery", (long) c.audit.checkpointEvery());
        aud.put("witness", c.audit.witness());
        inv.put("audit", aud);
        return inv;
    }
}
