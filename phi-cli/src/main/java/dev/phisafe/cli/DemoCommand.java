package dev.phisafe.cli;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code phi demo}: the full demo — a synthetic clinic through a PHI-safe RAG pipeline, review gate, audit journal
 * and evidence package — lives in the {@code examples} module ({@code dev.phisafe.examples.demo.ClinicDemo}, packaged
 * as {@code examples/target/phi-demo.jar}), because it needs LangChain4j, MiniLM and Tink, which the {@code phi}
 * jar does not carry. The {@code ./phi} script starts that jar directly; this command, reached through
 * {@code java -jar phi.jar demo}, finds the jar and runs it in a child JVM with the same options, or says how to
 * build it.
 *
 * <p>{@code phi demo --scan-only} is the detection-only view that needs nothing else: it scans a bundled synthetic
 * clinical note (every identifier in it is invented) and shows each finding in place, then a table of findings and
 * counts per type. Printing the covered text is fine here and only here: the note is the demo's own fake data, not
 * user input.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run the full demo: a synthetic clinic through a PHI-safe RAG pipeline (encrypted store, "
                + "minimized prompts, re-identified answers, review gate, verified audit journal, evidence package), "
                + "offline unless OPENAI_BASE_URL and OPENAI_API_KEY are set.",
            "With --scan-only: scan a bundled synthetic note (fake PHI) and show what the detectors find."})
final class DemoCommand implements Callable<Integer> {

    /** System property naming the demo jar (tests, unusual layouts); then the environment variable. */
    static final String JAR_PROPERTY = "phi.demo.jar";
    static final String JAR_ENV = "PHI_DEMO_JAR";

    /** The bundled note, a resource next to this class. */
    static final String NOTE_RESOURCE = "demo-note.txt";

    private static final String RESET = "\u001b[0m";

    /** When to colour the output. */
    enum ColorMode { auto, always, never }

    @ParentCommand
    private PhiCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scan-only",
            description = "only scan the bundled synthetic note and show the findings (no model, store or keys)")
    private boolean scanOnly;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "with --scan-only: colour findings: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: on a terminal, unless NO_COLOR is set)")
    private ColorMode color;

    @Option(names = "--out", paramLabel = "DIR",
            description = "full demo: where the audit journal and evidence package go (default target/phi-demo-<time>)")
    private Path outDir;

    @Option(names = "--offline",
            description = "full demo: use the offline stand-in even if OPENAI_BASE_URL and OPENAI_API_KEY are set")
    private boolean offline;

    @Override
    public Integer call() {
        if (scanOnly) {
            if (outDir != null || offline) {
                spec.commandLine().getErr().println("phi demo: --out and --offline belong to the full demo, not to "
                        + "--scan-only");
                return PhiCommand.BAD_INPUT;
            }
            return scan();
        }
        return fullDemo();
    }

    /** Runs the demo jar in a child JVM with this JVM's java, forwarding the options; its exit code is ours. */
    private int fullDemo() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> jar = locateDemoJar();
        if (jar.isEmpty()) {
            err.println("phi demo: the full demo runs from examples/target/phi-demo.jar, which was not found. From "
                    + "the repository root, ./phi demo builds and runs it (mvn -q -pl examples -am package "
                    + "-DskipTests); or set " + JAR_ENV + "; or run phi demo --scan-only for the detection-only view.");
            return PhiCommand.BAD_INPUT;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.get().toString()));
        if (outDir != null) {
            cmd.add("--out");
            cmd.add(outDir.toString());
        }
        if (offline) {
            cmd.add("--offline");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.println(line);
                    stdout.flush();
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            err.println("phi demo: cannot start " + jar.get() + " (" + e.getClass().getSimpleName() + ")");
            return PhiCommand.BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("phi demo: interrupted");
            return PhiCommand.BAD_INPUT;
        }
    }

    /**
     * The demo jar: {@value #JAR_PROPERTY}, else {@value #JAR_ENV}, else {@code examples/target/phi-demo.jar} next to
     * the {@code phi-cli/target/phi.jar} this class was loaded from.
     *
     * @return the jar, if it exists
     */
    static Optional<Path> locateDemoJar() {
        String named = System.getProperty(JAR_PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(JAR_ENV);
        }
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        try {
            Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // phi-cli/target/phi.jar (or phi-cli/target/classes) -> <root>/examples/target/phi-demo.jar
            Path root = self.getParent() == null || self.getParent().getParent() == null ? null
                    : self.getParent().getParent().getParent();
            if (root != null) {
                Path p = root.resolve("examples").resolve("target").resolve("phi-demo.jar");
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source (unusual class loader): fall through to "not found"
        }
        return Optional.empty();
    }

    /** The detection-only view. */
    private int scan() {
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
            out.println("phi demo --scan-only: a synthetic discharge summary (all identifiers are invented), findings marked"
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
