package dev.phisafe.core.evidence;

import dev.phisafe.core.audit.AuditFormatException;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.audit.JournalVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The evidence package an auditor reads: what the configured AI deployment does to protect PHI, and the live figures
 * from the tamper-evident audit journal that show those controls operated during a period — mapped to HIPAA
 * 45 CFR 164.312(a)(1), (a)(2)(iv), (b), (c)(1), (c)(2), (e)(1) and SOC 2 (TSC 2017) CC6.1, CC6.2, CC6.3, CC6.7,
 * CC7.2, CC7.3 and PI1. SOC 2 Type II auditors test that controls <em>operated</em> over the period; 164.312(b)
 * asks for mechanisms that record <em>and examine</em> activity: this is the "examine" half.
 *
 * <p>Building a report first {@linkplain AuditJournal#verify verifies} the journal; the verdict is part of the report,
 * and when the journal is not intact every control whose figures come from it is marked {@code FAILED} and the page
 * says so at the top. It then reads every event once and computes: PHI items minimised per type and day, disclosures
 * per destination (BAA or not), policy blocks, re-identifications, review outcomes and turnaround, integrity failures,
 * key operations; an inventory of AI components (service accounts, destinations and BAA status, key ids and rotation
 * dates, retention settings); and the AI risk categories (model inversion, prompt injection, supply chain,
 * training-data leakage, embedding inversion) with what the configuration does and does not do about each.
 *
 * <p><b>No PHI.</b> The report holds counts, configuration identifiers and codes only. Principals, conversations,
 * draft ids and digests are used to correlate events (e.g. to find a self-approval) and never written; the journal
 * itself holds no PHI ({@code AuditEvent}), and the configuration accepts identifiers only ({@link EvidenceConfig}).
 *
 * <pre>{@code
 * EvidenceReport report = EvidenceReport.builder()
 *         .config(EvidenceConfig.read(Path.of("evidence.yaml")))
 *         .journal(Path.of("/var/lib/phisafe/audit"))
 *         .trustedKey(pinnedJournalKey)                       // strongly recommended
 *         .period(LocalDate.parse("2026-07-01"), LocalDate.parse("2026-07-31"))
 *         .build();
 * report.writeTo(Path.of("evidence-2026-07"));   // index.html, evidence.json, journal-verification.txt
 * }</pre>
 * See {@code dev.phisafe.examples.EvidenceReportExample}. Immutable and thread-safe once built.
 */
public final class EvidenceReport {
    /** Version of the {@code evidence.json} layout ({@code "schema"}). */
    public static final String SCHEMA = "phisafe-evidence/1";
    /** Longest period a report covers (a SOC 2 Type II period is 6 to 12 months). */
    public static final int MAX_PERIOD_DAYS = 400;
    /** The files {@link #writeTo} writes. */
    public static final List<String> FILES = List.of("index.html", "evidence.json", "journal-verification.txt");

    final EvidenceConfig config;
    final JournalVerification verification;
    final boolean keyPinned;
    final Tally tally;
    final List<Control> controls;
    final List<Risk> risks;
    final Assessment assessment;
    final LocalDate from;
    final LocalDate to;
    final Instant generatedAt;

    private EvidenceReport(EvidenceConfig config, JournalVerification verification, boolean keyPinned, Tally tally,
                           LocalDate from, LocalDate to, Instant generatedAt) {
        this.config = config;
        this.verification = verification;
        this.keyPinned = keyPinned;
        this.tally = tally;
        this.from = from;
        this.to = to;
        this.generatedAt = generatedAt;
        this.assessment = new Assessment(config, tally, verification, keyPinned, to);
        this.controls = assessment.controls();
        this.risks = assessment.risks();
    }

    /** @return a builder; {@link Builder#config} and {@link Builder#journal} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the journal verification done before the figures were computed */
    public JournalVerification verification() {
        return verification;
    }

    /** @return whether the journal verified as intact (if not, {@code phi evidence} exits 1) */
    public boolean journalIntact() {
        return verification.intact();
    }

    /** @return the first day of the period (UTC, inclusive) */
    public LocalDate from() {
        return from;
    }

    /** @return the last day of the period (UTC, inclusive) */
    public LocalDate to() {
        return to;
    }

    /** @return the {@code evidence.json} text: the report's figures with stable field names ({@link #SCHEMA}) */
    public String toJson() {
        return JsonModel.write(this);
    }

    /** @return the self-contained {@code index.html}: inline CSS and SVG, no script, no network access */
    public String toHtml() {
        return HtmlPage.render(this);
    }

    /** @return the verification result as {@code phi audit verify} prints it (problems, warnings, verdict) */
    public String verificationText() {
        StringBuilder b = new StringBuilder();
        for (JournalVerification.Problem p : verification.problems()) {
            b.append(p).append('\n');
        }
        for (String w : verification.warnings()) {
            b.append("warning: ").append(w).append('\n');
        }
        switch (verification.status()) {
            case INTACT:
                b.append("journal intact: ").append(verification.records()).append(" records, ")
                        .append(verification.checkpoints()).append(" signed checkpoints, epochs ")
                        .append(verification.epochs());
                break;
            case TAMPERED:
                b.append("journal NOT intact: ").append(verification.problems().size()).append(" problem(s) in ")
                        .append(verification.records()).append(" records, ").append(verification.checkpoints())
                        .append(" checkpoints");
                break;
            default:
                b.append("journal unreadable");
                break;
        }
        b.append('\n').append("public key: ").append(keyPinned ? "pinned" : "taken from the journal directory (not "
                + "pinned)").append('\n');
        return b.toString();
    }

    /**
     * Writes {@link #FILES} into a directory (created if missing), each atomically (temporary file, then rename).
     *
     * @param dir the output directory
     * @return the paths written
     * @throws IOException if a file cannot be written; files already written stay complete
     */
    public List<Path> writeTo(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(write(dir, FILES.get(0), toHtml()));
        out.add(write(dir, FILES.get(1), toJson()));
        out.add(write(dir, FILES.get(2), verificationText()));
        return out;
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    @Override
    public String toString() {
        return "EvidenceReport{" + config.deployment + ", " + from + ".." + to + ", journal " + verification.status()
                + ", events=" + tally.eventsInPeriod + "}";
    }

    /** Builder of an {@link EvidenceReport}; each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private EvidenceConfig config;
        private Path journal;
        private PublicKey trustedKey;
        private LocalDate from;
        private LocalDate to;
        private Clock clock;
        private final List<EvidenceConfig.Key> keys = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param config the deployment's configuration
         * @return this builder
         */
        public Builder config(EvidenceConfig config) {
            once(this.config, "config");
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param dir the audit journal directory
         * @return this builder
         */
        public Builder journal(Path dir) {
            once(this.journal, "journal");
            this.journal = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * @param key the pinned Ed25519 public key of the journal. Without it the key stored in the journal's
         *            directory is used, which cannot detect a re-signed journal: the report then lists 164.312(c)(2)
         *            with an exception
         * @return this builder
         */
        public Builder trustedKey(PublicKey key) {
            once(this.trustedKey, "trustedKey");
            this.trustedKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * @param from first day (UTC, inclusive)
         * @param to   last day (UTC, inclusive); at most {@link #MAX_PERIOD_DAYS} days after {@code from}.
         *             Default: the days of the journal's first and last events (the last 400 days at most)
         * @return this builder
         */
        public Builder period(LocalDate from, LocalDate to) {
            once(this.from, "period");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("period: 'to' (" + to + ") is before 'from' (" + from + ")");
            }
            if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_PERIOD_DAYS) {
                throw new IllegalArgumentException("period longer than " + MAX_PERIOD_DAYS + " days; split it");
            }
            this.from = from;
            this.to = to;
            return this;
        }

        /**
         * @param clock the clock for the report's generation time (default: system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a key to the inventory, e.g. from {@code TinkKeyring#list}; replaces a configured key with the same
         * keyset and key id. Ids only, never key material.
         *
         * @param keyset  the keyset's name, an identifier (e.g. {@code tenant-a/aead})
         * @param keyId   the key id, an identifier
         * @param enabled whether the key still decrypts/verifies
         * @param primary whether the key encrypts now (its age counts against the rotation period)
         * @param created when the key was generated
         * @return this builder
         */
        public Builder key(String keyset, String keyId, boolean enabled, boolean primary, Instant created) {
            if (!EvidenceConfig.validId(keyset) || !EvidenceConfig.validId(keyId)) {
                throw new IllegalArgumentException("keyset and keyId must be opaque identifiers (value not shown)");
            }
            Objects.requireNonNull(created, "created");
            if (primary && !enabled) {
                throw new IllegalArgumentException("a primary key is enabled");
            }
            EvidenceConfig.KeyStatus status = primary ? EvidenceConfig.KeyStatus.PRIMARY
                    : enabled ? EvidenceConfig.KeyStatus.ENABLED : EvidenceConfig.KeyStatus.DISABLED;
            LocalDate day = created.atOffset(ZoneOffset.UTC).toLocalDate();
            keys.add(new EvidenceConfig.Key(keyset, keyId, day, null, status));
            return this;
        }

        private static void once(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " is already set");
            }
        }

        /**
         * Verifies the journal, reads its events and computes the report.
         *
         * @return the report; a journal that fails verification still gives a report (that says so)
         * @throws IllegalStateException       if config or journal is missing
         * @throws EvidenceUnavailableException if the journal is unreadable (missing, not a journal, malformed
         *                                      record); the message names file and line, never content
         */
        public EvidenceReport build() {
            if (config == null) {
                throw new IllegalStateException("config is required");
            }
            if (journal == null) {
                throw new IllegalStateException("journal is required");
            }
            Clock c = clock == null ? Clock.systemUTC() : clock;
            Instant now = c.instant().truncatedTo(ChronoUnit.SECONDS);
            EvidenceConfig cfg = keys.isEmpty() ? config : config.withKeys(keys);
            JournalVerification v = AuditJournal.verify(journal, trustedKey);
            if (v.status() == JournalVerification.Status.UNREADABLE) {
                StringBuilder why = new StringBuilder();
                for (JournalVerification.Problem p : v.problems()) {
                    why.append(why.length() == 0 ? "" : "; ").append(p);
                    if (why.length() > 500) {
                        break;
                    }
                }
                throw new EvidenceUnavailableException("audit journal unreadable: " + journal
                        + (why.length() == 0 ? "" : " (" + why + ")"), null);
            }
            LocalDate f = from;
            LocalDate t = to;
            LocalDate[] range = {null, null};
            try {
                if (f == null) {
                    AuditJournal.readEvents(journal, e -> {
                        LocalDate d = Tally.day(e.recorded());
                        if (range[0] == null || d.isBefore(range[0])) {
                            range[0] = d;
                        }
                        if (range[1] == null || d.isAfter(range[1])) {
                            range[1] = d;
                        }
                    });
                    t = range[1] == null ? now.atOffset(ZoneOffset.UTC).toLocalDate() : range[1];
                    f = range[0] == null ? t : range[0];
                    if (ChronoUnit.DAYS.between(f, t) + 1 > MAX_PERIOD_DAYS) {
                        f = t.minusDays(MAX_PERIOD_DAYS - 1L);
                    }
                }
            } catch (AuditFormatException | AuditUnavailableException e) {
                if (v.intact()) {
                    throw new EvidenceUnavailableException("audit journal events cannot be read: " + e.getMessage(), e);
                }
                // a tampered journal may hold a record that no longer parses: the span of what could be read
                t = range[1] == null ? now.atOffset(ZoneOffset.UTC).toLocalDate() : range[1];
                f = range[0] == null || ChronoUnit.DAYS.between(range[0], t) + 1 > MAX_PERIOD_DAYS
                        ? t.minusDays(MAX_PERIOD_DAYS - 1L) : range[0];
            }
            Tally tally = new Tally(cfg, f, t);
            try {
                AuditJournal.readEvents(journal, tally::add);
            } catch (AuditFormatException | AuditUnavailableException e) {
                if (v.intact()) {
                    throw new EvidenceUnavailableException("audit journal events cannot be read: " + e.getMessage(), e);
                }
                // tampered and unparsable from here on: the figures stop at this record, and the report says so
                tally.readError = e.getMessage();
            }
            tally.finish();
            return new EvidenceReport(cfg, v, trustedKey != null, tally, f, t, now);
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
