package dev.phisafe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores detections against gold data exactly as DESIGN.md "Scoring" says; this is what {@code phi eval} prints and
 * what the accuracy regression test asserts.
 *
 * <ul>
 *   <li>A gold span is <em>protected</em> when every non-whitespace character of it lies inside some detected span,
 *       whatever the detected type: for redaction a type mix-up leaks nothing. Recall = protected / gold spans.</li>
 *   <li>Labels starting with {@code X_} are not scored: missing one is no miss, and a detected span that overlaps one
 *       is no false positive.</li>
 *   <li>A detected span that overlaps no gold span (X_ spans included) is a false positive;
 *       precision = 1 − FP / detected spans.</li>
 *   <li>Hard-negative specificity = share of {@code hard_negative} documents with no detection at all.</li>
 *   <li>Typed accuracy = share of protected gold spans whose covering detected span(s) — those covering any of its
 *       non-whitespace characters — all have the gold label as type.</li>
 * </ul>
 * A figure whose denominator is zero is {@code null} ("n/a"), never a made-up 0 or 1.
 *
 * <p>Use: {@link #add} each document with its detections, then {@link #score}. Or {@link #scoreFile} to read a gold
 * file and run a detector. Time and memory are linear in each document's length plus its spans' lengths; nothing is
 * kept across documents but counters. Not thread-safe. Holds and prints no document text.
 */
final class GoldScorer {

    /** A gold annotation; offsets are UTF-16, end exclusive. */
    record GoldSpan(int start, int end, String label) {
        /** @return whether the span counts (labels starting with {@code X_} do not) */
        boolean scored() {
            return !label.startsWith("X_");
        }
    }

    /** One gold document; {@code hardNegative} is false when the file does not say. */
    record GoldDocument(String id, String text, List<GoldSpan> spans, boolean hardNegative) {
        GoldDocument {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
            spans = List.copyOf(spans);
        }
    }

    private static final class Tally {
        long gold;
        long protectedSpans;
        long typed;
    }

    private final Map<String, Tally> perLabel = new TreeMap<>();
    private long documents;
    private long goldSpans;
    private long protectedSpans;
    private long typedCorrect;
    private long detected;
    private long falsePositives;
    private long hardNegatives;
    private long hardNegativesClean;
    private long textBytes;
    private long detectNanos;

    /**
     * Adds one document and what was detected in it.
     *
     * @param doc      the gold document
     * @param detections the detected spans, in any order, possibly overlapping; offsets past the text are clipped
     */
    void add(GoldDocument doc, List<PhiSpan> detections) {
        String text = doc.text();
        int n = text.length();
        documents++;
        detected += detections.size();
        if (doc.hardNegative()) {
            hardNegatives++;
            if (detections.isEmpty()) {
                hardNegativesClean++;
            }
        }

        // cover[i]: NONE, the ordinal of the one type covering char i, or MIXED when spans of different types do
        int[] cover = n == 0 ? new int[0] : new int[n];
        java.util.Arrays.fill(cover, NONE);
        for (PhiSpan s : detections) {
            int ord = s.type().ordinal();
            for (int i = s.start(), e = Math.min(s.end(), n); i < e; i++) {
                int c = cover[i];
                cover[i] = c == NONE || c == ord ? ord : MIXED;
            }
        }

        // goldPrefix[i] = number of chars before i that lie in some gold span (X_ included), to test overlap in O(1)
        int[] depth = new int[n + 1];
        for (GoldSpan g : doc.spans()) {
            depth[g.start()]++;
            depth[g.end()]--;
        }
        int[] goldPrefix = new int[n + 1];
        int d = 0;
        for (int i = 0; i < n; i++) {
            d += depth[i];
            goldPrefix[i + 1] = goldPrefix[i] + (d > 0 ? 1 : 0);
        }
        for (PhiSpan s : detections) {
            int a = Math.min(s.start(), n);
            int b = Math.min(s.end(), n);
            if (goldPrefix[b] - goldPrefix[a] == 0) {
                falsePositives++;
            }
        }

        for (GoldSpan g : doc.spans()) {
            if (!g.scored()) {
                continue;
            }
            Tally t = perLabel.computeIfAbsent(g.label(), k -> new Tally());
            t.gold++;
            goldSpans++;
            int want = typeOrdinal(g.label());
            boolean isProtected = true;
            boolean typedOk = true;
            for (int i = g.start(); i < g.end(); i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    continue;
                }
                int c = cover[i];
                if (c == NONE) {
                    isProtected = false;
                    break;
                }
                if (c != want) {
                    typedOk = false;
                }
            }
            if (isProtected) {
                t.protectedSpans++;
                protectedSpans++;
                if (typedOk) {
                    t.typed++;
                    typedCorrect++;
                }
            }
        }
    }

    /**
     * Records time spent detecting, for the throughput figure.
     *
     * @param utf8Bytes the UTF-8 size of the text detected
     * @param nanos     the time {@code detect} took
     */
    void addTiming(long utf8Bytes, long nanos) {
        textBytes += utf8Bytes;
        detectNanos += nanos;
    }

    /**
     * @param file the name to report for the gold file (a path, not content)
     * @return the figures so far
     */
    Score score(String file) {
        Map<String, Score.LabelScore> labels = new TreeMap<>();
        for (Map.Entry<String, Tally> e : perLabel.entrySet()) {
            Tally t = e.getValue();
            labels.put(e.getKey(), new Score.LabelScore(t.gold, t.protectedSpans, ratio(t.protectedSpans, t.gold),
                    ratio(t.typed, t.protectedSpans)));
        }
        Double precision = detected == 0 ? null : 1.0 - (double) falsePositives / detected;
        Double throughput = detectNanos == 0 ? null : (textBytes / 1e6) / (detectNanos / 1e9);
        return new Score(file, documents, goldSpans, protectedSpans, ratio(protectedSpans, goldSpans), detected,
                falsePositives, precision, hardNegatives, ratio(hardNegativesClean, hardNegatives),
                ratio(typedCorrect, protectedSpans), labels, throughput);
    }

    /**
     * Reads a gold file, runs {@code detector} on every document and scores it.
     *
     * @param file     the name to report
     * @param in       the gold file, read line by line
     * @param detector the detector under test
     * @return the score
     * @throws InputFormatException if a line breaks the gold format (the message names the line number only)
     * @throws IOException          if reading fails
     * @throws dev.phisafe.core.PhiProcessingException if the detector fails
     */
    static Score scoreFile(String file, JsonLines in, PhiDetector detector) throws IOException, InputFormatException {
        GoldScorer scorer = new GoldScorer();
        ObjectNode rec;
        while ((rec = in.next()) != null) {
            GoldDocument doc = parse(rec, in);
            long t0 = System.nanoTime();
            List<PhiSpan> found = detector.detect(doc.text());
            scorer.addTiming(JsonLines.utf8Length(doc.text()), System.nanoTime() - t0);
            scorer.add(doc, found);
        }
        return scorer.score(file);
    }

    /**
     * Parses one gold record: {@code {"id","text","spans":[{"start","end","label"}],"hard_negative"}}; other fields
     * (e.g. a span's {@code role}) are ignored.
     *
     * @param rec the record
     * @param in  the reader it came from, for the line number
     * @return the document
     * @throws InputFormatException if a field is missing, mistyped or out of range
     */
    static GoldDocument parse(ObjectNode rec, JsonLines in) throws InputFormatException {
        JsonNode idNode = rec.get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
            throw new InputFormatException(in.lineNumber(), "field \"id\" is missing or not a string or integer");
        }
        String text = in.requireString(rec, "text");
        JsonNode spansNode = rec.get("spans");
        if (spansNode == null || !spansNode.isArray()) {
            throw new InputFormatException(in.lineNumber(), "field \"spans\" is missing or not an array");
        }
        List<GoldSpan> spans = new ArrayList<>(spansNode.size());
        int k = 0;
        for (JsonNode s : spansNode) {
            JsonNode start = s.get("start");
            JsonNode end = s.get("end");
            JsonNode label = s.get("label");
            if (start == null || !start.canConvertToInt() || !start.isIntegralNumber()
                    || end == null || !end.canConvertToInt() || !end.isIntegralNumber()
                    || label == null || !label.isTextual() || label.textValue().isEmpty()) {
                throw new InputFormatException(in.lineNumber(),
                        "span " + k + " needs integer \"start\", \"end\" and a non-empty string \"label\"");
            }
            int a = start.intValue();
            int b = end.intValue();
            if (a < 0 || b <= a || b > text.length()) {
                throw new InputFormatException(in.lineNumber(),
                        "span " + k + " needs 0 <= start < end <= text length (UTF-16 units)");
            }
            spans.add(new GoldSpan(a, b, label.textValue()));
            k++;
        }
        JsonNode hn = rec.get("hard_negative");
        if (hn != null && !hn.isNull() && !hn.isBoolean()) {
            throw new InputFormatException(in.lineNumber(), "field \"hard_negative\" must be a boolean");
        }
        return new GoldDocument(idNode.asText(), text, spans, hn != null && hn.asBoolean(false));
    }

    private static final int NONE = -1;
    private static final int MIXED = -2;
    private static final int NOT_A_TYPE = -3;

    private static int typeOrdinal(String label) {
        for (PhiType t : PhiType.values()) {
            if (t.name().equals(label)) {
                return t.ordinal();
            }
        }
        return NOT_A_TYPE; // an unknown label is scored for recall, but no detected type can match it
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }
}
