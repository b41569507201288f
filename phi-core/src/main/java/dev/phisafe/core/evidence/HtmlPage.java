package dev.phisafe.core.evidence;

import dev.phisafe.core.audit.JournalVerification;
import dev.phisafe.core.detect.PhiType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code index.html}: one self-contained page for an auditor — inline CSS, inline SVG, no script, no external
 * resource. Sections: verdict of the journal, summary, controls with live figures, charts, inventory, risks,
 * verification details.
 */
final class HtmlPage {
    static final String[] PALETTE = {"#2f6db5", "#e08a1e", "#3a9e5c", "#b8433f", "#7d5bb5", "#4aa8b8", "#9a9a9a"};
    static final String OK = "#2e7d4f";
    static final String WARN = "#c77700";
    static final String BAD = "#b3261e";
    static final String GREY = "#8a8f98";

    /** Ids of the charts on the page, in order. */
    static final List<String> CHARTS = List.of("chart-phi-per-day", "chart-blocks-per-day", "chart-integrity-per-day",
            "chart-review-outcomes", "chart-review-turnaround", "chart-disclosures");

    private static final String CSS = String.join("\n",
            "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}",
            "main{max-width:1180px;margin:0 auto;padding:24px}",
            "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid #d5d9e0;"
                    + "padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}",
            ".meta{color:#555d6b;font-size:13px}",
            ".verdict{padding:14px 18px;border-radius:6px;margin:16px 0;font-size:16px;color:#fff}",
            ".verdict.ok{background:" + OK + "}.verdict.bad{background:" + BAD + ";font-size:18px}",
            ".verdict ul{margin:8px 0 0;font-size:13px}",
            ".tiles{display:flex;flex-wrap:wrap;gap:10px}",
            ".tile{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;min-width:150px}",
            ".tile b{display:block;font-size:22px}.tile span{font-size:12px;color:#555d6b}",
            "table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}",
            "th,td{border:1px solid #d5d9e0;padding:6px 8px;text-align:left;vertical-align:top}",
            "th{background:#e9ecf1}",
            "td ul{margin:0;padding-left:16px}",
            ".st{font-weight:bold;color:#fff;border-radius:4px;padding:2px 6px;white-space:nowrap;font-size:12px}",
            ".OPERATED{background:" + OK + "}.EXCEPTIONS{background:" + WARN + "}.FAILED{background:" + BAD + "}",
            ".NOT_EVIDENCED{background:" + GREY + "}.SUPPORTED{background:#4a6fa5}",
            ".fig{font-family:'DejaVu Sans Mono',monospace;font-size:12px}",
            ".ex{color:" + BAD + "}",
            ".card{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;margin:10px 0}",
            "svg.chart{display:block;background:#fff}",
            "svg .grid{stroke:#e3e6eb;stroke-width:1}svg .ax{font-size:11px;fill:#555d6b}",
            "svg .lg,svg .lb{font-size:12px;fill:#1d2330}",
            ".gap{color:#8a4b00}.yes{color:" + OK + ";font-weight:bold}.no{color:" + BAD + ";font-weight:bold}",
            "footer{margin:30px 0 10px;font-size:12px;color:#555d6b}");

    private HtmlPage() {
    }

    static String render(EvidenceReport r) {
        Tally t = r.tally;
        JournalVerification v = r.verification;
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>Evidence report: ").append(Html.esc(r.config.deployment)).append(' ')
                .append(r.from).append(" to ").append(r.to).append("</title><style>").append(CSS)
                .append("</style></head><body><main>\n");
        b.append("<h1>PHI safeguards of AI components: evidence report</h1>");
        b.append("<div class=\"meta\">Deployment <b>").append(Html.esc(r.config.deployment)).append("</b>");
        if (r.config.environment != null) {
            b.append(" (").append(Html.esc(r.config.environment)).append(')');
        }
        b.append(" · period <b>").append(r.from).append("</b> to <b>").append(r.to).append("</b> (UTC, inclusive)")
                .append(" · generated ").append(Html.esc(r.generatedAt)).append(" · ")
                .append(EvidenceReport.SCHEMA).append("</div>\n");
        verdict(b, r);
        summary(b, r);
        controls(b, r);
        charts(b, r);
        inventory(b, r);
        risks(b, r);
        b.append("<h2 id=\"verification\">Journal verification</h2><div class=\"card\"><pre class=\"fig\">")
                .append(Html.esc(r.verificationText())).append("</pre>");
        if (t.readError != null) {
            b.append("<p class=\"ex\">Reading events stopped early: ").append(Html.esc(t.readError))
                    .append(". Figures cover the records before that point only.</p>");
        }
        b.append("</div>");
        b.append("<footer>This page holds counts, configuration identifiers and codes only: no PHI, no principal, "
                + "patient, conversation or record identifiers. The same figures are in <code>evidence.json</code>; "
                + "the verification output is in <code>journal-verification.txt</code>. Verdicts: OPERATED (the "
                + "journal shows the control working, no exception), EXCEPTIONS (it worked, with findings to follow "
                + "up), FAILED (the journal did not verify), NOT_EVIDENCED (nothing shows it in the period), "
                + "SUPPORTED (an organisational control; the report supplies its inputs).</footer>");
        b.append("</main></body></html>\n");
        return b.toString();
    }

    private static void verdict(StringBuilder b, EvidenceReport r) {
        JournalVerification v = r.verification;
        if (v.intact()) {
            b.append("<div id=\"journal-verdict\" class=\"verdict ok\">Audit journal verified <b>INTACT</b>: ")
                    .append(v.records()).append(" records, ").append(v.checkpoints())
                    .append(" signed checkpoints, epochs ").append(Html.esc(String.join(", ", v.epochs())))
                    .append("; signing key ").append(r.keyPinned ? "pinned." : "<b>not pinned</b> (taken from the "
                            + "journal directory).").append("</div>\n");
            return;
        }
        b.append("<div id=\"journal-verdict\" class=\"verdict bad\"><b>JOURNAL VERIFICATION FAILED (")
                .append(v.status()).append(")</b>: the audit journal was altered, truncated, reordered or cut by a "
                        + "crash. The figures below are drawn from that journal and cannot be relied on; every "
                        + "control that depends on it is marked FAILED.<ul>");
        int shown = 0;
        for (JournalVerification.Problem p : v.problems()) {
            if (shown++ == 10) {
                b.append("<li>… ").append(v.problems().size() - 10).append(" more (see below)</li>");
                break;
            }
            b.append("<li>").append(Html.esc(p)).append("</li>");
        }
        b.append("</ul></div>\n");
    }

    private static void tile(StringBuilder b, String id, Object value, String label) {
        b.append("<div class=\"tile\" id=\"tile-").append(id).append("\"><b>").append(Html.esc(value))
                .append("</b><span>").append(Html.esc(label)).append("</span></div>");
    }

    private static void summary(StringBuilder b, EvidenceReport r) {
        Tally t = r.tally;
        long operated = r.controls.stream().filter(c -> c.status() == Control.Status.OPERATED).count();
        b.append("<h2 id=\"summary\">Summary</h2><div class=\"tiles\">");
        tile(b, "events", t.eventsInPeriod, "audit events in the period");
        tile(b, "phi", t.phiTotal(), "PHI items minimised before disclosure");
        tile(b, "disclosures", t.disclosures + " (" + t.disclosuresNoBaa + ")",
                "disclosures to models (to vendors without BAA)");
        tile(b, "blocks", t.blocks, "requests blocked by policy");
        tile(b, "reid", t.reidentifications, "authorised re-identifications");
        tile(b, "integrity", t.integrityFailures, "integrity failures detected");
        tile(b, "reviews", r.assessment.reviewDecisions(), "review decisions");
        tile(b, "controls", operated + " / " + r.controls.size(), "controls operated without exception");
        b.append("</div>\n");
    }

    private static void controls(StringBuilder b, EvidenceReport r) {
        b.append("<h2 id=\"controls\">Controls and the figures that show them operating</h2>");
        b.append("<table><tr><th>Control</th><th>What the deployment does</th><th>Live figures (period)</th>"
                + "<th>Verdict</th></tr>");
        for (Control c : r.controls) {
            b.append("<tr id=\"control-").append(Html.esc(c.framework() + "-" + c.id())).append("\"><td><b>")
                    .append(Html.esc(c.label())).append("</b><br>").append(Html.esc(c.title())).append("</td><td><ul>");
            for (String s : c.configured()) {
                b.append("<li>").append(Html.esc(s)).append("</li>");
            }
            b.append("</ul></td><td class=\"fig\">");
            for (Map.Entry<String, Object> f : c.figures().entrySet()) {
                b.append(Html.esc(f.getKey())).append(": <b>").append(Html.esc(f.getValue())).append("</b><br>");
            }
            b.append("</td><td><span class=\"st ").append(c.status().name()).append("\">").append(c.status().name())
                    .append("</span>");
            for (String e : c.exceptions()) {
                b.append("<div class=\"ex\">").append(Html.esc(e)).append("</div>");
            }
            b.append("</td></tr>");
        }
        b.append("</table>\n");
    }

    private static void charts(StringBuilder b, EvidenceReport r) {
        Tally t = r.tally;
        List<String> days = new ArrayList<>();
        for (LocalDate d : JsonModel.days(r)) {
            days.add(d.toString());
        }
        // the five most frequent types get a colour each, the rest are "other"
        List<PhiType> types = new ArrayList<>();
        for (PhiType p : PhiType.values()) {
            if (t.phiByType.getOrDefault(p, 0L) > 0) {
                types.add(p);
            }
        }
        types.sort((x, y) -> Long.compare(t.phiByType.get(y), t.phiByType.get(x)));
        List<PhiType> shown = types.subList(0, Math.min(6, types.size()));
        boolean other = types.size() > shown.size();
        List<String> names = new ArrayList<>();
        for (PhiType p : shown) {
            names.add(p.name());
        }
        if (other) {
            names.add("other types");
        }
        long[][] values = new long[Math.max(1, names.size())][days.size()];
        for (int i = 0; i < days.size(); i++) {
            Map<PhiType, Long> day = t.phiPerDay.getOrDefault(LocalDate.parse(days.get(i)), Map.of());
            for (Map.Entry<PhiType, Long> e : day.entrySet()) {
                int s = shown.indexOf(e.getKey());
                values[s >= 0 ? s : names.size() - 1][i] += e.getValue();
            }
        }
        if (names.isEmpty()) {
            names.add("PHI items");
        }
        b.append("<h2 id=\"charts\">Activity</h2>");
        b.append("<h3>PHI items minimised before disclosure, per day and type</h3>");
        b.append(SvgCharts.stackedBars(CHARTS.get(0), "PHI items minimised per day and type", days, names, values,
                PALETTE, 300));
        b.append("<h3>Requests blocked by policy, per day</h3>");
        b.append(SvgCharts.bars(CHARTS.get(1), "Policy blocks per day", days, perDay(days, t.blocksPerDay), WARN, 180));
        b.append("<h3>Integrity failures detected, per day</h3>");
        b.append(SvgCharts.bars(CHARTS.get(2), "Integrity failures per day", days, perDay(days, t.integrityPerDay),
                BAD, 180));
        b.append("<h3>Review outcomes</h3>");
        b.append(SvgCharts.horizontalBars(CHARTS.get(3), "Review outcomes",
                List.of("approved", "edited and approved", "rejected", "expired", "withdrawn", "pending at end",
                        "committed to the record"),
                new long[] {t.reviewApproved, t.reviewEdited, t.reviewRejected, t.reviewExpired, t.reviewWithdrawn,
                    t.reviewPendingAtEnd, t.reviewCommitted},
                new String[] {OK, "#5b9e6f", BAD, WARN, GREY, "#4a6fa5", "#2f6db5"}));
        b.append("<h3>Review turnaround (submission to decision)</h3><p class=\"meta\">median ")
                .append(duration(Tally.percentile(t.turnaroundSeconds, 50))).append(", 90th percentile ")
                .append(duration(Tally.percentile(t.turnaroundSeconds, 90))).append(", longest ")
                .append(duration(Tally.max(t.turnaroundSeconds))).append(" over ").append(t.turnaroundSeconds.size())
                .append(" decision(s); deadline ").append(r.config.review.deadlineHours()).append(" h</p>");
        b.append(SvgCharts.horizontalBars(CHARTS.get(4), "Review turnaround",
                List.of("under 15 min", "15 min to 1 h", "1 h to 4 h", "4 h to 24 h", "over 24 h"),
                JsonModel.turnaroundBuckets(t.turnaroundSeconds),
                new String[] {OK, OK, "#5b9e6f", WARN, BAD}));
        b.append("<h3>Disclosures per destination</h3><p class=\"meta\">green: BAA · blue: in-house · orange: no BAA "
                + "(Safe-Harbor text only) · red: not declared in the configuration</p>");
        List<String> labels = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        long[] counts = new long[t.destinations.size()];
        int i = 0;
        for (Tally.Dest d : t.destinations.values()) {
            labels.add(d.vendor + "/" + d.model + (d.inHouse ? " (in-house)" : d.baa ? " (BAA)" : " (no BAA)"));
            colors.add(!d.declared ? BAD : d.inHouse ? "#4a6fa5" : d.baa ? OK : WARN);
            counts[i++] = d.events;
        }
        b.append(SvgCharts.horizontalBars(CHARTS.get(5), "Disclosures per destination", labels, counts,
                colors.toArray(new String[0])));
    }

    private static long[] perDay(List<String> days, Map<LocalDate, Long> m) {
        long[] out = new long[days.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.getOrDefault(LocalDate.parse(days.get(i)), 0L);
        }
        return out;
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min";
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    private static String yesNo(boolean v) {
        return v ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">no</span>";
    }

    private static void inventory(StringBuilder b, EvidenceReport r) {
        EvidenceConfig c = r.config;
        b.append("<h2 id=\"inventory\">Inventory of AI components</h2>");
        b.append("<table><tr><th>Component</th><th>Service account</th><th>Destinations (BAA)</th>"
                + "<th>Policy per purpose</th><th>Review gate</th><th>Vector store</th><th>Integrity check</th>"
                + "<th>Output scan</th><th>Patient-scoped</th><th>Events</th></tr>");
        for (EvidenceConfig.Component k : c.components) {
            b.append("<tr><td><b>").append(Html.esc(k.name())).append("</b></td><td>")
                    .append(Html.esc(k.serviceAccount())).append("</td><td>");
            for (EvidenceConfig.Target d : k.destinations()) {
                b.append(Html.esc(d.label())).append(' ').append(d.inHouse() ? "in-house" : d.baa()
                        ? "<span class=\"yes\">BAA</span>" : "<span class=\"no\">no BAA</span>").append("<br>");
            }
            b.append("</td><td>");
            k.policies().forEach((p, id) -> b.append(Html.esc(p.name())).append(": ").append(Html.esc(id))
                    .append("<br>"));
            b.append("</td><td>").append(yesNo(k.reviewRequired())).append("</td><td>")
                    .append(EvidenceReport.lower(k.vectorStore())).append("</td><td>")
                    .append(EvidenceReport.lower(k.integrityCheck())).append("</td><td>").append(yesNo(k.outputScan()))
                    .append("</td><td>").append(yesNo(k.patientScoped())).append("</td><td>")
                    .append(r.tally.eventsByComponent.getOrDefault(k.name(), 0L)).append("</td></tr>");
        }
        b.append("</table>");
        if (r.tally.unattributed > 0) {
            b.append("<p class=\"ex\">").append(r.tally.unattributed)
                    .append(" event(s) came from components not declared above: ");
            r.tally.unattributedByComponent.forEach((k, n) -> b.append(Html.esc(k)).append(" (").append(n)
                    .append(") "));
            b.append("</p>");
        }
        b.append("<h3>Keys (rotation every ").append(c.rotationDays).append(" days)</h3>");
        if (c.keys.isEmpty()) {
            b.append("<p class=\"ex\">No key is declared or read from a keyring.</p>");
        } else {
            b.append("<table><tr><th>Keyset</th><th>Key id</th><th>Status</th><th>Created</th><th>Last rotated</th>"
                    + "<th>Rotation due</th></tr>");
            for (EvidenceConfig.Key k : c.keys) {
                boolean primary = k.status() == EvidenceConfig.KeyStatus.PRIMARY;
                LocalDate due = r.assessment.rotationDue(k);
                boolean overdue = primary && due.isBefore(r.to);
                b.append("<tr><td>").append(Html.esc(k.keyset())).append("</td><td class=\"fig\">")
                        .append(Html.esc(k.keyId())).append("</td><td>").append(k.status()).append("</td><td>")
                        .append(k.created()).append("</td><td>").append(k.lastRotation()).append("</td><td")
                        .append(overdue ? " class=\"ex\"" : "").append('>').append(primary ? due + (overdue
                                ? " (overdue)" : "") : "-").append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h3>Retention, review gate, journal</h3><table>");
        b.append("<tr><th>Audit retention</th><td>").append(c.retention.auditYears())
                .append(" years (45 CFR 164.316(b)(2)); legal hold ").append(yesNo(c.retention.legalHold()))
                .append("</td></tr>");
        b.append("<tr><th>Pseudonym vault TTL</th><td>").append(c.retention.vaultTtlHours() == null ? "not set"
                : c.retention.vaultTtlHours() + " h").append("</td></tr>");
        b.append("<tr><th>Review gate</th><td>deadline ").append(c.review.deadlineHours())
                .append(" h; minimum dwell ").append(c.review.minDwellSeconds()).append(" s; separation of duties ")
                .append(yesNo(c.review.separationOfDuties())).append("; auto-approve ")
                .append(c.review.autoApprove() ? "<span class=\"no\">yes</span>" : "<span class=\"yes\">no</span>")
                .append("</td></tr>");
        b.append("<tr><th>Journal</th><td>checkpoint every ").append(c.audit.checkpointEvery())
                .append(" records; independent witness ").append(yesNo(c.audit.witness())).append("</td></tr>");
        b.append("</table>\n");
    }

    private static void risks(StringBuilder b, EvidenceReport r) {
        b.append("<h2 id=\"risks\">AI risk categories</h2><table><tr><th>Risk</th><th>What the configuration does"
                + "</th><th>What it does not do</th></tr>");
        for (Risk k : r.risks) {
            b.append("<tr id=\"risk-").append(Html.esc(k.id())).append("\"><td><b>").append(Html.esc(k.title()))
                    .append("</b></td><td><ul>");
            for (String s : k.addresses()) {
                b.append("<li>").append(Html.esc(s)).append("</li>");
            }
            b.append("</ul></td><td><ul>");
            for (String s : k.gaps()) {
                b.append("<li class=\"gap\">").append(Html.esc(s)).append("</li>");
            }
            b.append("</ul></td></tr>");
        }
        b.append("</table>\n");
    }
}
