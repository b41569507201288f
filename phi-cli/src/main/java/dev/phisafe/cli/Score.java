package dev.phisafe.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * The figures {@link GoldScorer} computes for one gold file. A {@code null} figure means its denominator was zero
 * (e.g. no hard-negative documents, nothing detected): it prints as JSON {@code null} and as "n/a" in the table.
 *
 * @param file                    the gold file as named on the command line
 * @param documents               documents read
 * @param goldSpans               scored gold spans (labels not starting with {@code X_})
 * @param protectedSpans          gold spans whose every non-whitespace character was inside a detected span
 * @param recall                  protected / gold spans
 * @param detected                detected spans
 * @param falsePositives          detected spans overlapping no gold span (X_ spans included)
 * @param precision               1 − falsePositives / detected
 * @param hardNegatives           documents marked {@code hard_negative}
 * @param hardNegativeSpecificity share of hard-negative documents with no detection at all
 * @param typedAccuracy           share of protected spans whose covering detected spans all carry the gold label
 * @param perLabel                the same per gold label; iterates in label order
 * @param throughputMBps          UTF-8 megabytes (10^6 bytes) of text per second of detection, single-threaded
 */
record Score(String file, long documents, long goldSpans, long protectedSpans, Double recall, long detected,
             long falsePositives, Double precision, long hardNegatives, Double hardNegativeSpecificity,
             Double typedAccuracy, Map<String, LabelScore> perLabel, Double throughputMBps) {

    /**
     * Figures for one gold label.
     *
     * @param gold           scored gold spans with this label
     * @param protectedSpans of which protected
     * @param recall         protected / gold
     * @param typedAccuracy  share of the protected ones detected with this label as type
     */
    record LabelScore(long gold, long protectedSpans, Double recall, Double typedAccuracy) {
    }

    Score {
        perLabel = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(perLabel));
    }

    /** @return the JSON object {@code phi eval} prints (DESIGN.md "Contracts"); ratios rounded to 4 decimals */
    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("file", file);
        o.put("documents", documents);
        o.put("goldSpans", goldSpans);
        o.put("protected", protectedSpans);
        o.put("recall", round(recall, 4));
        o.put("detected", detected);
        o.put("falsePositives", falsePositives);
        o.put("precision", round(precision, 4));
        o.put("hardNegatives", hardNegatives);
        o.put("hardNegativeSpecificity", round(hardNegativeSpecificity, 4));
        o.put("typedAccuracy", round(typedAccuracy, 4));
        ObjectNode labels = o.putObject("perLabel");
        for (Map.Entry<String, LabelScore> e : new java.util.TreeMap<>(perLabel).entrySet()) {
            LabelScore l = e.getValue();
            ObjectNode lo = labels.putObject(e.getKey());
            lo.put("gold", l.gold());
            lo.put("protected", l.protectedSpans());
            lo.put("recall", round(l.recall(), 4));
            lo.put("typedAccuracy", round(l.typedAccuracy(), 4));
        }
        o.put("throughputMBps", round(throughputMBps, 2));
        return o;
    }

    /** @return a table for people; same figures as {@link #toJson()} */
    String toTable() {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("gold file                 ").append(file).append(nl);
        sb.append(String.format(Locale.ROOT, "documents                 %d%n", documents));
        sb.append(String.format(Locale.ROOT, "recall                    %s   (%d of %d gold spans protected)%n",
                fmt(recall), protectedSpans, goldSpans));
        sb.append(String.format(Locale.ROOT, "precision                 %s   (%d false positives of %d detected spans)%n",
                fmt(precision), falsePositives, detected));
        sb.append(String.format(Locale.ROOT, "hard-negative specif.     %s   (%d hard-negative documents)%n",
                fmt(hardNegativeSpecificity), hardNegatives));
        sb.append(String.format(Locale.ROOT, "typed accuracy            %s%n", fmt(typedAccuracy)));
        sb.append(String.format(Locale.ROOT, "throughput                %s MB/s%n",
                throughputMBps == null ? "n/a" : String.format(Locale.ROOT, "%.2f", throughputMBps)));
        sb.append(nl);
        sb.append(String.format(Locale.ROOT, "%-32s %7s %10s %7s %7s%n", "label", "gold", "protected", "recall", "typed"));
        for (Map.Entry<String, LabelScore> e : new java.util.TreeMap<>(perLabel).entrySet()) {
            LabelScore l = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-32s %7d %10d %7s %7s%n", e.getKey(), l.gold(), l.protectedSpans(),
                    fmt(l.recall()), fmt(l.typedAccuracy())));
        }
        return sb.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static BigDecimal round(Double v, int places) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN);
    }
}
