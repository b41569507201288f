package dev.phisafe.cli;

import dev.phisafe.core.audit.Checkpoint;
import dev.phisafe.core.evidence.EvidenceConfig;
import dev.phisafe.core.evidence.EvidenceConfigException;
import dev.phisafe.core.evidence.EvidenceReport;
import dev.phisafe.core.evidence.EvidenceUnavailableException;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.tink.KeyInfo;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phi evidence}: writes the auditor's evidence package for a period — {@code index.html} (self-contained, with
 * charts), {@code evidence.json} and {@code journal-verification.txt} — from a deployment configuration and the audit
 * journal, mapped to HIPAA 45 CFR 164.312 and SOC 2 CC6/CC7/PI1 ({@link EvidenceReport}).
 *
 * <p>Exit codes: 0 written and the journal verified intact; 1 written, but the journal failed verification (the page
 * says so at the top); 2 bad usage, an invalid configuration (file:line:field), an unreadable journal or key. The
 * report and the messages hold counts, identifiers and codes only.
 */
@Command(name = "evidence",
        mixinStandardHelpOptions = true,
        description = {"Write the evidence package (HTML + JSON) for auditors: controls mapped to HIPAA 164.312 and "
                + "SOC 2, with the figures from the verified audit journal that show they operated."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written; journal intact", "1:written; the journal failed verification (stated in the "
                + "report)", "2:bad usage, invalid configuration, unreadable journal, key or keyset directory"})
final class EvidenceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "deployment configuration (.yaml/.yml/.json): AI components, destinations and BAA status, "
                    + "policies, keys, retention, review gate")
    private Path config;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "the audit journal directory")
    private Path journal;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created)")
    private Path out;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "pinned Ed25519 public key of the journal (C2SP verifier key line); without it the key in "
                    + "the journal directory is used and the report records an exception under 164.312(c)(2)")
    private Path publicKey;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "a keyset directory (phi keys): tenant-wide key ids, status and creation dates are added to "
                    + "the inventory (per-patient keysets are counted, never named); needs --kek")
    private Path keys;

    @Option(names = "--kek", paramLabel = "URI", description = "the KEK URI of --keys (local-kek:///path or a KMS URI)")
    private String kekUri;

    @Option(names = "--from", paramLabel = "DATE", description = "first day of the period, YYYY-MM-DD (UTC)")
    private String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last day of the period, YYYY-MM-DD (UTC)")
    private String to;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = "phi evidence";
        try {
            if ((from == null) != (to == null)) {
                err.println(name + ": give both --from and --to, or neither (default: first to last event)");
                return PhiCommand.BAD_INPUT;
            }
            if ((keys == null) != (kekUri == null)) {
                err.println(name + ": --keys and --kek go together");
                return PhiCommand.BAD_INPUT;
            }
            EvidenceReport.Builder b = EvidenceReport.builder().config(EvidenceConfig.read(config)).journal(journal);
            if (from != null) {
                b.period(date("--from", from), date("--to", to));
            }
            if (publicKey != null) {
                b.trustedKey(readKey(publicKey));
            }
            int patientKeysets = keys == null ? 0 : addKeys(b);
            EvidenceReport report = b.build();
            List<Path> written = report.writeTo(out);
            stdout.println("evidence for " + report.from() + " to " + report.to() + " written to " + out + ": "
                    + written.stream().map(p -> p.getFileName().toString()).toList()
                    + (patientKeysets > 0 ? " (" + patientKeysets + " per-patient keysets counted, not listed)" : ""));
            if (report.journalIntact()) {
                stdout.println("journal intact: " + report.verification().records() + " records, "
                        + report.verification().checkpoints() + " signed checkpoints");
                stdout.flush();
                return PhiCommand.OK;
            }
            stdout.println("JOURNAL VERIFICATION FAILED (" + report.verification().status() + "): "
                    + report.verification().problems().size() + " problem(s); the report says so and marks the "
                    + "controls that depend on the journal FAILED");
            stdout.flush();
            return PhiCommand.CHECK_FAILED;
        } catch (EvidenceConfigException e) {
            err.println(name + ": invalid configuration: " + e.getMessage());   // never quotes a rejected value
            return PhiCommand.BAD_INPUT;
        } catch (EvidenceUnavailableException e) {
            err.println(name + ": " + e.getMessage());                          // files and lines, no content
            return PhiCommand.BAD_INPUT;
        } catch (CryptoException e) {
            err.println(name + ": keyset directory: " + e.getMessage());        // ids only, by contract
            return PhiCommand.BAD_INPUT;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(name + ": " + e.getMessage());
            return PhiCommand.BAD_INPUT;
        } catch (IOException e) {
            err.println(name + ": cannot write to " + out + " (" + e.getClass().getSimpleName() + ")");
            return PhiCommand.BAD_INPUT;
        }
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD");
        }
    }

    private static PublicKey readKey(Path file) {
        try {
            return Checkpoint.parseVerifierKey(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("public key file unreadable or not an Ed25519 key: " + file);
        }
    }

    /** Adds every tenant-wide key of the keyring to the inventory; returns how many per-patient keysets were skipped. */
    private int addKeys(EvidenceReport.Builder b) throws IOException {
        if (!Files.isDirectory(keys)) {
            throw new IllegalArgumentException("--keys is not a directory: " + keys);
        }
        TinkKeyring.Builder kb = TinkKeyring.builder().directory(keys);
        LocalKekClient local = new LocalKekClient();
        TinkKeyring keyring = (local.doesSupport(kekUri) ? kb.kek(local, kekUri) : kb.kekUri(kekUri)).build();
        int patients = 0;
        List<Path> tenants;
        try (Stream<Path> s = Files.list(keys)) {
            tenants = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path t : tenants) {
            String tenant = t.getFileName().toString();
            List<KeysetId> ids;
            try {
                ids = keyring.keysets(tenant);
            } catch (IllegalArgumentException e) {
                continue;   // not a tenant directory (invalid id): not ours to report, and its name is not echoed
            }
            for (KeysetId id : ids) {
                if (id.patient().isPresent()) {
                    patients++;   // a patient id must not reach the report
                    continue;
                }
                for (KeyInfo k : keyring.list(id)) {
                    b.key(tenant + "/" + id.purpose().label(), k.keyId(), k.status() == KeyInfo.Status.ENABLED,
                            k.primary(), k.created());
                }
            }
        }
        return patients;
    }
}
