package dev.phisafe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiSpan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code phi scan}: JSON Lines {@code {"id","text"}} in, {@code {"id","spans":[...]}} out, one line per record, with
 * the default detectors (DESIGN.md "Contracts").
 *
 * <p>Streams line by line: memory is constant in the number of lines (one document at a time).
 *
 * <p>Fail closed: if a detector fails on a document, the scan stops at once, writes nothing for that document or
 * after it, and exits 1 — a document without a result line must not be read as "no PHI". With {@code --output FILE}
 * the file is only put in place when every document was scanned (see {@link OutputTarget}), so on any failure the
 * target is left untouched; with {@code --output -} the lines before the failing one have already been written.
 */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        description = {"Find PHI in JSON Lines records {\"id\",\"text\"} (other fields are ignored).",
            "Writes one line per record: {\"id\",\"spans\":[{\"start\",\"end\",\"type\",\"confidence\",\"detector\"}]}",
            "(offsets are UTF-16 indices into text, end exclusive)."},
        footer = {"%nIf a detector fails on a record, the scan stops with exit code 1 and writes nothing for that",
            "record or after it; an output file is only created when every record was scanned."})
final class ScanCommand implements Callable<Integer> {

    /** Progress goes to stderr at most this often. */
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    @ParentCommand
    private PhiCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSON Lines input, '-' for stdin")
    private String input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "JSON Lines output, '-' for stdout")
    private String output;

    @Option(names = {"-q", "--quiet"}, description = "no progress or summary on stderr")
    private boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        JsonLines in = null;
        try {
            if (!"-".equals(input)) {
                Path p = Path.of(input);
                if (!Files.isRegularFile(p)) {
                    err.println("phi scan: input file not found or not a regular file: " + input);
                    return PhiCommand.BAD_INPUT;
                }
                in = JsonLines.open(p);
            } else {
                in = JsonLines.of(parent.stdin());
            }
            OutputTarget out;
            if ("-".equals(output)) {
                out = OutputTarget.stdout(spec.commandLine().getOut());
            } else {
                Path p = Path.of(output);
                Path dir = p.toAbsolutePath().getParent();
                if (dir == null || !Files.isDirectory(dir) || Files.isDirectory(p)) {
                    err.println("phi scan: cannot write output (no such directory, or it is a directory): " + output);
                    return PhiCommand.BAD_INPUT;
                }
                out = OutputTarget.file(p);
            }
            try (OutputTarget o = out) {
                return scan(in, o, parent.detector(), err);
            }
        } catch (InputFormatException e) {
            err.println("phi scan: " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        } catch (IOException e) {
            // an IOException message may name a path, never file content; still, print the class only
            err.println("phi scan: I/O error (" + e.getClass().getSimpleName() + ")");
            return PhiCommand.BAD_INPUT;
        } catch (PhiProcessingException e) {
            err.println(PhiCommand.detectorFailed("scan", 0, e));
            return PhiCommand.CHECK_FAILED;
        } catch (RuntimeException | ExceptionInInitializerError e) {
            err.println(PhiCommand.unexpected("scan", e));
            return PhiCommand.BAD_INPUT;
        } finally {
            closeQuietly(in);
        }
    }

    private int scan(JsonLines in, OutputTarget out, PhiDetector detector, PrintWriter err)
            throws IOException, InputFormatException {
        Writer w = out.writer();
        long docs = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        long lastReport = t0;
        ObjectNode rec;
        while ((rec = in.next()) != null) {
            JsonNode id = rec.get("id");
            if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
                throw new InputFormatException(in.lineNumber(), "field \"id\" is missing or not a string or integer");
            }
            String text = in.requireString(rec, "text");
            List<PhiSpan> spans;
            try {
                spans = detector.detect(text);
            } catch (PhiProcessingException e) {
                err.println(PhiCommand.detectorFailed("scan", in.lineNumber(), e));
                err.println("phi scan: stopped; " + (out.isStdout()
                        ? "nothing was written for that line or after it"
                        : "no output file was written"));
                return PhiCommand.CHECK_FAILED;
            }
            ObjectNode result = JsonLines.WRITER.createObjectNode();
            result.set("id", id);
            ArrayNode arr = result.putArray("spans");
            for (PhiSpan s : spans) {
                ObjectNode so = arr.addObject();
                so.put("start", s.start());
                so.put("end", s.end());
                so.put("type", s.type().name());
                so.put("confidence", s.confidence());
                so.put("detector", s.detector());
            }
            w.write(JsonLines.WRITER.writeValueAsString(result));
            w.write('\n');
            docs++;
            bytes += JsonLines.utf8Length(text);
            if (!quiet) {
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_NANOS) {
                    lastReport = now;
                    err.println(String.format(Locale.ROOT, "phi scan: scanned %,d documents, %.1f MB", docs, bytes / 1e6));
                    err.flush();
                }
            }
        }
        out.commit();
        if (!quiet) {
            double secs = (System.nanoTime() - t0) / 1e9;
            err.println(String.format(Locale.ROOT, "phi scan: scanned %,d documents, %.1f MB in %.1f s", docs, bytes / 1e6,
                    secs));
        }
        return PhiCommand.OK;
    }

    private static void closeQuietly(JsonLines in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was lost: input is only read
            }
        }
    }
}
