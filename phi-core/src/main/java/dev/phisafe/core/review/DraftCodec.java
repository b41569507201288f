package dev.phisafe.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/** The stored metadata form of a {@link Draft}: JSON with ids, hashes, times and counts; never text. */
final class DraftCodec {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("format", "id", "version", "state", "requester", "serviceAccount",
            "patient", "encounter", "model", "destination", "createdAt", "expiresAt", "textSha256", "reviewer",
            "claimedAt", "decision", "commitKey", "commitStartedAt", "commitAttempts", "commitRef", "committedAt",
            "closedAt");
    private static final Set<String> DEC = Set.of("id", "reviewer", "outcome", "shownSha256", "textSha256",
            "reasonCode", "decidedAt", "dwellMs", "diff");
    private static final Set<String> DIFF = Set.of("algorithm", "exact", "insertedChars", "deletedChars",
            "insertedWords", "deletedWords", "originalChars", "finalChars");

    private DraftCodec() {
    }

    static String encode(Draft d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("id", d.id);
        o.put("version", d.version);
        o.put("state", d.state.name());
        o.put("requester", d.requester);
        o.put("serviceAccount", d.serviceAccount);
        o.put("patient", d.patient);
        put(o, "encounter", d.encounter);
        o.put("model", d.model);
        o.put("destination", d.destination);
        o.put("createdAt", d.createdAt.toString());
        o.put("expiresAt", d.expiresAt.toString());
        o.put("textSha256", d.textSha256);
        put(o, "reviewer", d.reviewer);
        put(o, "claimedAt", d.claimedAt);
        if (d.decision != null) {
            ReviewDecision r = d.decision;
            ObjectNode n = o.putObject("decision");
            n.put("id", r.decisionId());
            n.put("reviewer", r.reviewer());
            n.put("outcome", r.outcome().name());
            n.put("shownSha256", r.shownSha256());
            n.put("textSha256", r.textSha256());
            n.put("reasonCode", r.reasonCode());
            n.put("decidedAt", r.decidedAt().toString());
            n.put("dwellMs", r.dwell().toMillis());
            DiffStats s = r.diff();
            ObjectNode f = n.putObject("diff");
            f.put("algorithm", s.algorithm());
            f.put("exact", s.exact());
            f.put("insertedChars", s.insertedChars());
            f.put("deletedChars", s.deletedChars());
            f.put("insertedWords", s.insertedWords());
            f.put("deletedWords", s.deletedWords());
            f.put("originalChars", s.originalChars());
            f.put("finalChars", s.finalChars());
        }
        put(o, "commitKey", d.commitKey);
        put(o, "commitStartedAt", d.commitStartedAt);
        o.put("commitAttempts", d.commitAttempts);
        put(o, "commitRef", d.commitRef);
        put(o, "committedAt", d.committedAt);
        put(o, "closedAt", d.closedAt);
        return o.toString();
    }

    private static void put(ObjectNode o, String k, Object v) {
        if (v != null) {
            o.put(k, v.toString());
        }
    }

    static Draft decode(String json, String text, String editedText) {
        if (json == null || text == null) {
            throw new ReviewStoreException("stored draft is incomplete (metadata or text missing)");
        }
        try {
            JsonNode o = JSON.readTree(json);
            known(o, TOP);
            if (o.path("format").asInt(-1) != FORMAT) {
                throw new ReviewStoreException("stored draft has an unknown format");
            }
            Draft.Builder b = Draft.builder();
            b.id = str(o, "id");
            b.version = num(o, "version");
            b.state = ReviewState.valueOf(str(o, "state"));
            b.requester = str(o, "requester");
            b.serviceAccount = str(o, "serviceAccount");
            b.patient = str(o, "patient");
            b.encounter = opt(o, "encounter");
            b.model = str(o, "model");
            b.destination = str(o, "destination");
            b.createdAt = Instant.parse(str(o, "createdAt"));
            b.expiresAt = Instant.parse(str(o, "expiresAt"));
            b.text = text;
            b.textSha256 = str(o, "textSha256");
            b.reviewer = opt(o, "reviewer");
            b.claimedAt = time(o, "claimedAt");
            JsonNode n = o.get("decision");
            if (n != null) {
                known(n, DEC);
                JsonNode f = n.get("diff");
                if (f == null) {
                    throw new ReviewStoreException("stored decision has no diff statistics");
                }
                known(f, DIFF);
                DiffStats s = new DiffStats(str(f, "algorithm"), f.path("exact").asBoolean(),
                        num(f, "insertedChars"), num(f, "deletedChars"), num(f, "insertedWords"),
                        num(f, "deletedWords"), num(f, "originalChars"), num(f, "finalChars"));
                b.decision = new ReviewDecision(str(n, "id"), str(n, "reviewer"),
                        ReviewDecision.Outcome.valueOf(str(n, "outcome")), str(n, "shownSha256"),
                        str(n, "textSha256"), str(n, "reasonCode"), Instant.parse(str(n, "decidedAt")),
                        Duration.ofMillis(num(n, "dwellMs")), s);
            }
            b.editedText = editedText;
            b.commitKey = opt(o, "commitKey");
            b.commitStartedAt = time(o, "commitStartedAt");
            b.commitAttempts = (int) num(o, "commitAttempts");
            b.commitRef = opt(o, "commitRef");
            b.committedAt = time(o, "committedAt");
            b.closedAt = time(o, "closedAt");
            return b.build();
        } catch (ReviewStoreException e) {
            throw e;
        } catch (JsonProcessingException | RuntimeException e) {
            // The cause may quote stored values; keep only its type.
            throw new ReviewStoreException("stored draft is malformed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void known(JsonNode o, Set<String> allowed) {
        if (!o.isObject()) {
            throw new ReviewStoreException("stored draft metadata must be a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) {
                throw new ReviewStoreException("stored draft metadata has an unknown field");
            }
        }
    }

    private static String str(JsonNode o, String k) {
        JsonNode v = o.get(k);
        if (v == null || !v.isTextual()) {
            throw new ReviewStoreException("stored draft field '" + k + "' is missing or not a string");
        }
        return v.asText();
    }

    private static String opt(JsonNode o, String k) {
        return o.has(k) ? str(o, k) : null;
    }

    private static long num(JsonNode o, String k) {
        JsonNode v = o.get(k);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new ReviewStoreException("stored draft field '" + k + "' is missing or not an integer");
        }
        return v.asLong();
    }

    private static Instant time(JsonNode o, String k) {
        String s = opt(o, k);
        return s == null ? null : Instant.parse(s);
    }
}
