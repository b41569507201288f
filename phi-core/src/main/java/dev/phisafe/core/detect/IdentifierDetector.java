package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the numeric and code identifiers of HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(G)–(R)): SSNs, medical
 * record, health plan, account, certificate/licence, vehicle, device, biometric and other unique identifying numbers.
 * A hand-written, single left-to-right scanner over {@link Tokens}; every look-ahead is bounded, and each run of
 * joined tokens is examined once, so the time is linear in the input whatever it holds.
 *
 * <p>Three ways to a finding, tried in this order at each token:
 * <ol>
 *   <li><b>Labelled values</b>: a label ({@code MRN}, {@code insurance ID}, {@code acct #}, {@code license no.},
 *       {@code VIN}, {@code serial number}, {@code patient ID}…) followed, after at most a few filler tokens
 *       ({@code : # no. number is of -}), by an id-like value: a joined run of letters and digits with inner
 *       {@code - / .}, at least two digits. The label decides the type; a validator of the type's scheme
 *       ({@link Validators}) raises the confidence. Weak labels that are also everyday words ({@code case},
 *       {@code group}, {@code lot}, {@code card}) need a marker ({@code :}, {@code #}, {@code no.}) or a value
 *       that looks like a code. A generic {@code UNIQUE_IDENTIFIER} span includes its label ("Site ID: 98765",
 *       "case #JH-998877"): the qualifier names the issuing system, and redacting it leaks nothing. A label after a
 *       coding-system name ("PubMed ID") is not a person's identifier.</li>
 *   <li><b>Validated shapes</b> without a label: SSN shapes {@code ddd-dd-dddd} / {@code ddd dd dddd} (the SSA
 *       rules only raise confidence: an unissued number typed into a note is still an identifier), payment cards
 *       (Luhn and a known issuer range), IBAN, MBI, NPI, DEA, VIN, GS1 UDI {@code (01)} + GTIN-14.</li>
 *   <li><b>Unlabelled codes</b>: letters-dash-digits codes in capitals ({@code SJH-987654}, {@code 12345-EMH}),
 *       {@code #}-prefixed ids, UUIDs, and digit runs of seven or more, at a lower confidence. Phone shapes, dates,
 *       ZIP+4, year ranges, NDC drug codes, decimals, measurements, numbers after coding-system or citation names
 *       (SNOMED, LOINC, CPT, PMID, DOI) and short clinical codes ({@code COVID-19},
 *       {@code E11.9}, {@code CHA2DS2-VASc}) are left alone: they need five digits or more to qualify.</li>
 * </ol>
 *
 * <p>Confidence follows the suite's convention: labelled or checksum-validated 0.85–0.95, well-formed without a
 * label 0.6–0.8.
 *
 * <p>Thread-safe and stateless; no input text is kept, logged or put in an exception.
 */
final class IdentifierDetector extends TokenDetector {
    // digit-group shapes, as constants so that testing a shape allocates nothing
    private static final int[] G_1_3_3_4 = {1, 3, 3, 4};
    private static final int[] G_2_2_2_2 = {2, 2, 2, 2};
    private static final int[] G_2_2_2_2_2 = {2, 2, 2, 2, 2};
    private static final int[] G_2_4_4 = {2, 4, 4};
    private static final int[] G_3_2_4 = {3, 2, 4};
    private static final int[] G_3_3_3 = {3, 3, 3};
    private static final int[] G_3_3_3_4 = {3, 3, 3, 4};
    private static final int[] G_3_3_4 = {3, 3, 4};
    private static final int[] G_3_4 = {3, 4};
    private static final int[] G_4_3 = {4, 3};
    private static final int[] G_4_3_4 = {4, 3, 4};
    private static final int[] G_4_4 = {4, 4};
    private static final int[] G_4_4_2 = {4, 4, 2};
    private static final int[] G_4_7 = {4, 7};
    private static final int[] G_5_3 = {5, 3};
    private static final int[] G_5_3_2 = {5, 3, 2};
    private static final int[] G_5_4 = {5, 4};
    private static final int[] G_5_4_1 = {5, 4, 1};
    private static final int[] G_5_4_2 = {5, 4, 2};

    private static final String NAME = "identifier";

    /** A run of joined tokens longer than this is not an identifier (and bounds every look at a value). */
    private static final int MAX_RUN_TOKENS = 15;
    private static final int MAX_VALUE_CHARS = 40;
    /** Filler tokens allowed between a label and its value ("MRN no. #: 123"). */
    private static final int MAX_FILLERS = 4;

    private static final double LABELLED = 0.9;
    private static final double LABELLED_WEAK = 0.85;
    private static final double VALIDATED = 0.95;
    private static final double CODE = 0.6;

    /** What a label says about the value that follows it. */
    private static final class Label {
        final PhiType type;
        /** A strong label ("MRN", "account number") takes any value with two digits; a weak one needs more. */
        final boolean strong;

        Label(PhiType type, boolean strong) {
            this.type = type;
            this.strong = strong;
        }
    }

    private static final PhraseMatcher<Label> LABELS;
    /**
     * A Bloom-like bit set of the case-folded hashes of every label's first token: most tokens are rejected by one
     * hash over their chars, without the lower-case copy that the phrase matcher needs.
     */
    private static final long[] FIRST_TOKEN_HASHES = new long[1 << 10]; // 65,536 bits

    static {
        Map<String, Label> m = new HashMap<>();
        // Medical record numbers (Safe Harbor (H))
        strong(m, PhiType.MEDICAL_RECORD_NUMBER, "mrn", "medical record", "medical record number", "medical record no",
                "medical record id", "med rec", "medrec", "med rec no", "med record", "emr", "emr number", "emr id",
                "ehr", "ehr id", "chart number", "chart no", "chart id", "hospital number", "hospital no",
                "hospital id", "unit number", "mr #", "mr no", "mr number", "record number", "patient number",
                "pt number", "health record number");
        weak(m, PhiType.MEDICAL_RECORD_NUMBER, "chart", "record");
        // Health plan beneficiary numbers (Safe Harbor (I))
        strong(m, PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, "member id", "member number", "member no", "subscriber",
                "subscriber id", "subscriber number", "policy number", "policy no", "policy id", "insurance id",
                "insurance number", "insurance no", "insurance plan", "insurance plan id", "insurance policy",
                "insurance policy number", "insurance policy no", "insur id", "insurer id", "ins id", "ins no",
                "health plan", "health plan number", "health plan id", "health plan no", "plan id", "plan number",
                "plan no", "group number", "group no", "group id", "medicare number", "medicare id", "medicare no",
                "medicare beneficiary identifier", "mbi", "medicaid number", "medicaid id", "medicaid no",
                "beneficiary id", "beneficiary number", "hicn", "hic", "hbn", "health insurance claim number");
        weak(m, PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, "member", "policy", "insurance", "insurer", "insur", "ins",
                "group", "medicare", "medicaid", "beneficiary", "plan");
        // Account numbers (Safe Harbor (J))
        strong(m, PhiType.ACCOUNT_NUMBER, "account number", "account no", "account id", "acct", "acct no",
                "acct number", "bank account", "bank account number", "billing number", "billing account",
                "billing id", "invoice number", "invoice no", "routing number", "routing no", "aba number", "iban",
                "card number", "card no", "credit card", "credit card number", "debit card", "debit card number",
                "cc number", "cc no");
        weak(m, PhiType.ACCOUNT_NUMBER, "account", "billing", "invoice", "routing", "card", "cc", "aba");
        // Certificate / license numbers (Safe Harbor (K))
        strong(m, PhiType.CERTIFICATE_LICENSE_NUMBER, "license number", "license no", "licence number",
                "licence no", "license id", "certificate number", "certificate no", "cert no", "cert number",
                "certification number", "dea", "dea number", "dea no", "npi", "npi number", "driver's license",
                "drivers license", "driver license", "driver's licence", "driving licence", "driving license",
                "board certification", "registration number", "permit number");
        weak(m, PhiType.CERTIFICATE_LICENSE_NUMBER, "license", "licence", "certificate", "cert", "dl", "permit");
        // Vehicle identifiers (Safe Harbor (L))
        strong(m, PhiType.VEHICLE_IDENTIFIER, "vin", "vehicle identification number", "license plate",
                "licence plate", "plate number", "plate no", "vehicle id", "vehicle number");
        weak(m, PhiType.VEHICLE_IDENTIFIER, "plate", "vehicle");
        // Device identifiers and serial numbers (Safe Harbor (M))
        strong(m, PhiType.DEVICE_IDENTIFIER, "serial number", "serial no", "serial #", "s/n", "device id",
                "device identifier", "device number", "udi", "lot number", "lot no", "implant id");
        weak(m, PhiType.DEVICE_IDENTIFIER, "serial", "sn", "device", "implant", "pacemaker", "lot");
        // Biometric identifiers (Safe Harbor (P))
        strong(m, PhiType.BIOMETRIC_IDENTIFIER, "biometric id", "fingerprint id", "voiceprint id", "retina scan id",
                "iris scan id", "biometric identifier");
        weak(m, PhiType.BIOMETRIC_IDENTIFIER, "fingerprint", "retina", "retinal", "iris", "voiceprint", "biometric");
        // SSN (Safe Harbor (G))
        strong(m, PhiType.SOCIAL_SECURITY_NUMBER, "ssn", "social security", "social security number",
                "social security no", "soc sec", "ss #", "ss no", "itin");
        // Any other unique identifying number (Safe Harbor (R))
        strong(m, PhiType.UNIQUE_IDENTIFIER, "id", "identifier", "id number", "id no", "patient id", "pt id",
                "patient identifier", "site id", "case number", "case no", "case id", "reference number",
                "reference no", "ref no", "ref number", "claim number", "claim no", "claim id", "badge number",
                "badge no", "badge id", "employee id", "employee number", "employee no", "passport",
                "passport number", "passport no", "accession", "accession number", "accession no", "specimen id",
                "encounter id", "encounter number", "visit id", "visit number", "study id", "subject id",
                "participant id", "confirmation number", "tax id");
        weak(m, PhiType.UNIQUE_IDENTIFIER, "case", "reference", "ref", "claim", "badge", "employee", "encounter",
                "visit", "specimen", "subject", "participant");
        LABELS = PhraseMatcher.of(m);
        for (String phrase : m.keySet()) {
            Tokens t = Tokens.of(phrase);
            int h = t.foldHash(0);
            FIRST_TOKEN_HASHES[(h >>> 6) & (FIRST_TOKEN_HASHES.length - 1)] |= 1L << (h & 63);
        }
    }

    private static void strong(Map<String, Label> m, PhiType type, String... phrases) {
        Label l = new Label(type, true);
        for (String p : phrases) {
            m.put(p, l);
        }
    }

    private static void weak(Map<String, Label> m, PhiType type, String... phrases) {
        Label l = new Label(type, false);
        for (String p : phrases) {
            m.put(p, l);
        }
    }

    /** Words between a label and its value; the ones that also mark "a value follows" are {@link #marker}s. */
    private static final Set<String> FILLER_WORDS = Set.of("no", "number", "num", "nbr", "nr", "is", "of", "was",
            "id", "#");
    private static final Set<String> MARKER_WORDS = Set.of("no", "number", "num", "nbr", "nr", "id");

    /** Units and suffixes that make a digit run a quantity, not an identifier. */
    private static final Set<String> UNITS = Set.of("mg", "mcg", "ug", "g", "kg", "ml", "l", "dl", "iu", "u",
            "units", "unit", "mmol", "meq", "mmhg", "cm", "mm", "km", "m", "hz", "khz", "mhz", "ghz", "kb", "mb",
            "gb", "tb", "k", "x", "bpm", "ms", "s", "sec", "min", "mins", "h", "hr", "hrs", "st", "nd", "rd", "th",
            "px", "mah", "v", "w", "kw", "kwh", "cal", "kcal", "lb", "lbs", "oz", "ft", "yr", "yrs", "years",
            "days", "day", "year", "month", "months", "week", "weeks", "hour", "hours", "cells", "copies", "dollars", "usd", "eur", "people", "patients", "cases", "steps", "ng", "pg",
            "nmol", "pmol", "mosm", "percent", "per");

    /**
     * Names of coding systems and literature references: the number after them is a code or a citation, not a
     * person's identifier ("SNOMED 44054006", "PMID 31234567", "PubMed ID: 1234567", "CPT 99213").
     */
    private static final Words CODE_SYSTEMS_TABLE;

    private static final Set<String> CODE_SYSTEMS = Set.of("snomed", "sctid", "loinc", "cpt", "icd", "hcpcs",
            "ndc", "rxnorm", "rxcui", "cui", "umls", "atc", "mesh", "omim", "pmid", "pmcid", "pubmed", "doi", "isbn",
            "issn", "nct", "clinicaltrials", "gene", "cas", "ec", "drg", "code", "codes");

    static {
        CODE_SYSTEMS_TABLE = Words.of(CODE_SYSTEMS.toArray(new String[0]));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.SOCIAL_SECURITY_NUMBER, PhiType.MEDICAL_RECORD_NUMBER,
                PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, PhiType.ACCOUNT_NUMBER, PhiType.CERTIFICATE_LICENSE_NUMBER,
                PhiType.VEHICLE_IDENTIFIER, PhiType.DEVICE_IDENTIFIER, PhiType.BIOMETRIC_IDENTIFIER,
                PhiType.UNIQUE_IDENTIFIER);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        final int n = t.size();
        int i = 0;
        while (i < n) {
            int next = -1;
            byte k = t.kind(i);
            if (k == Tokens.WORD || k == Tokens.ALNUM) {
                next = labelled(t, i, out);
            }
            if (next < 0) {
                next = shape(t, i, out);
            }
            i = next > i ? next : i + 1;
        }
    }

    // ------------------------------------------------------------------------------------------------ tokens

    private static boolean alnum(Tokens t, int i) {
        if (i < 0 || i >= t.size()) {
            return false;
        }
        byte k = t.kind(i);
        return k == Tokens.WORD || k == Tokens.NUMBER || k == Tokens.ALNUM;
    }

    /** Separators that may join the parts of an identifier: "SJH-987654", "12/345", "A.123". */
    private static boolean separator(Tokens t, int i) {
        if (i < 0 || i >= t.size() || t.kind(i) != Tokens.PUNCT) {
            return false;
        }
        char c = t.first(i);
        return c == '-' || c == '/' || c == '.' || c == '\u2010' || c == '\u2011';
    }

    /** Whether a run of joined tokens may start at {@code i}: it does not continue a run to its left. */
    private static boolean runStart(Tokens t, int i) {
        return !(i >= 2 && !t.has(i, Tokens.SPACE_BEFORE) && separator(t, i - 1)
                && !t.has(i - 1, Tokens.SPACE_BEFORE) && alnum(t, i - 2));
    }

    /**
     * The last token of the run that starts at alphanumeric token {@code i}: alphanumeric tokens joined by single
     * separators, no space anywhere. Stops after {@code limit} tokens (the caller then sees a run of that length).
     */
    private static int runEnd(Tokens t, int i, int limit) {
        int j = i;
        while (j - i < limit && t.joined(j) && separator(t, j + 1) && t.joined(j + 1) && alnum(t, j + 2)) {
            j += 2;
        }
        return j;
    }

    /** Facts about a run of tokens, gathered in one bounded pass. */
    private static final class Run {
        int first;
        int last;
        int digits;
        int letters;
        int groups;
        boolean lowerWord;      // a letters-only part that is not in capitals ("Covid", "follow")
        boolean lowerLetters;   // any lower-case letter
        boolean dash;
        boolean slash;
        boolean dot;
        boolean allNumbers = true;
        int[] groupLen = new int[MAX_RUN_TOKENS / 2 + 2];
        int chars;

        boolean read(Tokens t, int from, int to) {
            first = from;
            last = to;
            chars = t.end(to) - t.start(from);
            if (chars > MAX_VALUE_CHARS) {
                return false;
            }
            for (int j = from; j <= to; j++) {
                if (t.kind(j) == Tokens.PUNCT) {
                    char c = t.first(j);
                    if (c == '/') {
                        slash = true;
                    } else if (c == '.') {
                        dot = true;
                    } else {
                        dash = true;
                    }
                    continue;
                }
                int g = groups++;
                int len = t.length(j);
                if (g < groupLen.length) {
                    groupLen[g] = len;
                }
                if (t.kind(j) != Tokens.NUMBER) {
                    allNumbers = false;
                    int s = t.start(j);
                    int letterCount = 0;
                    for (int p = s; p < s + len; p++) {
                        char c = t.text.charAt(p);
                        if (c >= '0' && c <= '9') {
                            digits++;
                        } else {
                            letterCount++;
                            if (Character.isLowerCase(c)) {
                                lowerLetters = true;
                            }
                        }
                    }
                    letters += letterCount;
                    if (t.kind(j) == Tokens.WORD && !t.has(j, Tokens.ALL_CAPS)) {
                        lowerWord = true;
                    }
                } else {
                    digits += len;
                }
            }
            return true;
        }

        boolean groupsAre(int[] lens) {
            if (!allNumbers || groups != lens.length) {
                return false;
            }
            for (int g = 0; g < lens.length; g++) {
                if (groupLen[g] != lens[g]) {
                    return false;
                }
            }
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------ labels

    /**
     * A label at {@code i} followed by a value: adds the finding and returns the token after the value, else -1.
     */
    private int labelled(Tokens t, int i, List<PhiSpan> out) {
        if (t.length(i) > 16) {
            return glued(t, i, out);
        }
        int h = t.foldHash(i);
        if ((FIRST_TOKEN_HASHES[(h >>> 6) & (FIRST_TOKEN_HASHES.length - 1)] & (1L << (h & 63))) == 0) {
            return glued(t, i, out);
        }
        Label[] found = new Label[1];
        int last = LABELS.longestAt(t, i, found);
        if (last < 0) {
            return glued(t, i, out);
        }
        Label label = found[0];
        if (label.type == PhiType.UNIQUE_IDENTIFIER && codeSystemBefore(t, i)) {
            return -1;
        }
        // skip fillers: "MRN: 123", "acct #: 1", "License No.: X1", "insurance is QX-1", "ID# 1", "MRN - 12"
        int k = last + 1;
        boolean marker = false;
        int wordFillers = 0;
        for (int f = 0; f < MAX_FILLERS && k < t.size(); f++) {
            if (t.kind(k) == Tokens.PUNCT) {
                char c = t.first(k);
                if (c == '#' && t.joined(k) && alnum(t, k + 1) && t.has(k, Tokens.SPACE_BEFORE)) {
                    break; // "#SF-998877": the hash belongs to the value
                }
                if (c == ':' || c == '#' || c == '=' || c == '.' || c == '-' || c == '\u2013' || c == '(') {
                    marker |= c != '-' && c != '\u2013' && c != '.' && c != '(';
                    k++;
                    continue;
                }
                break;
            }
            if ((label.type == PhiType.CERTIFICATE_LICENSE_NUMBER || label.type == PhiType.VEHICLE_IDENTIFIER)
                    && t.kind(k) == Tokens.WORD && t.length(k) == 2 && t.has(k, Tokens.ALL_CAPS) && alnum(t, k + 1)
                    && t.has(k + 1, Tokens.SPACE_BEFORE)) {
                k++; // the issuing state: "Driver's license: OR 4829173", "plate CA 7ABC123"
                continue;
            }
            if (t.kind(k) == Tokens.WORD && t.length(k) <= 6 && FILLER_WORDS.contains(t.lower(k))) {
                marker |= MARKER_WORDS.contains(t.lower(k));
                wordFillers++;
                k++;
                continue;
            }
            break;
        }
        if (k >= t.size()) {
            return -1;
        }
        int valueStart = k;
        boolean hash = false;
        if (t.isPunct(k, '#') && t.joined(k) && alnum(t, k + 1)) {
            hash = true;
            k++;
        }
        if (!alnum(t, k)) {
            return -1;
        }
        int end = runEnd(t, k, MAX_RUN_TOKENS);
        if (end - k >= MAX_RUN_TOKENS) {
            return -1;
        }
        // a card or SSN printed in space-separated groups: "4111 1111 1111 1111", "078 05 1123"
        if (end == k) {
            // "GB82 WEST 1234 5698 7654 32" after "IBAN": the groups of an IBAN hold letters too
            int g = t.kind(k) == Tokens.NUMBER ? spaceGroups(t, k) : ibanGroups(t, k);
            if (g > k) {
                end = g;
            }
        }
        Run r = new Run();
        if (!r.read(t, k, end) || r.digits < 2 || !valueAfterLabel(t, r, label, marker || hash)) {
            return -1;
        }
        String compact = Validators.compact(t.text.substring(t.start(k), t.end(end)).replace('/', '-')
                .replace('.', '-'));
        double conf = label.strong || marker ? LABELLED : LABELLED_WEAK;
        PhiType type = label.type;
        if (compact != null && validatedFor(type, compact)) {
            conf = VALIDATED;
        }
        // A generic "ID" is identifying only with its qualifier ("Site ID: 98765", "case #JH-1"): keep them together.
        // ... but not across filler words: "passport is 912803456" reports the number only
        int start = type == PhiType.UNIQUE_IDENTIFIER && wordFillers == 0 ? t.start(i) : t.start(valueStart);
        out.add(new PhiSpan(start, t.end(end), type, conf, NAME));
        return end + 1;
    }

    /** Whether a validator of the label's scheme accepts the value (raises confidence only). */
    private static boolean validatedFor(PhiType type, String c) {
        switch (type) {
            case SOCIAL_SECURITY_NUMBER:
                return Validators.ssnValid(c) || Validators.itin(c);
            case ACCOUNT_NUMBER:
                return Validators.abaRouting(c) || Validators.iban(c)
                        || (c.length() >= 12 && Validators.luhn(c) && Validators.knownCardPrefix(c));
            case CERTIFICATE_LICENSE_NUMBER:
                return Validators.npi(c) || Validators.dea(c);
            case HEALTH_PLAN_BENEFICIARY_NUMBER:
                return Validators.mbi(c);
            case VEHICLE_IDENTIFIER:
                return Validators.vin(c);
            case UNIQUE_IDENTIFIER:
                return Validators.usPassportFormat(c) && c.length() == 9;
            default:
                return false;
        }
    }

    /** Whether a run after a label looks like the label's value rather than a quantity, date or word. */
    private static boolean valueAfterLabel(Tokens t, Run r, Label label, boolean marker) {
        if (r.allNumbers && dateOrTime(t, r)) {
            return false;
        }
        if (r.allNumbers && r.groups == 1 && r.digits == 4 && yearLike(t, r.first)) {
            return false; // "insurance since 2021" is caught by fillers; "policy of 2019" is a year
        }
        if (r.allNumbers && r.groups <= 2 && r.dot) {
            return false; // a decimal: "EMR 2.0", "policy 3.5"
        }
        if (r.lowerWord && r.digits < 4) {
            return false; // "ID: covid-19"
        }
        if (r.allNumbers && quantityFollows(t, r.last)) {
            return false; // "group 12345 mg", "case 1000 patients"
        }
        if (label.strong || marker) {
            return true;
        }
        // weak labels are everyday words ("a lot of 2000", "in case 12"): want a code or a long number
        // ("age group 12-14" is a range, "group AB-123" a code)
        return (r.letters > 0 && r.digits >= 3) || (r.dash && r.digits >= 5) || r.digits >= 6;
    }

    /**
     * A label glued to its value, as typed in a hurry: "MRN12345", "mrnr472348", "acct998877", "SSN123456789".
     */
    private int glued(Tokens t, int i, List<PhiSpan> out) {
        if (t.kind(i) != Tokens.ALNUM || t.length(i) > MAX_VALUE_CHARS || t.length(i) < 7) {
            return -1;
        }
        String s = t.lower(i);
        int p = 0;
        while (p < s.length() && s.charAt(p) >= 'a' && s.charAt(p) <= 'z') {
            p++;
        }
        if (p < 3 || p > 6) {
            return -1;
        }
        int digits = s.length() - p;
        for (int q = p; q < s.length(); q++) {
            if (s.charAt(q) < '0' || s.charAt(q) > '9') {
                return -1;
            }
        }
        if (digits < 4) {
            return -1;
        }
        PhiType type;
        if (s.startsWith("mrn") || s.startsWith("medrec") || s.startsWith("emr")) {
            type = PhiType.MEDICAL_RECORD_NUMBER;
        } else if (s.startsWith("acct")) {
            type = PhiType.ACCOUNT_NUMBER;
        } else if (s.startsWith("ssn")) {
            type = PhiType.SOCIAL_SECURITY_NUMBER;
        } else {
            return -1;
        }
        if (runEnd(t, i, 2) != i) {
            return -1; // part of a longer code; the shape scanner judges it
        }
        out.add(new PhiSpan(t.start(i), t.end(i), type, LABELLED_WEAK, NAME));
        return i + 1;
    }

    // ------------------------------------------------------------------------------------------------ shapes

    /**
     * Label-less shapes starting at token {@code i}. Returns the token after the run it examined (so that a run is
     * examined once), or -1 when {@code i} starts nothing.
     */
    private int shape(Tokens t, int i, List<PhiSpan> out) {
        if (t.kind(i) == Tokens.PUNCT) {
            char c = t.first(i);
            if (c == '#') {
                return hashId(t, i, out);
            }
            if (c == '(') {
                return udi(t, i, out);
            }
            return -1;
        }
        if (!runStart(t, i)) {
            return -1;
        }
        // find the whole run, however long, so that it is skipped in one step (linear time on "1-1-1-…")
        int end = i;
        while (t.joined(end) && separator(t, end + 1) && t.joined(end + 1) && alnum(t, end + 2)) {
            end += 2;
        }
        if (end == i && t.kind(i) == Tokens.WORD) {
            return i + 1; // a plain word
        }
        if (end - i >= MAX_RUN_TOKENS || t.end(end) - t.start(i) > MAX_VALUE_CHARS) {
            return end + 1; // too long to be one identifier
        }
        if (end == i) {
            int g = t.kind(i) == Tokens.NUMBER ? spaceGroups(t, i) : ibanGroups(t, i);
            if (g > i && spaceGrouped(t, i, g, out)) {
                return g + 1;
            }
        }
        Run r = new Run();
        if (!r.read(t, i, end) || r.digits < 2) {
            return end + 1;
        }
        classify(t, r, out);
        return end + 1;
    }

    /** Label-less runs: validated shapes first, then generic codes. */
    private void classify(Tokens t, Run r, List<PhiSpan> out) {
        int s = t.start(r.first);
        int e = t.end(r.last);
        if (codeSystemBefore(t, r.first)) {
            return;
        }
        // SSN, with dashes: validity raises confidence, never decides (SSA rules; 123-45-6789 is still typed PHI)
        if (r.groupsAre(G_3_2_4) && r.dash && !r.dot && !r.slash) {
            String c = Validators.compact(t.text.substring(s, e));
            boolean valid = c != null && Validators.ssnValid(c);
            out.add(new PhiSpan(s, e, PhiType.SOCIAL_SECURITY_NUMBER, valid ? 0.9 : 0.7, NAME));
            return;
        }
        if (r.slash || r.dot) {
            return; // dates, fractions, decimals, versions, IP addresses, ICD codes: never a label-less id
        }
        if (r.allNumbers) {
            digitsOnly(t, r, s, e, out);
            return;
        }
        if (r.lowerLetters) {
            if (uuid(t, r)) {
                out.add(new PhiSpan(s, e, PhiType.UNIQUE_IDENTIFIER, 0.75, NAME));
            }
            return; // words and mixed-case names ("SARS-CoV-2", "HbA1c", "rs1234567") are not codes
        }
        String c = Validators.compact(t.text.substring(s, e));
        if (c == null) {
            return; // non-ASCII letters or digits
        }
        if (Validators.vin(c)) {
            out.add(new PhiSpan(s, e, PhiType.VEHICLE_IDENTIFIER, 0.9, NAME));
        } else if (Validators.mbi(c)) {
            out.add(new PhiSpan(s, e, PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, 0.85, NAME));
        } else if (r.groups == 1 && Validators.dea(c)) {
            out.add(new PhiSpan(s, e, PhiType.CERTIFICATE_LICENSE_NUMBER, 0.85, NAME));
        } else if (r.groups == 1 && Validators.iban(c)) {
            out.add(new PhiSpan(s, e, PhiType.ACCOUNT_NUMBER, 0.9, NAME));
        } else if (code(t, r)) {
            out.add(new PhiSpan(s, e, PhiType.UNIQUE_IDENTIFIER, CODE, NAME));
        }
    }

    /** Whether one of the two words before token {@code i} names a coding system ("SNOMED CT: 44054006"). */
    private static boolean codeSystemBefore(Tokens t, int i) {
        int words = 0;
        for (int j = i - 1; j >= 0 && j >= i - 5 && words < 2; j--) {
            if (t.kind(j) == Tokens.PUNCT) {
                continue;
            }
            words++;
            if (t.length(j) <= 14 && CODE_SYSTEMS_TABLE.contains(t, j)) {
                return true;
            }
        }
        return false;
    }

    /** Runs of digit groups ("12345678", "4111-1111-1111-1111", "12345-67890"). */
    private void digitsOnly(Tokens t, Run r, int s, int e, List<PhiSpan> out) {
        if (dateOrTime(t, r) || phoneShape(r) || currencyBefore(t, r.first) || quantityFollows(t, r.last)
                || (r.first > 0 && t.isPunct(r.first - 1, '+') && t.joined(r.first - 1))) {
            return;
        }
        if (r.digits >= 12 && r.digits <= 19) {
            String c = Validators.compact(t.text.substring(s, e));
            if (c != null && Validators.luhn(c) && Validators.knownCardPrefix(c)) {
                out.add(new PhiSpan(s, e, PhiType.ACCOUNT_NUMBER, 0.85, NAME));
                return;
            }
        }
        if (r.digits == 10 && r.groups == 1 && Validators.npi(t.text.substring(s, e))) {
            out.add(new PhiSpan(s, e, PhiType.CERTIFICATE_LICENSE_NUMBER, 0.8, NAME));
            return;
        }
        if (r.digits < 7) {
            return;
        }
        if (r.groups == 2 && (r.groupsAre(G_5_4) || yearRange(t, r))) {
            return; // ZIP+4 is the location detector's; "1990-2020" is a range of years
        }
        if (r.groupsAre(G_4_4_2) || r.groupsAre(G_5_3_2) || r.groupsAre(G_5_4_1) || r.groupsAre(G_5_4_2)) {
            return; // FDA National Drug Code shapes (21 CFR 207.33)
        }
        out.add(new PhiSpan(s, e, PhiType.UNIQUE_IDENTIFIER, CODE, NAME));
    }

    /**
     * A code in capitals with at least five digits: "SJH-987654", "12345-EMH", "B123-456", "TX108765". Five digits
     * keep out clinical names and codes (COVID-19, ICD-10, CHA2DS2-VASc, BRCA1, H1N1, CA-125, E11.9).
     */
    private static boolean code(Tokens t, Run r) {
        if (r.digits < 5 || r.letters == 0 || r.lowerWord) {
            return false;
        }
        if (r.groups == 1) {
            // "10000IU", "250000K": a quantity glued to its unit
            String s = t.lower(r.first);
            int p = 0;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                p++;
            }
            if (p > 0 && UNITS.contains(s.substring(p))) {
                return false;
            }
        }
        // ISO date-time "2023-04-25T10": starts with a year and a month
        return !(r.groups >= 2 && t.kind(r.first) == Tokens.NUMBER && t.length(r.first) == 4
                && yearLike(t, r.first));
    }

    /** RFC 4122 UUID 8-4-4-4-12 hex, in either case. */
    private static boolean uuid(Tokens t, Run r) {
        if (r.groups != 5 || r.slash || r.dot || r.chars != 36) {
            return false;
        }
        int[] want = {8, 4, 4, 4, 12};
        for (int g = 0; g < 5; g++) {
            if (r.groupLen[g] != want[g]) {
                return false;
            }
        }
        for (int p = t.start(r.first); p < t.end(r.last); p++) {
            char c = t.text.charAt(p);
            if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Phone shapes (North American 3-4, 3-3-4, 1-3-3-4, 001-3-3-4; European 2-2-2-2(-2), 4-7, 4-3-4) and foreign
     * postal codes (Brazil 5-3, Portugal 4-3): the phone and location detectors own them.
     */
    private static boolean phoneShape(Run r) {
        return r.groupsAre(G_3_4) || r.groupsAre(G_3_3_4) || r.groupsAre(G_1_3_3_4) || r.groupsAre(G_3_3_3)
                || r.groupsAre(G_2_4_4) || r.groupsAre(G_4_3_4) || r.groupsAre(G_4_4) || r.groupsAre(G_3_3_3_4)
                || r.groupsAre(G_2_2_2_2) || r.groupsAre(G_2_2_2_2_2) || r.groupsAre(G_4_7) || r.groupsAre(G_5_3)
                || r.groupsAre(G_4_3);
    }

    /** Date or time shapes: yyyy-mm-dd, mm-dd-yyyy, dd/mm/yy, yyyymmdd. */
    private static boolean dateOrTime(Tokens t, Run r) {
        if (r.groups == 3) {
            int a = r.groupLen[0];
            int b = r.groupLen[1];
            int c = r.groupLen[2];
            if (a == 4 && b <= 2 && c <= 2) {
                return true;
            }
            if (a <= 2 && b <= 2 && (c == 2 || c == 4)) {
                return true;
            }
        }
        if (r.groups == 2 && r.slash && r.groupLen[0] <= 2 && r.groupLen[1] <= 4) {
            return true; // "3/2023", "12/05"
        }
        if (r.groups == 1 && r.digits == 8) {
            String s = t.text.substring(t.start(r.first), t.end(r.first));
            int y = Integer.parseInt(s.substring(0, 4));
            int m = Integer.parseInt(s.substring(4, 6));
            int d = Integer.parseInt(s.substring(6, 8));
            return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
        }
        return false;
    }

    private static boolean yearLike(Tokens t, int i) {
        if (t.length(i) != 4) {
            return false;
        }
        char a = t.first(i);
        char b = t.text.charAt(t.start(i) + 1);
        return (a == '1' && b == '9') || (a == '2' && b == '0');
    }

    private static boolean yearRange(Tokens t, Run r) {
        return r.groupsAre(G_4_4) && yearLike(t, r.first) && yearLike(t, r.last);
    }

    private static boolean currencyBefore(Tokens t, int i) {
        if (i == 0 || t.kind(i - 1) != Tokens.PUNCT) {
            return false;
        }
        int type = Character.getType(t.text.codePointAt(t.start(i - 1)));
        return type == Character.CURRENCY_SYMBOL;
    }

    /** "1000000 units", "2500000 cells", "10000%". */
    private static boolean quantityFollows(Tokens t, int last) {
        int j = last + 1;
        if (j >= t.size()) {
            return false;
        }
        if (t.isPunct(j, '%')) {
            return true;
        }
        // one-letter units ("x", "m", "U") are too ambiguous after a space; they count only glued ("10000U")
        return t.kind(j) == Tokens.WORD && t.length(j) >= 2 && t.length(j) <= 8 && !t.has(j, Tokens.NEWLINE_BEFORE)
                && UNITS.contains(t.lower(j));
    }

    /**
     * Space-separated digit groups starting at NUMBER token {@code i} that form an SSN (3 2 4) or a payment card
     * (4 4 4 4[3], 4 6 5, 4 6 4): the last token index, else -1. Groups must be one space apart on one line.
     */
    private static int spaceGroups(Tokens t, int i) {
        int first = t.length(i);
        if (first != 3 && first != 4) {
            return -1;
        }
        int[] lens = new int[5];
        int g = 0;
        int j = i;
        while (g < 5) {
            lens[g++] = t.length(j);
            // the next group: one space away on the same line, and standing alone (not "123 45-67")
            boolean more = t.isNumber(j + 1) && t.start(j + 1) - t.end(j) == 1 && t.text.charAt(t.end(j)) == ' '
                    && t.length(j + 1) <= 6
                    && !(t.joined(j + 1) && separator(t, j + 2) && t.joined(j + 2) && alnum(t, j + 3));
            if (!more) {
                break;
            }
            j++;
        }
        if (g == 3 && lens[0] == 3 && lens[1] == 2 && lens[2] == 4) {
            return j;
        }
        if (first != 4) {
            return -1;
        }
        int total = 0;
        for (int k = 0; k < g; k++) {
            total += lens[k];
        }
        boolean fours = g >= 4;
        for (int k = 0; k < g - 1 && fours; k++) {
            fours = lens[k] == 4;
        }
        boolean amex = g == 3 && lens[1] == 6 && (lens[2] == 5 || lens[2] == 4);
        if ((fours || amex) && total >= 13 && total <= 19) {
            return j;
        }
        return -1;
    }

    /** An IBAN printed in groups of four: "GB82 WEST 1234 5698 7654 32". The last token index, else -1. */
    private static int ibanGroups(Tokens t, int i) {
        if (t.kind(i) != Tokens.ALNUM || t.length(i) != 4) {
            return -1;
        }
        int j = i;
        int total = 4;
        while (j - i < 9 && alnum(t, j + 1) && t.start(j + 1) - t.end(j) == 1 && t.text.charAt(t.end(j)) == ' '
                && t.length(j) == 4 && t.length(j + 1) <= 4) {
            j++;
            total += t.length(j);
        }
        return j > i && total >= 15 && total <= 34 ? j : -1;
    }

    /** Emits a finding for space-separated groups from {@code i} to {@code g} when they validate. */
    private boolean spaceGrouped(Tokens t, int i, int g, List<PhiSpan> out) {
        String c = Validators.compact(t.text.substring(t.start(i), t.end(g)));
        if (c == null) {
            return false;
        }
        int s = t.start(i);
        int e = t.end(g);
        if (t.kind(i) == Tokens.NUMBER && c.length() == 9) {
            // "078 05 1123": SSN shape; without a label only a valid one is likely enough to report
            out.add(new PhiSpan(s, e, PhiType.SOCIAL_SECURITY_NUMBER, Validators.ssnValid(c) ? 0.75 : 0.55, NAME));
            return true;
        }
        if (t.kind(i) == Tokens.NUMBER && Validators.luhn(c) && Validators.knownCardPrefix(c)) {
            out.add(new PhiSpan(s, e, PhiType.ACCOUNT_NUMBER, 0.85, NAME));
            return true;
        }
        if (t.kind(i) != Tokens.NUMBER && Validators.iban(c)) {
            out.add(new PhiSpan(s, e, PhiType.ACCOUNT_NUMBER, 0.9, NAME));
            return true;
        }
        return false;
    }

    /** "#654321", "#JH-998877": a hash-prefixed id with at least four digits. */
    private int hashId(Tokens t, int i, List<PhiSpan> out) {
        if (!t.joined(i) || !alnum(t, i + 1) || (i > 0 && !t.has(i, Tokens.SPACE_BEFORE) && alnum(t, i - 1))) {
            return -1; // "C#", "Acct#" (labels are read before we get here)
        }
        int k = i + 1;
        int end = runEnd(t, k, MAX_RUN_TOKENS);
        if (end - k >= MAX_RUN_TOKENS) {
            return -1;
        }
        Run r = new Run();
        if (!r.read(t, k, end) || r.digits < 4 || r.lowerWord || codeSystemBefore(t, i)
                || (r.allNumbers && dateOrTime(t, r))
                || (r.allNumbers && r.groups == 1 && r.digits == 4 && yearLike(t, k))) {
            return -1;
        }
        out.add(new PhiSpan(t.start(i), t.end(end), PhiType.UNIQUE_IDENTIFIER, 0.75, NAME));
        return end + 1;
    }

    /**
     * GS1 UDI (21 CFR 801.20, GS1 General Specifications): "(01)" and a 14-digit GTIN, followed by more application
     * identifiers such as (17) expiry, (10) lot, (21) serial.
     */
    private int udi(Tokens t, int i, List<PhiSpan> out) {
        int end = aiElement(t, i);
        if (end < 0 || t.length(i + 1) != 2 || !"01".equals(t.text(i + 1)) || t.length(end) != 14
                || t.kind(end) != Tokens.NUMBER) {
            return -1;
        }
        for (int ai = 0; ai < 6; ai++) {
            if (!t.joined(end)) {
                break;
            }
            int more = aiElement(t, end + 1);
            if (more < 0) {
                break;
            }
            end = more;
        }
        out.add(new PhiSpan(t.start(i), t.end(end), PhiType.DEVICE_IDENTIFIER, 0.9, NAME));
        return end + 1;
    }

    /** "(nn)value" at {@code i}: the last token of the value, else -1. */
    private static int aiElement(Tokens t, int i) {
        if (!t.isPunct(i, '(') || !t.joined(i) || !t.isNumber(i + 1) || t.length(i + 1) < 2 || t.length(i + 1) > 4
                || !t.joined(i + 1) || !t.isPunct(i + 2, ')') || !t.joined(i + 2) || !alnum(t, i + 3)) {
            return -1;
        }
        int end = runEnd(t, i + 3, 4);
        return t.end(end) - t.start(i + 3) <= 30 ? end : -1;
    }
}
