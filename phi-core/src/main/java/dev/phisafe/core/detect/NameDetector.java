package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds names of patients, relatives and clinicians (45 CFR 164.514(b)(2)(i)(A)).
 *
 * <p>Evidence, strongest first: a title or role before the name ("Dr.", "Mrs.", "doctor", "daughter", "seen by",
 * "patient is"); a trailing initial ("Anna S."); a first name followed by a surname; a name followed by an age
 * phrase ("Karen is a 3-year-old"); a known first name or an unknown capitalised word on its own. Clinical
 * vocabulary — ICD-10-CM words, eponyms used with a disease or sign ("Cushing's syndrome", "Chaddock reflex"),
 * drug and lab names — and common English words lower the evidence. Lower-case transcripts are read with the same
 * cues; a name found with strong evidence is then marked wherever it recurs in the same text, as clinical de-
 * identification tools do (a surname seen once after "Dr." is a name everywhere in that note).
 *
 * <p>One pass over the tokens plus one propagation pass; each rule looks at most a few tokens around a position,
 * so time is linear in the text length.
 */
final class NameDetector extends TokenDetector {
    private static final String NAME = "name";

    /** Titles before a name; "dr", "mr" etc. may carry a dot. */
    private static final Words TITLES = Words.of("dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof",
            "professor", "nurse", "sister", "rev", "reverend", "judge", "dra", "sr", "sra", "mister", "madam",
            "mrs.", "mstr", "master", "drs", "docs", "doc", "sir", "dame", "lady", "lord", "capt", "captain",
            "sgt", "officer", "attorney", "pastor", "father", "rabbi", "imam");

    /** Verbs that, after a capitalised word opening a sentence, make it the subject: a person. */
    private static final Words VERBS = Words.of("is", "was", "has", "had", "have", "reports", "reported",
            "states", "stated", "denies", "denied", "presents", "presented", "returns", "returned", "says", "said",
            "and", "will", "would", "can", "could", "should", "did", "does", "shouted", "lives", "lived", "began",
            "begins", "told", "tells", "asked", "asks", "went", "goes", "came", "comes", "called", "calls", "wrote",
            "writes", "gave", "gives", "works", "worked", "died", "moved", "moves", "speaks", "spoke", "likes",
            "liked", "wants", "wanted", "needs", "needed", "thinks", "thought", "knows", "knew", "got", "gets",
            "took", "takes", "made", "makes", "saw", "sees", "met", "meets", "visited", "visits", "underwent",
            "complains", "complained", "notes", "noted", "agrees", "agreed", "declined", "declines", "arrived",
            "left", "lost", "won", "joined", "married", "founded", "started", "decided", "tried", "felt", "feels",
            "seems", "appears", "remains", "became", "becomes", "received", "receives", "brought", "sent", "sends");

    /** Name suffixes that belong to the name before them. */
    private static final Words SUFFIXES = Words.of("ii", "iii", "iv", "jr", "sr", "md", "do", "dds", "dmd",
            "phd", "rn", "np", "pa", "esq", "cpa", "mba", "lpn", "facp", "facs");

    /** Small closed classes the rules test often. */
    private static final Words ARTICLE = Words.of("a", "an");
    private static final Words COPULA = Words.of("is", "was");
    private static final Words CONJ = Words.of("and", "or");

    /** Titles that are abbreviations even without their dot. */
    private static final Words SHORT_TITLES = Words.of("dr", "mr", "mrs", "ms", "mx", "prof", "drs", "dra");

    /** Months and weekdays that are also given names: names only with a title, a cue or an initial. */
    private static final Words CALENDAR = Words.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "christmas", "easter");

    /** Words after which the next name-like word is a person's name. */
    private static final Words CUES = Words.of("patient", "pt", "pts", "name", "named", "called", "daughter",
            "son", "wife", "husband", "mother", "father", "sister", "brother", "mom", "dad", "grandson",
            "granddaughter", "grandmother", "grandfather", "spouse", "partner", "fiance", "fiancee", "friend",
            "caregiver", "guardian", "aunt", "uncle", "niece", "nephew", "cousin", "neighbor", "boyfriend",
            "girlfriend", "hi", "hello", "hey", "thanks", "dear", "meet", "attending", "resident", "intern",
            "physician", "surgeon", "provider", "pcp", "np", "rn", "md", "cc", "signed", "dictated", "seen",
            "referred", "accompanied", "per", "by", "mrs", "ms", "mr", "client", "member", "subscriber",
            "insured", "employee", "contact", "emergency", "sincerely", "regards", "from", "to", "with");

    /** Cues strong enough to accept a lower-case or common-word name after them. */
    private static final Words STRONG_CUES = Words.of("named", "called", "daughter", "son", "wife", "husband",
            "mother", "sister", "brother", "grandson", "granddaughter", "spouse", "hi", "hello", "hey", "thanks",
            "dear", "caregiver", "guardian", "aunt", "uncle", "niece", "nephew", "cousin", "sincerely");

    /** Words that are never names (function words, fillers of dialogue). */
    private static final Words FUNCTION = Words.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "at",
            "for", "with", "is", "are", "was", "were", "be", "he", "she", "they", "we", "i", "you", "it", "this",
            "that", "his", "her", "my", "me", "him", "not", "no", "yes", "so", "but", "if", "as", "by", "um", "uh");

    /** Words that are names only with strong evidence (function words, fillers of dialogue, everyday words). */
    private static final Words STOP = Words.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for",
            "with", "is", "are", "was", "were", "be", "been", "he", "she", "they", "we", "i", "you", "it", "this",
            "that", "these", "those", "his", "her", "hers", "their", "our", "your", "my", "me", "him", "them",
            "us", "not", "no", "yes", "so", "but", "if", "as", "by", "from", "up", "down", "out", "over", "about",
            "just", "also", "very", "here", "there", "now", "then", "well", "okay", "ok", "um", "uh", "yeah",
            "right", "all", "any", "some", "what", "who", "how", "when", "where", "why", "which", "there's", "let's",
            "i'm", "you're", "it's", "that's", "we're", "they're", "he's", "she's", "i've", "i'll", "i'd", "don't",
            "doesn't", "didn't", "can't", "won't", "do", "does", "did", "have", "has", "had", "will", "would", "can",
            "could", "should", "may", "might", "must", "shall", "good", "great", "fine", "sure", "thank", "please",
            "sorry", "oh", "hmm", "mm", "mhm", "alright", "hey", "hi", "hello", "bye", "today", "tomorrow",
            "yesterday", "morning", "afternoon", "evening", "night", "everyone", "everybody", "guys", "folks",
            "sir", "ma'am", "maam", "doctor", "doc", "nurse", "patient", "pt", "again", "too", "both", "each",
            "one", "two", "three", "first", "last", "next", "new", "old", "other", "another", "such", "only",
            "own", "same", "than", "more", "most", "less", "least", "much", "many", "few", "every", "either",
            "neither", "into", "onto", "upon", "after", "before", "since", "until", "while", "during", "through",
            "because", "although", "though", "unless", "whether", "see", "seen", "go", "going", "get", "got",
            "come", "came", "know", "think", "like", "feel", "want", "need", "look", "let", "tell", "said", "say");

    /** Nouns that make the capitalised word before them an eponym or a facility, not a person. */
    private static final Words EPONYM_HEADS = Words.of("disease", "syndrome", "sign", "signs", "reflex",
            "score", "scores", "criteria", "classification", "scale", "test", "tests", "maneuver", "manoeuvre",
            "procedure", "operation", "fracture", "palsy", "phenomenon", "triad", "law", "lymphoma", "sarcoma",
            "tumor", "tumour", "disorder", "anomaly", "ulcer", "node", "nodes", "cell", "cells", "body", "bodies",
            "trial", "study", "protocol", "index", "rule", "rules", "staging", "grade", "type", "position",
            "method", "technique", "incision", "repair", "block", "catheter", "tube", "stain", "murmur",
            "ratio", "formula", "equation", "hospital", "clinic", "center", "centre", "medical", "health",
            "healthcare", "university", "college", "institute", "school", "street", "st", "avenue", "ave",
            "road", "rd", "boulevard", "blvd", "lane", "county", "city", "lake", "river", "park", "pharmacy",
            "inc", "corp", "llc", "foundation", "association", "society", "guidelines", "guideline", "model",
            "calculator", "questionnaire", "inventory", "assessment", "exam", "examination", "virus", "bacillus",
            "encephalopathy", "dystrophy", "arthritis", "aneurysm", "deformity", "contracture", "diverticulum",
            "duct", "canal", "gland", "glands", "membrane", "pouch", "space", "valve", "line", "lines", "point",
            "regimen", "therapy", "diet", "pump", "stent", "angina", "palsy's", "risk", "reaction", "effect",
            "pattern", "wave", "waves", "zone", "area", "bundle", "loop", "capsule", "fascia", "ligament");

    /** Particles inside names (van der Berg, de la Cruz, O'Neil is one token). */
    private static final Words PARTICLES = Words.of("van", "von", "der", "den", "de", "del", "della", "da",
            "di", "du", "la", "le", "dos", "das", "bin", "ibn", "al", "el", "ten", "ter", "mac", "st");

    private static final int R_TITLES = 1;
    private static final int R_SHORT_TITLES = 2;
    private static final int R_CALENDAR = 4;
    private static final int R_CUES = 8;
    private static final int R_STRONG_CUES = 16;
    private static final int R_FUNCTION = 32;
    private static final int R_STOP = 64;
    private static final int R_EPONYM_HEADS = 128;
    private static final int R_PARTICLES = 256;
    private static final int R_VERBS = 512;
    private static final int R_ARTICLE = 2048;
    private static final int R_COPULA = 4096;
    private static final int R_CONJ = 8192;
    private static final int R_SUFFIXES = 1024;

    /** Every word of the lists above, with a bit per list (in the order of the R_ constants). */
    private static final WordRoles ROLES = new WordRoles(TITLES, SHORT_TITLES, CALENDAR, CUES, STRONG_CUES, FUNCTION,
            STOP, EPONYM_HEADS, PARTICLES, VERBS, SUFFIXES, ARTICLE, COPULA, CONJ);

    private final Lexicon lexicon;

    NameDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.NAME);
    }

    /** Per-text state of one run. */
    private final class Run {
        final Tokens t;
        final boolean lowerText;      // a transcript written in lower case
        double[] conf;                // best name confidence per token (0: none); allocated at the first name

        double conf(int i) {
            return conf == null ? 0 : conf[i];
        }
        final List<PhiSpan> out;

        Run(Tokens t, List<PhiSpan> out) {
            this.t = t;
            this.out = out;
            this.roles = new int[t.size()];
            this.lowerText = t.words() >= 20 && t.lowerWords() >= t.words() * 0.97;
        }

        private final int[] roles;

        /** Whether token i is in the word list(s) of {@code bits}. */
        boolean is(int i, int bits) {
            if (i < 0 || i >= t.size() || t.kind(i) == Tokens.PUNCT) {
                return false;
            }
            return (ROLES.of(t, i, roles) & bits) != 0;
        }

        /** The dictionary entry of token i, looked up once per run. */
        Lexicon.Entry entry(int i) {
            return lexicon.entry(t, i);
        }

        boolean word(int i) {
            return t.isWord(i);
        }

        boolean cap(int i) {
            return word(i) && (t.has(i, Tokens.CAPITALIZED) || (t.has(i, Tokens.ALL_CAPS) && t.length(i) >= 2));
        }

        boolean stop(int i) {
            return is(i, R_STOP);
        }

        /** A single capital letter, optionally followed by a joined '.', e.g. "S." or "J". */
        int initialEnd(int i) {
            if (!word(i) || t.length(i) != 1 || !Character.isUpperCase(t.first(i))) {
                return -1;
            }
            if (t.joined(i) && t.isPunct(i + 1, '.')) {
                return i + 1;
            }
            return i;
        }

        boolean clinical(int i, Lexicon.Entry e) {
            if (e.clinical() || ((e.has(Lexicon.ABBREVIATION) || e.has(Lexicon.LAB)) && t.has(i, Tokens.ALL_CAPS))
                    || e.has(Lexicon.EPONYM) && t.possessive(i)) {
                return true;
            }
            return eponymHeadAfter(i);
        }

        private byte[] eponymCache;

        /** Whether the word after token i makes it an eponym or a facility word (cached per token). */
        boolean eponymHeadAfter(int i) {
            if (eponymCache == null) {
                eponymCache = new byte[t.size()];
            }
            byte c = eponymCache[i];
            if (c == 0) {
                c = computeEponymHeadAfter(i) ? (byte) 1 : (byte) 2;
                eponymCache[i] = c;
            }
            return c == 1;
        }

        private boolean computeEponymHeadAfter(int i) {
            int j = i + 1;
            if (j < t.size() && t.isPunct(j, '-')) {
                j++;
            }
            // "Cushing's syndrome", "Duke Score", "Chaddock reflex", "Framingham risk score", "Ludwig's angina"
            boolean possessive = t.possessive(i);
            for (int k = j; k < t.size() && k <= j + 1; k++) {
                if (!word(k) || t.has(k, Tokens.NEWLINE_BEFORE)) {
                    return false;
                }
                if (is(k, R_EPONYM_HEADS)) {
                    return true;
                }
                if (k == j && possessive && entry(k).has(Lexicon.CLINICAL) && !is(k, R_FUNCTION)
                        && (entry(i).has(Lexicon.EPONYM) || entry(i).firstNameCount < 1000)) {
                    return true;
                }
                if (is(k, R_FUNCTION)) {
                    return false;
                }
            }
            return false;
        }

        /** How much a word looks like a first name, in [0, 1]. */
        double firstNameLikeness(int i) {
            Lexicon.Entry e = entry(i);
            if (e.firstNameCount < 100) {
                return 0;
            }
            double f = e.firstNameCount >= 50_000 ? 1.0 : e.firstNameCount >= 5_000 ? 0.85 : e.firstNameCount >= 1000 ? 0.7 : 0.5;
            if (e.englishLevel > 0 && e.englishLevel <= 20) {
                f *= 0.4;
            } else if (e.englishLevel > 0 && e.englishLevel <= 35) {
                f *= e.firstNameCount >= 100_000 ? 0.7 : 0.4; // "Maria", "Heather": names far more often than words
            } else if (e.englishLevel > 0 && e.englishLevel <= 50) {
                f *= 0.7;
            }
            if (e.clinical()) {
                f *= 0.5;
            }
            return f;
        }

        double surnameLikeness(int i) {
            Lexicon.Entry e = entry(i);
            if (e.surnameCount < 200) {
                return 0;
            }
            double f = e.surnameCount >= 20_000 ? 1.0 : e.surnameCount >= 2_000 ? 0.85 : 0.6;
            if (e.englishLevel > 0 && e.englishLevel <= 35) {
                f *= 0.35;
            } else if (e.englishLevel > 0 && e.englishLevel <= 50) {
                f *= 0.6;
            }
            if (e.clinical()) {
                f *= 0.5;
            }
            return f;
        }

        private byte[] unknownCache;

        /** A capitalised word that no dictionary knows as anything but (possibly) a name: a foreign or rare name. */
        boolean unknownProper(int i) {
            if (i < 0 || i >= t.size()) {
                return false;
            }
            if (unknownCache == null) {
                unknownCache = new byte[t.size()];
            }
            byte c = unknownCache[i];
            if (c == 0) {
                c = computeUnknownProper(i) ? (byte) 1 : (byte) 2;
                unknownCache[i] = c;
            }
            return c == 1;
        }

        private boolean computeUnknownProper(int i) {
            if (!word(i) || !t.has(i, Tokens.CAPITALIZED) || t.length(i) < 3) {
                return false;
            }
            Lexicon.Entry e = entry(i);
            if (e.englishLevel != 0 || e.clinical() || e.has(Lexicon.ABBREVIATION) || e.has(Lexicon.DRUG)
                    || is(i, R_CALENDAR) || camelOrContraction(i)) {
                return false;
            }
            int len = t.length(i);
            char last = t.text.charAt(t.end(i) - 1);
            if ((last == 's' || last == 'S') && len > 4) {
                Lexicon.Entry stem = lexicon.get(t.text, t.start(i), t.end(i) - 1);
                if (stem.englishLevel > 0 || stem.clinical()) {
                    return false;   // "Respirations"
                }
            }
            return !eponymHeadAfter(i);
        }

        /** "MedRec", "CEOs", "DX'd": shapes of abbreviations and contractions, not of names (McDonald, O'Neil are). */
        boolean camelOrContraction(int i) {
            final String s = t.text;
            final int a = t.start(i);
            final int b = t.end(i);
            for (int k = a + 1; k < b; k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '\u2019') {
                    int tail = b - k - 1;
                    char x = tail >= 1 ? FoldedTable.fold(s.charAt(k + 1)) : 0;
                    char y = tail == 2 ? FoldedTable.fold(s.charAt(k + 2)) : 0;
                    if (tail == 1 && (x == 'd' || x == 't' || x == 'm')
                            || tail == 2 && (x == 'l' && y == 'l' || x == 'v' && y == 'e' || x == 'r' && y == 'e')) {
                        return true; // "DX'd", "C'mon" is not, "They're"
                    }
                    break;
                }
            }
            for (int k = a + 1; k < b; k++) {
                char c = s.charAt(k);
                if (Character.isUpperCase(c) && Character.isLowerCase(s.charAt(k - 1))) {
                    int len = k - a;
                    return !(len == 2 && (s.startsWith("Mc", a) || s.startsWith("De", a) || s.startsWith("Di", a)
                            || s.startsWith("La", a) || s.startsWith("Le", a) || s.startsWith("Da", a))
                            || len == 3 && (s.startsWith("Mac", a) || s.startsWith("Van", a)));
                }
                if (k >= a + 2 && Character.isUpperCase(c) && Character.isUpperCase(s.charAt(k - 1))) {
                    return true; // "CEOs"
                }
            }
            return false;
        }

        /** Whether the word starting at i is a US place (city, county or state) in the gazetteer. */
        private final Lexicon.Place[] placeOut = new Lexicon.Place[1];

        boolean place(int i) {
            return lexicon.placeAt(t, i, placeOut) >= i;
        }

        /** A state, or a city with at least ten ZIP codes: too prominent a place to read as a lone first name. */

        boolean bigPlace(int i) {
            Lexicon.Place[] v = placeOut;
            if (lexicon.placeAt(t, i, v) != i) {
                return false;
            }
            return v[0].kind == Lexicon.PlaceKind.STATE || v[0].kind == Lexicon.PlaceKind.CITY && v[0].weight >= 10;
        }

        /** Whether token i may be part of a name once there is other evidence. */
        boolean namePart(int i, boolean lowerAllowed) {
            if (!word(i) || stop(i)) {
                return false;
            }
            if (is(i, R_EPONYM_HEADS) || is(i, R_TITLES)) {
                return false;
            }
            Lexicon.Entry e = entry(i);
            if (cap(i)) {
                if (e.clinical() && e.firstNameCount < 1000 && e.surnameCount < 1000) {
                    return false;
                }
                return !(e.englishLevel > 0 && e.englishLevel <= 20 && e.firstNameCount < 1000 && e.surnameCount < 5000);
            }
            if (!lowerAllowed || !t.has(i, Tokens.LOWER)) {
                return false;
            }
            if (e.clinical() && e.firstNameCount < 5000 && e.surnameCount < 5000) {
                return false;
            }
            return e.firstNameCount >= 100 || e.surnameCount >= 200;
        }

        /** Extends a name that starts at token i to the right; returns its last token, or -1 if i is no name part. */
        int extend(int i, boolean lowerAllowed, int maxTokens) {
            if (!namePart(i, lowerAllowed)) {
                return -1;
            }
            int last = i;
            int count = 1;
            int j = i + 1;
            while (j < t.size() && count < maxTokens) {
                if (t.has(j, Tokens.NEWLINE_BEFORE) || t.possessive(last)) {
                    break; // a possessive ends a name: "Mrs. Patel's VIN"
                }
                int ie = initialEnd(j);
                if (ie >= 0 && cap(last)) {
                    last = ie;
                    j = ie + 1;
                    count++;
                    continue;
                }
                if (t.isPunct(j, '-') && t.joined(j - 1) && t.joined(j) && namePart(j + 1, lowerAllowed)) {
                    last = j + 1; // double-barrelled: Smith-Jones
                    j += 2;
                    continue;
                }
                if (word(j) && is(j, R_PARTICLES) && word(j + 1) && cap(j + 1) && cap(i)) {
                    last = j + 1;
                    j += 2;
                    count++;
                    continue;
                }
                if (namePart(j, lowerAllowed) && (cap(j) == cap(i) || lowerAllowed)
                        && (cap(j) ? (surnameLikeness(j) > 0 || firstNameLikeness(j) > 0 || unknownProper(j))
                                   : (entry(j).surnameCount >= 200 || entry(j).firstNameCount >= 1000))
                        && !eponymHeadAfter(j)) {
                    last = j;
                    j++;
                    count++;
                    continue;
                }
                break;
            }
            return last;
        }

        final java.util.BitSet fromTitle = new java.util.BitSet();

        void markTitled(int a, int b) {
            fromTitle.set(a, b + 1);
        }

        /** A word that dictionaries know as a name (first or surname) and that is not a function word. */
        boolean nameWord(int i, boolean lowerOk) {
            if (!word(i) || is(i, R_FUNCTION) || (!lowerOk && !cap(i))) {
                return false;
            }
            Lexicon.Entry e = entry(i);
            return e.firstNameCount >= 100 || e.surnameCount >= 200 || (cap(i) && unknownProper(i));
        }

        /** After a title, a first name may be followed by any surname, even an everyday word: "Dr. Scott Good". */
        int extendAfterTitle(int j, boolean lowerOk) {
            int last = namePart(j, lowerOk) ? extend(j, lowerOk, 3) : j;
            if (cap(j) && last - j < 2 && cap(last + 1) && !t.has(last + 1, Tokens.NEWLINE_BEFORE) && !stop(last + 1)
                    && !is(last + 1, R_EPONYM_HEADS) && !t.has(last + 1, Tokens.ALL_CAPS)) {
                last++; // "Dr. Justin Beet": after a title, a capitalised word is a surname
            }
            if (last == j && word(j + 1) && !t.has(j + 1, Tokens.NEWLINE_BEFORE) && entry(j).firstNameCount >= 100
                    && entry(j + 1).surnameCount >= 200 && !is(j + 1, R_FUNCTION)
                    && (cap(j + 1) == cap(j)) && !is(j + 1, R_EPONYM_HEADS)) {
                last = j + 1;
            }
            return last;
        }

        void mark(int a, int b, double c) {
            if (a < 0 || b < a) {
                return;
            }
            // "Kevin Veitonen II", "Kathrine Filemonsen DDS", "John Smith, Jr."
            int s = b + 1;
            if (s < t.size() && t.isPunct(s, ',') && word(s + 1) && is(s + 1, R_SUFFIXES)) {
                s++;
            }
            if (word(s) && is(s, R_SUFFIXES) && !t.has(s, Tokens.LOWER) && !t.has(s, Tokens.NEWLINE_BEFORE)) {
                b = t.joined(s) && t.isPunct(s + 1, '.') ? s + 1 : s;
            }
            out.add(new PhiSpan(t.start(a), t.end(b), PhiType.NAME, c, NAME));
            for (int k = a; k <= b; k++) {
                if (conf == null) {
                    conf = new double[t.size()];
                }
                conf[k] = Math.max(conf[k], c);
            }
        }

        void run() {
            int n = t.size();
            for (int i = 0; i < n; i++) {
                if (!word(i)) {
                    continue;
                }
                // 1. title + name: "Dr. Smith", "Mr. W.", "Dr. A. Smith", "mrs. jackson", "doctor scott good"
                if (is(i, R_TITLES) && (cap(i) || t.has(i, Tokens.LOWER))) {
                    int j = i + 1;
                    if (t.isPunct(j, '.')) {
                        j++;
                    }
                    boolean abbrevTitle = j > i + 1 || is(i, R_SHORT_TITLES);
                    boolean lowerOk = lowerText || t.has(i, Tokens.LOWER);
                    int last = -1;
                    int ie = initialEnd(j);
                    if (ie >= 0 && abbrevTitle) {
                        // "Mr. W." or "Dr. A. Smith"
                        last = ie;
                        int more = extend(ie + 1, false, 2);
                        if (more >= 0 && !t.has(ie + 1, Tokens.NEWLINE_BEFORE)) {
                            last = more;
                        }
                    } else if (word(j) && !stop(j) && (abbrevTitle && cap(j) || nameWord(j, lowerOk))) {
                        last = extendAfterTitle(j, lowerOk);
                    }
                    if (last >= 0) {
                        mark(i, last, abbrevTitle || cap(j) || lowerText ? 0.9 : 0.75);
                        markTitled(i, last);
                        i = last;
                        continue;
                    }
                }
                // 2. first name + initial: "Anna S.", "John A. Leiva"
                if (cap(i) && !t.has(i, Tokens.ALL_CAPS)) {
                    int ie = initialEnd(i + 1);
                    if (ie >= 0 && (t.isPunct(ie, '.') || (word(ie + 1) && cap(ie + 1)))) {
                        double f = firstNameLikeness(i);
                        Lexicon.Entry e = entry(i);
                        if ((f > 0 || surnameLikeness(i) >= 0.5 || unknownProper(i)) && !clinical(i, e) && !stop(i)) {
                            int last = ie;
                            int more = word(ie + 1) && cap(ie + 1) && !t.has(ie + 1, Tokens.NEWLINE_BEFORE)
                                    && !eponymHeadAfter(ie + 1) && namePart(ie + 1, false)
                                    ? extend(ie + 1, false, 2) : -1;
                            if (more >= 0) {
                                last = more;
                            }
                            mark(i, last, f >= 0.5 || more >= 0 ? 0.9 : 0.7);
                            i = last;
                            continue;
                        }
                    }
                }
                // 3. cue + name: "daughter Mary", "hi martha", "patient is pamela cook", "seen by Smith"
                if (is(i, R_CUES)) {
                    int j = i + 1;
                    int skipped = 0;
                    while (j < n && skipped < 2 && (t.isPunct(j, ',') || t.isPunct(j, ':') || t.isPunct(j, '.') || t.isPunct(j, '?')
                            || (word(j) && (t.eq(j, "is") || t.eq(j, "by") || t.eq(j, "was")
                            || t.eq(j, "named") || t.eq(j, "name") || t.eq(j, "'s"))))) {
                        j++;
                        skipped++;
                    }
                    if (word(j) && !is(j, R_TITLES) && !(is(j, R_CALENDAR) && !is(i, R_STRONG_CUES))) {
                        boolean strong = is(i, R_STRONG_CUES) || (t.eq(i, "name") && skipped > 0)
                                || ((t.eq(i, "patient") || t.eq(i, "pt")) && skipped > 0);
                        boolean lowerOk = lowerText || t.has(j, Tokens.LOWER) && strong;
                        int last = extend(j, lowerOk, 3);
                        if (last >= 0) {
                            double f = 0;
                            for (int k = j; k <= last; k++) {
                                f = Math.max(f, Math.max(firstNameLikeness(k), surnameLikeness(k)));
                            }
                            boolean capJ = cap(j) && !t.has(j, Tokens.ALL_CAPS);
                            double c;
                            if (strong && (f > 0.3 || (capJ && unknownProper(j)))) {
                                c = 0.88;
                            } else if (capJ && (f > 0.3 || unknownProper(j)) && !clinical(j, entry(j))) {
                                c = 0.8;
                            } else if (!capJ && f >= 0.5 && strong) {
                                c = 0.75;
                            } else if (!capJ && lowerText && f >= 0.6 && !clinical(j, entry(j))
                                    && (is(i, R_STRONG_CUES) || skipped > 0)) {
                                c = 0.7;
                            } else {
                                c = 0;
                            }
                            if (c > 0) {
                                mark(j, last, c);
                                i = last;
                                continue;
                            }
                        }
                    }
                }
                // 4. name + age phrase: "Karen is a 3-year-old", "martha collins is a 50-year-old", "Smith, a 45"
                if (agePhraseWithin(i + 1) && namePart(i, lowerText) && !is(i, R_STOP)) {
                    int last = extend(i, lowerText, 3);
                    if (last >= 0 && agePhraseAfter(last + 1)) {
                        double f = 0;
                        for (int k = i; k <= last; k++) {
                            f = Math.max(f, Math.max(firstNameLikeness(k), surnameLikeness(k)));
                        }
                        if (f > 0.3 || unknownProper(i)) {
                            mark(i, last, 0.85);
                            i = last;
                            continue;
                        }
                    }
                }
                // 5. first name + surname, or known names / unknown proper words on their own
                if (cap(i) && !t.has(i, Tokens.ALL_CAPS) && !stop(i)) {
                    Lexicon.Entry e = entry(i);
                    if (clinical(i, e) || is(i, R_EPONYM_HEADS) || is(i, R_TITLES)) {
                        continue;
                    }
                    boolean sentenceStart = t.has(i, Tokens.SENTENCE_START);
                    if (sentenceStart && e.englishLevel > 0 && e.englishLevel <= 35 && e.firstNameCount < 50_000) {
                        continue; // "Call Helen Price": a capitalised everyday word opening a sentence starts no name
                    }
                    double f = firstNameLikeness(i);
                    int last = extend(i, false, 4);
                    if (last > i) {
                        // two or more name-like capitalised words
                        double s = 0;
                        boolean unknown = unknownProper(i);
                        for (int k = i + 1; k <= last; k++) {
                            s = Math.max(s, Math.max(surnameLikeness(k), unknownProper(k) ? 0.6 : 0));
                            unknown |= unknownProper(k);
                        }
                        double c = f >= 0.5 && s >= 0.5 ? 0.85 : (f > 0 || unknown) && s > 0 ? 0.7 : s > 0 && surnameLikeness(i) > 0.5 ? 0.6 : 0;
                        if (c > 0) {
                            mark(i, last, c);
                            i = last;
                            continue;
                        }
                    }
                    boolean speaker = t.joined(i) && t.isPunct(i + 1, ':') && sentenceStart;
                    if (is(i, R_CALENDAR)) {
                        continue;
                    }
                    if (speaker && e.firstNameCount >= 10_000 && (e.englishLevel == 0 || e.englishLevel > 20)) {
                        mark(i, i, 0.7); // "Heather: I'm Daniel's daughter"
                    } else if (!sentenceStart && (f >= 0.7 || f >= 0.5 && e.englishLevel == 0)) {
                        mark(i, i, 0.7);
                    } else if (sentenceStart && (f >= 0.7 || (e.englishLevel == 0 && (!e.has(Lexicon.PROPER)
                            || e.surnameCount >= 200) && unknownProper(i))) && (e.englishLevel == 0 || e.englishLevel > 50)
                            && (followedByVerbish(i + 1) || speaker) && !bigPlace(i)) {
                        mark(i, i, 0.65);
                    } else if (!sentenceStart && unknownProper(i) && !e.has(Lexicon.PROPER) && !bigPlace(i)) {
                        mark(i, i, 0.55);
                    } else if (!sentenceStart && surnameLikeness(i) >= 0.85 && e.englishLevel == 0 && !bigPlace(i)) {
                        mark(i, i, 0.55);
                    }
                } else if (lowerText && t.has(i, Tokens.LOWER) && lexicon.maybeRareWordName(t, i) && !stop(i)) {
                    // lower-case transcripts: a frequent first name that is no English word, perhaps with a surname
                    Lexicon.Entry e = entry(i);
                    if (e.firstNameCount >= 10_000 && e.englishLevel == 0 && !clinical(i, e)
                            && !is(i, R_CALENDAR) && !bigPlace(i)) {
                        Lexicon.Entry s = word(i + 1) ? entry(i + 1) : Lexicon.NONE;
                        boolean pair = s.surnameCount >= 200 && (s.englishLevel == 0 || s.englishLevel > 50)
                                && !s.clinical() && !stop(i + 1) && !t.has(i + 1, Tokens.NEWLINE_BEFORE);
                        mark(i, pair ? i + 1 : i, pair ? 0.7 : 0.6);
                        if (pair) {
                            i++;
                        }
                    }
                } else if (t.has(i, Tokens.LOWER) && lexicon.maybeRareWordName(t, i) && entry(i).firstNameCount >= 100
                        && entry(i).englishLevel == 0
                        && !stop(i) && word(i + 1) && !t.has(i + 1, Tokens.NEWLINE_BEFORE)) {
                    Lexicon.Entry e = entry(i);
                    int m = i + 1;
                    int sur = m;
                    // "benjamin a seiler", "eric g. samoylova": a lower-case middle initial
                    if (t.length(m) == 1 && t.has(m, Tokens.LOWER)) {
                        sur = t.joined(m) && t.isPunct(m + 1, '.') ? m + 2 : m + 1;
                    }
                    if (!word(sur) || !t.has(sur, Tokens.LOWER) || stop(sur) || t.has(sur, Tokens.NEWLINE_BEFORE)) {
                        continue;
                    }
                    Lexicon.Entry s = entry(sur);
                    boolean first = e.firstNameCount >= 100 && e.englishLevel == 0 && !clinical(i, e);
                    boolean last = (s.surnameCount >= 200 || s == Lexicon.NONE) && s.englishLevel == 0 && !s.clinical()
                            && !s.has(Lexicon.ABBREVIATION) && !bigPlace(sur);
                    if (first && last && (sur > m || e.firstNameCount >= 1000 || s.surnameCount >= 200)) {
                        mark(i, sur, 0.65);
                        i = sur;
                    }
                }
            }
            coordinate();
            nameLists();
            propagate();
        }

        /** "They had 6: silvana, adam, christopher, kristina, chad and caleb": three or more first names in a list. */
        void nameLists() {
            int n = t.size();
            int i = 0;
            while (i < n) {
                // first the shape (word, separator, word, …), then the dictionary: most words are in no list
                int j = i;
                int items = 0;
                while (j < n && word(j) && !is(j, R_FUNCTION)) {
                    items++;
                    int k = j + 1;
                    if (k < n && (t.isPunct(k, ',') || t.isPunct(k, '&'))) {
                        k++;
                    }
                    if (k < n && is(k, R_CONJ)) {
                        k++;
                    }
                    if (k == j + 1) {
                        break;
                    }
                    j = k;
                }
                if (items >= 3) {
                    int names = 0;
                    for (int k = i; k <= j && k < n; k++) {
                        if (word(k) && !is(k, R_FUNCTION) && !is(k, R_CONJ)) {
                            Lexicon.Entry e = entry(k);
                            if (e.firstNameCount >= 1000 && (e.englishLevel == 0 || e.englishLevel > 35 || cap(k))) {
                                names++;
                            }
                        }
                    }
                    if (names >= 3 && names * 3 >= items * 2) {
                        for (int k = i; k <= j && k < n; k++) {
                            if (word(k) && conf(k) == 0 && !is(k, R_FUNCTION) && !is(k, R_CONJ)) {
                                Lexicon.Entry e = entry(k);
                                if (e.firstNameCount >= 100 || e.surnameCount >= 200 || unknownProper(k)
                                        || e == Lexicon.NONE) {
                                    mark(k, k, 0.6);
                                }
                            }
                        }
                    }
                }
                i = Math.max(i + 1, j);
            }
        }

        /** Lists of names: "founders: Kónya, Becker and Vasquez", "Marrero and Murphy". */
        void coordinate() {
            for (int pass = 0; pass < 2; pass++) {
                boolean forward = pass == 0;
                int n = t.size();
                for (int x = 0; x < n; x++) {
                    int i = forward ? x : n - 1 - x;
                    if (conf(i) > 0 || !word(i) || !cap(i) || t.has(i, Tokens.ALL_CAPS) || stop(i)) {
                        continue;
                    }
                    Lexicon.Entry e = entry(i);
                    boolean nameish = (e.firstNameCount >= 100 || e.surnameCount >= 200 || unknownProper(i))
                            && !clinical(i, e) && (e.englishLevel == 0 || e.englishLevel > 35 || e.surnameCount >= 20_000)
                            && !bigPlace(i) && !eponymHeadAfter(i);
                    if (!nameish) {
                        continue;
                    }
                    int nb = forward ? i - 1 : i + 1;
                    if (nb < 0 || nb >= n) {
                        continue;
                    }
                    boolean link = t.isPunct(nb, ',') || t.isPunct(nb, '&') || (word(nb)
                            && is(nb, R_CONJ));
                    int other = forward ? nb - 1 : nb + 1;
                    if (link && other >= 0 && other < n && conf(other) >= 0.55 && conf(other) < 1) {
                        mark(i, i, 0.6);
                    }
                }
            }
        }

        private long[] ageLinks;   // bit k: tokens k, k+1 read ", a" / "is a" / "was an"

        /** Cheap test whether an age phrase may follow within four tokens ("is a", "was an", ", a"). */
        boolean agePhraseWithin(int j) {
            if (ageLinks == null) {
                int n = t.size();
                ageLinks = new long[(n >> 6) + 2];
                for (int k = 0; k + 1 < n; k++) {
                    int l1 = t.length(k + 1);
                    if (l1 <= 2 && is(k + 1, R_ARTICLE) && (t.isPunct(k, ',') || is(k, R_COPULA))) {
                        ageLinks[k >> 6] |= 1L << (k & 63);
                    }
                }
            }
            for (int k = j; k <= j + 3 && k < t.size(); k++) {
                if ((ageLinks[k >> 6] & (1L << (k & 63))) != 0) {
                    return true;
                }
            }
            return false;
        }

        /** ", a 45-year-old", "is a 3-year-old", "is a pleasant 60-year-old", "is a 43 -year-old". */
        boolean agePhraseAfter(int j) {
            int n = t.size();
            if (j < n && t.isPunct(j, ',')) {
                j++;
            } else if (j < n && word(j) && (t.eq(j, "is") || t.eq(j, "was"))) {
                j++;
            } else {
                return false;
            }
            if (!(word(j) && (t.eq(j, "a") || t.eq(j, "an")))) {
                return false;
            }
            for (int k = j + 1; k < n && k <= j + 4; k++) {
                if (t.kind(k) == Tokens.NUMBER || t.kind(k) == Tokens.ALNUM) {
                    return true;
                }
                if (word(k) && (t.eq(k, "year") || t.eq(k, "month") || t.lower(k).endsWith("-year-old"))) {
                    return true;
                }
            }
            return false;
        }

        boolean followedByVerbish(int j) {
            if (!word(j)) {
                return j < t.size() && t.isPunct(j, ',');
            }
            return is(j, R_VERBS);
        }

        /** Marks later and earlier occurrences of words found with strong evidence. */
        void propagate() {
            FoldedTable<Double> strong = null;
            for (int i = 0; i < t.size(); i++) {
                if (conf(i) >= 0.75 && word(i) && t.length(i) >= 2 && !is(i, R_TITLES)
                        && !is(i, R_FUNCTION) && (!is(i, R_STOP) || fromTitle.get(i))) {
                    if (strong == null) {
                        strong = new FoldedTable<>(16);
                    }
                    Double before = strong.get(t, i);
                    if (before == null || before < conf(i)) {
                        strong.put(t.lower(i), conf(i));
                    }
                }
            }
            if (strong == null) {
                return;
            }
            for (int i = 0; i < t.size(); i++) {
                if (conf(i) > 0 || !word(i)) {
                    continue;
                }
                Double c = strong.get(t, i);
                if (c == null) {
                    continue;
                }
                boolean sameShape = cap(i) || lowerText || entry(i).englishLevel == 0 || entry(i).englishLevel > 50;
                if (sameShape) {
                    mark(i, i, Math.min(c, 0.75) - 0.05);
                }
            }
        }
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        if (t.size() == 0) {
            return;
        }
        new Run(t, out).run();
    }
}
