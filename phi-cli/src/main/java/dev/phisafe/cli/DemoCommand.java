package dev.phisafe.cli;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code phi demo}: scans a bundled synthetic clinical note (every identifier in it is invented) and shows each
 * finding in place, then a table of findings and counts per type. Offline and fast; a later issue grows it into the
 * full RAG demo.
 *
 * <p>Printing the covered text is fine here and only here: the note is the demo's own fake data, not user input.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Scan a bundled synthetic clinical note (fake PHI) and show what the detectors find.")
final class DemoCommand implements Callable<Integer> {

    /** The bundled note, a resource next to this class. */
    static final String NOTE_RESOURCE = "demo-note.txt";

    private static final String RESET = "\u001b[0m";

    /** When to colour the output. */
    enum ColorMode { auto, always, never }

    @ParentCommand
    private PhiCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "colour findings: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: on a terminal, unless NO_COLOR is set)")
    private ColorMode color;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String note = loadNote();
            long t0 = System.nanoTime();
            List<PhiSpan> spans = parent.detector().detect(note);
            double ms = (System.nanoTime() - t0) / 1e6;
            boolean ansi = color == ColorMode.always
                    || (color == ColorMode.auto && System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM")));
            out.println("phi demo: a synthetic discharge summary (all identifiers are invented), findings marked"
                    + (ansi ? "" : " as [TYPE: text]"));
            out.println();
            out.println(render(note, spans, ansi).stripTrailing());
            out.println();
            out.print(findingsTable(note, spans));
            out.println();
            out.print(countsTable(spans));
            out.println(String.format(Locale.ROOT, "%nscanned %,d characters in %.1f ms", note.length(), ms));
            out.flush();
            return PhiCommand.OK;
        } catch (PhiProcessingException e) {
            err.println(PhiCommand.detectorFailed("demo", 0, e));
            return PhiCommand.CHECK_FAILED;
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            err.println(PhiCommand.unexpected("demo", e));
            return PhiCommand.BAD_INPUT;
        }
    }

    /**
     * @return the bundled demo note
     * @throws IOException if the resource is missing from the jar
     */
    static String loadNote() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(NOTE_RESOURCE)) {
            if (in == null) {
                throw new IOException("demo note resource missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The note with every finding marked: {@code [TYPE: text]}, or underlined and coloured with a dim type label
     * when {@code ansi}.
     *
     * @param note  the text
     * @param spans non-overlapping spans sorted by start (the suite's output)
     * @param ansi  whether to use ANSI escapes
     * @return the rendering
     */
    static String render(String note, List<PhiSpan> spans, boolean ansi) {
        StringBuilder sb = new StringBuilder(note.length() + spans.size() * 24);
        int pos = 0;
        for (PhiSpan s : spans) {
            if (s.start() < pos) {
                continue; // overlaps the previous one: the suite never returns this, a hand-made list might
            }
            sb.append(note, pos, s.start());
            String covered = note.substring(s.start(), s.end());
            if (ansi) {
                sb.append("\u001b[1;4;").append(colour(s.type())).append('m').append(covered).append(RESET)
                        .append("\u001b[2m[").append(s.type().name()).append(']').append(RESET);
            } else {
                sb.append('[').append(s.type().name()).append(": ").append(covered).append(']');
            }
            pos = s.end();
        }
        sb.append(note, pos, note.length());
        return sb.toString();
    }

    /**
     * @param note  the text
     * @param spans the findings
     * @return one row per finding: type, confidence, detector, offsets, text
     */
    static String findingsTable(String note, List<PhiSpan> spans) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-32s %5s  %-12s %-11s %s%n", "type", "conf", "detector", "offsets", "text"));
        if (spans.isEmpty()) {
            sb.append("(no findings)").append(System.lineSeparator());
        }
        for (PhiSpan s : spans) {
            String covered = note.substring(s.start(), s.end()).replace('\n', ' ');
            sb.append(String.format(Locale.ROOT, "%-32s %5.2f  %-12s %-11s %s%n", s.type().name(), s.confidence(),
                    s.detector(), s.start() + "-" + s.end(), covered));
        }
        return sb.toString();
    }

    /**
     * @param spans the findings
     * @return findings per type, in {@link PhiType} order, and the total
     */
    static String countsTable(List<PhiSpan> spans) {
        Map<PhiType, Integer> counts = new EnumMap<>(PhiType.class);
        for (PhiSpan s : spans) {
            counts.merge(s.type(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-32s %5s%n", "findings per type", "count"));
        for (Map.Entry<PhiType, Integer> e : counts.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-32s %5d%n", e.getKey().name(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "%-32s %5d%n", "total", spans.size()));
        return sb.toString();
    }

    private static int colour(PhiType t) {
        switch (t) {
            case NAME:
                return 31; // red
            case DATE:
            case AGE_OVER_89:
                return 33; // yellow
            case GEOGRAPHIC_LOCATION:
                return 32; // green
            case PHONE_NUMBER:
            case FAX_NUMBER:
            case EMAIL_ADDRESS:
            case URL:
            case IP_ADDRESS:
                return 36; // cyan
            default:
                return 35; // magenta: the identifier numbers
        }
    }
}
