package dev.phisafe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phisafe.core.PhiProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code phi eval}: scores the default detectors on a gold file as DESIGN.md "Scoring" says (see
 * {@link GoldScorer}), and prints the figures as JSON, or as a table with {@code --table}. Never prints document
 * text.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Score the default detectors on a gold JSON Lines file",
            "{\"id\",\"text\",\"spans\":[{\"start\",\"end\",\"label\"}],\"hard_negative\"}.",
            "Prints recall, precision, hard-negative specificity, typed accuracy, per-label figures and throughput."})
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    private PhiCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--gold", required = true, paramLabel = "FILE", description = "gold JSON Lines file, '-' for stdin")
    private String gold;

    @Option(names = "--table", description = "print a table for people instead of JSON")
    private boolean table;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        JsonLines in = null;
        try {
            if ("-".equals(gold)) {
                in = JsonLines.of(parent.stdin());
            } else {
                Path p = Path.of(gold);
                if (!Files.isRegularFile(p)) {
                    err.println("phi eval: gold file not found or not a regular file: " + gold);
                    return PhiCommand.BAD_INPUT;
                }
                in = JsonLines.open(p);
            }
            Score score = GoldScorer.scoreFile(gold, in, parent.detector());
            if (table) {
                out.print(score.toTable());
            } else {
                out.println(JsonLines.WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(score.toJson()));
            }
            out.flush();
            return PhiCommand.OK;
        } catch (InputFormatException e) {
            err.println("phi eval: " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        } catch (JsonProcessingException e) {
            err.println(PhiCommand.unexpected("eval", e));
            return PhiCommand.BAD_INPUT;
        } catch (IOException e) {
            err.println("phi eval: I/O error (" + e.getClass().getSimpleName() + ")");
            return PhiCommand.BAD_INPUT;
        } catch (PhiProcessingException e) {
            err.println(PhiCommand.detectorFailed("eval", in == null ? 0 : in.lineNumber(), e));
            return PhiCommand.CHECK_FAILED;
        } catch (RuntimeException | ExceptionInInitializerError e) {
            err.println(PhiCommand.unexpected("eval", e));
            return PhiCommand.BAD_INPUT;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // input only: nothing lost
                }
            }
        }
    }
}
