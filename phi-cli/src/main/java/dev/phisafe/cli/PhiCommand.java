package dev.phisafe.cli;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code phi} command line (DESIGN.md "Contracts"): {@code scan}, {@code eval}, {@code demo}.
 *
 * <p>Exit codes: 0 ok; 1 a check failed (e.g. a detector failed, so a document could not be scanned); 2 bad usage
 * or bad input. Messages go to stderr and never echo input text: a bad line is named by its number only, and an
 * unexpected exception by its class only, because exception messages may quote input.
 *
 * <p>Run it as {@code ./phi} from the repository root, or {@code java -jar phi-cli/target/phi.jar}. In-process
 * (tests): {@code new CommandLine(new PhiCommand()).execute("scan", "--input", ...)}.
 */
@Command(name = "phi",
        mixinStandardHelpOptions = true,
        versionProvider = PhiCommand.Version.class,
        description = "phi-safe: find and protect PHI (Protected Health Information) in text.",
        subcommands = {ScanCommand.class, EvalCommand.class, RedactCommand.class, DemoCommand.class, KeysCommand.class,
            AuditCommand.class, EvidenceCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:a check failed (e.g. a detector failed: the text must be treated as containing PHI)",
            "2:bad usage or bad input (messages name line numbers, never input text)"})
public final class PhiCommand implements Callable<Integer> {

    /** Exit code: success. */
    static final int OK = 0;
    /** Exit code: a check failed. */
    static final int CHECK_FAILED = 1;
    /** Exit code: bad usage or bad input. */
    static final int BAD_INPUT = 2;

    private final PhiDetector detector;
    private final InputStream stdin;

    @Spec
    private CommandSpec spec;

    /** The command with the default detector suite, reading standard input. */
    public PhiCommand() {
        this(null, System.in);
    }

    /**
     * For tests: another detector (e.g. one that fails) and another standard input.
     *
     * @param detector the detector, or {@code null} for {@link PhiDetectors#defaults()}
     * @param stdin    what {@code -} reads
     */
    PhiCommand(PhiDetector detector, InputStream stdin) {
        this.detector = detector;
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /**
     * @return the detector the subcommands use; the default suite is loaded on first use
     * @throws PhiProcessingException if the default dictionaries cannot be loaded
     */
    PhiDetector detector() {
        return detector != null ? detector : PhiDetectors.defaults();
    }

    /** @return what {@code --input -} reads */
    InputStream stdin() {
        return stdin;
    }

    /** {@code phi} without a subcommand: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("phi: missing command");
        spec.commandLine().usage(err);
        return BAD_INPUT;
    }

    /**
     * Entry point of {@code phi.jar}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine(new PhiCommand()).execute(args));
    }

    /**
     * A configured command line: the subcommands handle their own failures, and this handler is a last resort that
     * prints the exception's class only (its message and stack trace could hold input text) and exits 2.
     *
     * @param command the command object
     * @return the command line
     */
    static CommandLine commandLine(PhiCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println(unexpected(line.getCommandName(), ex));
            return BAD_INPUT;
        });
        return cl;
    }

    /**
     * The message for an exception nobody expected: the class name only.
     *
     * @param command the command's name, e.g. {@code "scan"}
     * @param e       the exception
     * @return a message holding no input text
     */
    static String unexpected(String command, Throwable e) {
        return "phi " + command + ": unexpected failure (" + e.getClass().getName()
                + "); details are not shown because they could contain input text";
    }

    /**
     * The message for a failed detector. {@link PhiProcessingException} messages hold no PHI by contract
     * (dev.phisafe.core.PhiException), so this one is shown.
     *
     * @param command the command's name
     * @param line    the 1-based input line, or 0 if not reading lines
     * @param e       the failure
     * @return the message
     */
    static String detectorFailed(String command, long line, PhiProcessingException e) {
        return "phi " + command + ": " + (line > 0 ? "line " + line + ": " : "") + "detection failed: " + e.getMessage();
    }

    /** Reports the version from the filtered resource {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = PhiCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown": a version string is not worth failing for
            }
            return new String[] {"phi-safe " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
