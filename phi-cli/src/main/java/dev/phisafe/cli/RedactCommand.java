package dev.phisafe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.PolicyFiles;
import dev.phisafe.core.policy.PolicyFormatException;
import dev.phisafe.core.transform.FilterResult;
import dev.phisafe.core.transform.PhiFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code phi redact}: applies a policy to text (a file or stdin) or to JSON Lines records
 * ({@code {"id","text"}} in, {@code {"id","text","label","counts"}} out).
 *
 * <p>The destination is taken to have no BAA, so every policy is capped at Safe Harbor unless {@code --baa} is given.
 * Fail closed: a blocked record or a detector failure stops the run with exit code 1 and no output file is written.
 */
@Command(name = "redact",
        mixinStandardHelpOptions = true,
        description = {"Apply a policy to text or to JSON Lines records {\"id\",\"text\"}.",
            "Output: the filtered text, or {\"id\",\"text\",\"label\",\"counts\"} lines."})
final class RedactCommand implements Callable<Integer> {

    @ParentCommand
    private PhiCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", defaultValue = "safe-harbor", paramLabel = "POLICY",
            description = "safe-harbor (default), limited, pseudonymized, in-house, or a policy FILE (.json, .yaml)")
    private String policyName;

    @Option(names = "--input", defaultValue = "-", paramLabel = "FILE", description = "input, '-' for stdin (default)")
    private String input;

    @Option(names = "--output", defaultValue = "-", paramLabel = "FILE", description = "output, '-' for stdout (default)")
    private String output;

    @Option(names = "--jsonl", description = "read JSON Lines records (implied by an input file ending in .jsonl)")
    private boolean jsonl;

    @Option(names = "--baa", description = "the recipient is covered by a BAA (else the policy is capped at Safe Harbor)")
    private boolean baa;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PhiPolicy policy;
        try {
            boolean file = policyName.endsWith(".json") || policyName.endsWith(".yaml") || policyName.endsWith(".yml");
            policy = file ? PolicyFiles.read(Path.of(policyName)) : PhiPolicies.byId(policyName);
        } catch (IllegalArgumentException | PolicyFormatException e) {
            err.println("phi redact: " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        }
        Destination destination = baa ? Destination.builder("cli").baa().build() : Destination.builder("cli").build();
        PhiFilter filter;
        try {
            filter = PhiFilter.builder().detectors(parent.detector()).policy(policy).destination(destination).build();
        } catch (IllegalStateException e) {
            err.println("phi redact: " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        }
        boolean records = jsonl || input.endsWith(".jsonl");
        OutputTarget out = null;
        try {
            if (!"-".equals(input) && !Files.isRegularFile(Path.of(input))) {
                err.println("phi redact: input file not found or not a regular file: " + input);
                return PhiCommand.BAD_INPUT;
            }
            out = "-".equals(output) ? OutputTarget.stdout(spec.commandLine().getOut()) : OutputTarget.file(Path.of(output));
            Writer w = out.writer();
            PhiContext ctx = PhiContext.builder().tenant("cli").conversation("redact").build();
            if (records) {
                try (JsonLines in = "-".equals(input) ? JsonLines.of(parent.stdin()) : JsonLines.open(Path.of(input))) {
                    ObjectNode rec;
                    while ((rec = in.next()) != null) {
                        JsonNode id = rec.get("id");
                        String text = in.requireString(rec, "text");
                        FilterResult r = filter.filter(text, ctx);
                        ObjectNode o = JsonLines.WRITER.createObjectNode();
                        o.set("id", id);
                        o.put("text", r.text());
                        o.put("label", r.label().name());
                        ObjectNode counts = o.putObject("counts");
                        r.counts().forEach((t, n) -> counts.put(t.name(), n));
                        w.write(JsonLines.WRITER.writeValueAsString(o));
                        w.write('\n');
                    }
                }
            } else {
                String text;
                try (InputStream in = "-".equals(input) ? parent.stdin() : Files.newInputStream(Path.of(input))) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                FilterResult r = filter.filter(text, ctx);
                w.write(r.text());
                err.println("phi redact: " + r.label() + " " + r.counts());
            }
            out.commit();
            return PhiCommand.OK;
        } catch (InputFormatException e) {
            err.println("phi redact: " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        } catch (PhiBlockedException e) {
            err.println("phi redact: " + e.getMessage() + "; nothing was released");
            return PhiCommand.CHECK_FAILED;
        } catch (PhiProcessingException e) {
            err.println("phi redact: a component failed (" + e.getClass().getSimpleName() + "); nothing was released");
            return PhiCommand.CHECK_FAILED;
        } catch (IOException e) {
            err.println("phi redact: I/O error (" + e.getClass().getSimpleName() + ")");
            return PhiCommand.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println(PhiCommand.unexpected("redact", e));
            return PhiCommand.BAD_INPUT;
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    // the target is only committed on success
                }
            }
        }
    }
}
