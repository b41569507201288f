package dev.phisafe.cli;

import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.Checkpoint;
import dev.phisafe.core.audit.JournalVerification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phi audit}: commands on the tamper-evident audit journal (45 CFR 164.312(b); NIST SP 800-53 AU-9).
 */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Check the tamper-evident audit journal.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return PhiCommand.BAD_INPUT;
    }

    /**
     * {@code phi audit verify --journal DIR [--public-key F] [--deep]}: re-checks every record (envelope, sequence,
     * hash chain across epochs; with {@code --deep} also the canonical form and event schema of each record), every checkpoint (Ed25519 signature, root recomputed from the records, consistency with
     * the previous checkpoint) and sampled inclusion proofs. Prints each problem with its file and line, never record
     * content. Exit 0 intact, 1 tampered (or cut by a crash: a torn tail), 2 unreadable.
     */
    @Command(name = "verify",
            mixinStandardHelpOptions = true,
            description = {"Verify an audit journal: hash chain, signed checkpoints, inclusion and consistency proofs.",
                "Prints what is wrong and where (file:line), never record content."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:intact", "1:tampered, truncated, reordered, or a torn tail (reopen the journal to "
                    + "repair a crash)", "2:unreadable: missing directory, not a journal, or a bad key file"})
    static final class Verify implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--journal", required = true, paramLabel = "DIR", description = "the journal directory")
        private Path journal;

        @Option(names = "--public-key", paramLabel = "FILE",
                description = "pinned Ed25519 public key (C2SP verifier key line or PEM); without it the key in the "
                        + "journal directory is used, which cannot detect a re-signed journal")
        private Path publicKey;

        @Option(names = "--deep",
                description = {"also parse every record, check it is RFC 8785 canonical and a valid audit event "
                        + "(finds records written malformed by a faulty writer; about 30x slower).",
                    "The default fast check hashes each record's raw bytes: every change, deletion, reordering or "
                        + "truncation is found either way."})
        private boolean deep;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PublicKey key = null;
            if (publicKey != null) {
                try {
                    key = Checkpoint.parseVerifierKey(Files.readString(publicKey, StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    err.println("phi audit verify: public key file unreadable or not an Ed25519 key: " + publicKey);
                    return PhiCommand.BAD_INPUT;
                }
            }
            JournalVerification v = AuditJournal.verify(journal, key, deep);
            for (JournalVerification.Problem p : v.problems()) {
                out.println(p);
            }
            for (String w : v.warnings()) {
                out.println("warning: " + w);
            }
            switch (v.status()) {
                case INTACT:
                    out.println("journal intact: " + v.records() + " records, " + v.checkpoints()
                            + " signed checkpoints, epochs " + v.epochs());
                    out.flush();
                    return PhiCommand.OK;
                case TAMPERED:
                    out.println("journal NOT intact: " + v.problems().size() + " problem(s) in " + v.records()
                            + " records, " + v.checkpoints() + " checkpoints");
                    out.flush();
                    return PhiCommand.CHECK_FAILED;
                default:
                    out.flush();
                    err.println("phi audit verify: journal unreadable: " + journal);
                    return PhiCommand.BAD_INPUT;
            }
        }
    }
}
