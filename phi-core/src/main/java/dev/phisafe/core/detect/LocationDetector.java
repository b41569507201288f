package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds geographic subdivisions smaller than a state (45 CFR 164.514(b)(2)(i)(B)): street addresses with their unit,
 * city and ZIP lines, post-office and military boxes, cities and counties, ZIP codes in context, and the names of
 * hospitals, clinics and health systems (which narrow where a patient was, so clinical de-identification treats them
 * as locations).
 *
 * <p>Evidence: the CMS hospital list and a list of well-known health systems; a facility head noun ("Hospital",
 * "Medical Center", "Clinic", "Health") after capitalised words; "St. Vincent's"; the GeoNames US place list with a
 * state, a preposition ("in", "from", "at") or a facility word next to it; a house number followed by a street name
 * and a street type (in several languages). State names alone are not reported: Safe Harbor allows them.
 *
 * <p>Each rule looks at a bounded number of tokens around a position; the gazetteers are token tries. Linear time.
 */
final class LocationDetector extends TokenDetector {
    private static final String NAME = "location";

    /** Words that end a facility name. */
    private static final Words FACILITY_HEADS = Words.of("hospital", "hospitals", "clinic", "clinics", "center",
            "centre", "health", "healthcare", "infirmary", "hospice", "institute", "pharmacy", "sanitarium",
            "sanatorium", "medicine", "physicians", "associates", "practice", "ctr", "hosp", "clin", "rehab",
            "rehabilitation", "system", "network", "group", "care", "home", "ward", "unit",
            "campus", "branch", "facility", "lab", "laboratory", "laboratories", "pediatrics", "cardiology",
            "oncology", "neurology", "orthopedics", "dermatology", "radiology", "surgery", "university", "college",
            "general", "memorial", "med", "gen", "medical", "mc", "hc");

    /** Heads that are facilities only right after a capitalised word (not "group", "home" on their own). */
    private static final Words STRONG_HEADS = Words.of("hospital", "hospitals", "clinic", "clinics", "infirmary",
            "hospice", "sanitarium", "sanatorium", "ctr", "hosp", "center", "centre", "health", "healthcare",
            "institute", "pharmacy", "medicine", "physicians", "rehab", "rehabilitation", "campus", "university", "college", "associates", "practice");

    /** Words that, after a city, name a site of a practice: "our Chicago office", "the Austin branch". */
    private static final Words SITE_WORDS = Words.of("office", "offices", "branch", "location", "site", "practice");

    /** Words that open a noun phrase but name nothing ("Our offices", "The clinic"). */
    private static final Words DETERMINERS = Words.of("the", "our", "my", "your", "his", "her", "their", "its",
            "this", "that", "these", "those", "a", "an", "every", "each", "any", "some", "all", "no");

    /** Facility words that are abbreviations: their dot belongs to the name. */
    private static final Words ABBREVIATED = Words.of("st", "mt", "ctr", "hosp", "med", "gen", "clin", "inc",
            "co", "corp", "assoc", "dept", "univ", "ft");

    /** Words that may sit inside a facility name. */
    private static final Words FACILITY_INNER = Words.of("of", "and", "&", "the", "for", "at", "st", "mt", "saint",
            "mount", "medical", "general", "memorial", "regional", "community", "university", "children's",
            "women's", "county", "city", "health", "care", "cancer", "heart", "family", "primary", "urgent",
            "specialty", "surgical", "behavioral", "mental", "rehabilitation", "veterans", "va", "baptist",
            "methodist", "presbyterian", "lutheran", "catholic", "adventist", "mercy", "sacred", "good", "samaritan",
            "valley", "lake", "river", "north", "south", "east", "west", "central", "sinai", "langone", "med",
            "new", "york", "san", "los", "las", "fort", "ft", "green", "cedar", "cedars", "pine", "oak", "hill",
            "hills", "park", "view", "side", "westside", "eastside", "northside", "southside", "downtown", "uptown");

    /** Well-known health systems and academic medical centres (general knowledge; names, not data). */
    private static final List<String> INSTITUTIONS = List.of("Mayo Clinic", "Mayo", "Cleveland Clinic",
            "Johns Hopkins", "Hopkins", "Stanford", "Stanford Health Care", "UCSF", "UCLA", "UCSD", "UCI", "UC Davis",
            "NYU", "NYU Langone", "Langone", "Cedars-Sinai", "Cedars Sinai", "Cedar Sinai", "Cedar-Sinai", "Mass General",
            "MGH", "Massachusetts General", "Brigham", "Brigham and Women's", "Kaiser", "Kaiser Permanente",
            "Sloan Kettering", "Memorial Sloan Kettering", "MSKCC", "MD Anderson", "Mount Sinai", "Mt. Sinai",
            "Mt Sinai", "Baylor", "Baylor Scott & White", "Emory", "Vanderbilt", "Northwestern", "Northwestern Medicine",
            "Penn Medicine", "Geisinger", "Intermountain", "Ochsner", "Sutter", "Sutter Health", "Scripps", "UPMC",
            "Montefiore", "Beth Israel", "Beth Israel Deaconess", "Yale New Haven", "Yale-New Haven", "Rush",
            "Henry Ford", "Beaumont", "Atrium Health", "Novant", "Sentara", "Inova", "MedStar", "Christiana",
            "Hackensack", "Northwell", "NewYork-Presbyterian", "New York-Presbyterian", "NY Presbyterian",
            "New York Presbyterian", "Tufts", "Dartmouth-Hitchcock", "Barnes-Jewish", "Duke Health", "Duke University",
            "UNC", "UAB", "UTSW", "UT Southwestern", "OHSU", "UW Medicine", "Jefferson", "Lahey", "Dana-Farber",
            "Dana Farber", "Fred Hutch", "St. Jude", "Boston Children's", "CHOP", "Lurie", "Advocate", "Allina",
            "Providence", "Banner", "HCA", "Ascension", "CommonSpirit", "Trinity Health", "Spectrum Health",
            "Corewell", "Froedtert", "Sanford", "Essentia", "Marshfield", "Gundersen", "Kettering", "OhioHealth",
            "ChristianaCare", "WellSpan", "Lehigh Valley", "Hershey", "Penn State Health", "Einstein", "Bellevue",
            "Parkland", "Grady", "Harborview", "Jackson Memorial", "Tampa General", "Moffitt", "Ochsner Health",
            "Houston Methodist", "Memorial Hermann", "Texas Children's", "Children's Mercy", "Nationwide Children's",
            "Rady Children's", "Seattle Children's", "Cincinnati Children's", "Hopkins Hospital", "UChicago",
            "UChicago Medicine", "Loyola", "Temple", "Mercy", "Methodist", "Presbyterian", "NYC", "BronxCare", "UWMC", "UW Med");

    /** Acronyms of institutions that count only in capitals. */
    private static final Words ACRONYMS = Words.of("ucsf", "ucla", "ucsd", "uci", "nyu", "mgh", "mskcc", "upmc",
            "unc", "uab", "utsw", "ohsu", "chop", "hca", "nyc", "uwmc");

    /** Street types (English and the common European forms). */
    private static final Words STREET_TYPES = Words.of("street", "st", "avenue", "ave", "av", "road", "rd",
            "boulevard", "blvd", "lane", "ln", "drive", "dr", "way", "court", "ct", "place", "pl", "terrace", "ter",
            "parkway", "pkwy", "highway", "hwy", "circle", "cir", "square", "sq", "trail", "trl", "loop", "row",
            "walk", "alley", "plaza", "crescent", "close", "path", "pike", "run", "point", "pass", "isle", "flats",
            "route", "rte", "expressway", "freeway", "turnpike", "crossing", "xing", "ridge", "heights", "hts",
            "gardens", "grove", "mews", "port", "harbor", "harbour", "junction", "landing", "manor", "meadow",
            "meadows", "park", "bend", "cove", "creek", "estates", "glen", "hollow", "knoll", "station", "summit",
            "view", "village", "vista", "wharf", "strasse", "straße", "str", "gasse", "weg", "platz", "allee", "laan",
            "straat", "plein", "rue", "chemin", "quai", "via", "viale", "piazza", "calle", "avenida", "avda", "rua",
            "travessa", "praça", "ul", "ulica", "utca", "tie", "katu", "kuja", "vej", "gade", "gata", "gatan",
            "vägen", "veien", "stræde", "út", "tér", "náměstí", "cesta", "ulice", "trg", "odos", "leoforos", "u", "krt",
            "körút", "gata", "polku", "põik", "tee", "kapu", "sor", "köz", "str", "extension", "extensions", "squares",
            "gateway", "courts", "parks", "summit", "centre", "center");

    /** Short lower-case words inside street names ("Rua do Arenque", "Avenue des Tuileries"). */
    private static final Words STREET_PARTICLES = Words.of("do", "da", "de", "del", "della", "di", "du", "des",
            "dos", "das", "van", "von", "der", "den", "la", "le", "les", "al", "el", "y", "i", "e", "am", "an", "im",
            "auf", "op", "ter", "ten", "och", "og", "u");

    /** Words that may start or sit in a street name in lower case. */
    private static final Words DIRECTIONS = Words.of("north", "south", "east", "west", "n", "s", "e", "w", "ne",
            "nw", "se", "sw", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "old", "new", "upper", "lower", "main", "martin", "luther", "king");

    /** Unit designators after a street. */
    private static final Words UNITS = Words.of("apt", "apartment", "suite", "ste", "unit", "room", "rm",
            "floor", "fl", "bldg", "building", "dept", "box", "lot", "space", "#");

    /** Nouns after which a place or institution name is a clinical term (a score, a study, a criterion). */
    private static final Words EPONYMIC = Words.of("score", "scores", "criteria", "classification", "scale",
            "trial", "protocol", "risk", "study", "cohort", "equation", "formula", "index", "rule", "rules",
            "syndrome", "disease", "sign", "test", "reflex", "model", "staging", "grade", "system", "virus", "fever",
            "procedure", "technique", "tube", "catheter", "stain", "brace");

    /** Lower-case words at which a rule can start (boxes, intersections, ZIP labels, foreign street types). */
    private static final Words TRIGGERS = Words.of("corner", "po", "p", "psc", "cmr", "unit", "apo", "fpo", "dpo",
            "usns", "usnv", "uss", "zip", "zipcode", "postcode", "ul", "ulica", "utca", "rue", "rua", "via", "viale",
            "calle", "avenida", "avda", "travessa", "chemin", "quai", "piazza", "strasse", "straße", "gasse", "weg",
            "platz", "laan", "straat", "st", "mt", "saint", "mount");

    /** Prepositions that announce a place. */
    private static final Words PLACE_CUES = Words.of("in", "from", "at", "near", "to", "of", "outside", "around",
            "visited", "lives", "living", "resident", "moved", "born", "hometown", "city", "town", "downtown",
            "our", "the");

    /** Countries (English names), so that an address block may end with one: "United Kingdom 75419". */
    private static final PhraseMatcher<Boolean> COUNTRIES = countries();

    private static PhraseMatcher<Boolean> countries() {
        PhraseMatcher<Boolean> m = PhraseMatcher.empty();
        for (String c : ("Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|"
                + "Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia and Herzegovina|"
                + "Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Chad|Chile|"
                + "China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|"
                + "Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|England|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|"
                + "Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Greenland|Grenada|Guatemala|Guinea|Guyana|Haiti|"
                + "Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|"
                + "Kazakhstan|Kenya|Korea|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|"
                + "Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|"
                + "Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|"
                + "Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Northern Ireland|Norway|Oman|Pakistan|"
                + "Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Puerto Rico|Qatar|Romania|Russia|"
                + "Rwanda|Saudi Arabia|Scotland|Senegal|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|"
                + "South Korea|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|"
                + "Thailand|Togo|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|"
                + "United Kingdom|United States|United States of America|Uruguay|USA|UK|Uzbekistan|Venezuela|Vietnam|"
                + "Wales|Yemen|Zambia|Zimbabwe").split("[|]")) {
            m.put(c, Boolean.TRUE);
        }
        return m;
    }

    private static final int L_FACILITY_HEADS = 1 << 0;
    private static final int L_STRONG_HEADS = 1 << 1;
    private static final int L_SITE_WORDS = 1 << 2;
    private static final int L_DETERMINERS = 1 << 3;
    private static final int L_ABBREVIATED = 1 << 4;
    private static final int L_FACILITY_INNER = 1 << 5;
    private static final int L_ACRONYMS = 1 << 6;
    private static final int L_STREET_TYPES = 1 << 7;
    private static final int L_STREET_PARTICLES = 1 << 8;
    private static final int L_DIRECTIONS = 1 << 9;
    private static final int L_UNITS = 1 << 10;
    private static final int L_EPONYMIC = 1 << 11;
    private static final int L_TRIGGERS = 1 << 12;
    private static final int L_PLACE_CUES = 1 << 13;

    /** All the word lists above in one table, a bit per list (in the order of the L_ constants). */
    private static final WordRoles ROLES = new WordRoles(FACILITY_HEADS, STRONG_HEADS, SITE_WORDS, DETERMINERS,
            ABBREVIATED, FACILITY_INNER, ACRONYMS, STREET_TYPES, STREET_PARTICLES, DIRECTIONS, UNITS, EPONYMIC, TRIGGERS,
            PLACE_CUES);

    private final Lexicon lexicon;
    private final PhraseMatcher<Boolean> institutions;

    LocationDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
        PhraseMatcher<Boolean> m = PhraseMatcher.empty();
        for (String s : INSTITUTIONS) {
            m.put(s, Boolean.TRUE);
        }
        this.institutions = m;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.GEOGRAPHIC_LOCATION);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        if (t.size() == 0) {
            return;
        }
        new Run(t, out).run();
    }

    private final class Run {
        final Tokens t;
        final List<PhiSpan> out;
        final int n;
        final Lexicon.Place[] place = new Lexicon.Place[1];
        final Boolean[] flag = new Boolean[1];

        Run(Tokens t, List<PhiSpan> out) {
            this.t = t;
            this.out = out;
            this.n = t.size();
        }

        boolean word(int i) {
            return t.isWord(i);
        }

        boolean cap(int i) {
            return word(i) && (t.has(i, Tokens.CAPITALIZED) || t.has(i, Tokens.ALL_CAPS));
        }

        String low(int i) {
            return t.lower(i);
        }

        private int[] roles;

        /** Whether token j is in the word list(s) of {@code bits}. */
        boolean in(int j, int bits) {
            if (j < 0 || j >= n) {
                return false;
            }
            if (roles == null) {
                roles = new int[n];
            }
            return (ROLES.of(t, j, roles) & bits) != 0;
        }

        Lexicon.Entry entry(int i) {
            return lexicon.entry(t, i);
        }

        void emit(int a, int b, double c) {
            out.add(new PhiSpan(t.start(a), t.end(b), PhiType.GEOGRAPHIC_LOCATION, c, NAME));
        }

        /** "the corner of 74 Sikelianou Street and ten Pas Pass": an intersection is an address. */
        int corner(int i) {
            if (!(word(i) && t.eq(i, "corner") && word(i + 1) && t.eq(i + 1, "of"))) {
                return -1;
            }
            int start = i > 0 && word(i - 1) && t.eq(i - 1, "the") ? i - 1 : i;
            int j = i + 2;
            boolean and = false;
            int last = -1;
            for (int steps = 0; j < n && steps < 14; steps++, j++) {
                if (t.has(j, Tokens.NEWLINE_BEFORE) || t.isPunct(j, ',') || t.isPunct(j, '?') || t.isPunct(j, '!')) {
                    break;
                }
                if (t.isPunct(j, '.') && (j + 1 >= n || t.has(j + 1, Tokens.SPACE_BEFORE))
                        && !(word(j - 1) && in(j - 1, L_STREET_TYPES))) {
                    break;
                }
                if (word(j) && (t.eq(j, "and") || t.eq(j, "&"))) {
                    and = true;
                    continue;
                }
                if (t.isPunct(j, '.')) {
                    continue;
                }
                last = j;
            }
            if (!and || last < 0) {
                return -1;
            }
            emit(start, last, 0.75);
            return last + 1;
        }

        /** Whether any rule can start at token i: most lower-case words and all punctuation cannot. */
        boolean worth(int i) {
            byte k = t.kind(i);
            if (k == Tokens.PUNCT) {
                return false;
            }
            return k != Tokens.WORD || !t.has(i, Tokens.LOWER) || in(i, L_TRIGGERS);
        }

        void run() {
            int i = 0;
            while (i < n) {
                if (!worth(i)) {
                    i++;
                    continue;
                }
                int next = corner(i);
                if (next < 0) {
                    next = facility(i);
                }
                if (next < 0) {
                    next = address(i);
                }
                if (next < 0) {
                    next = box(i);
                }
                if (next < 0) {
                    next = gazetteer(i);
                }
                i = next < 0 ? i + 1 : next;
            }
        }

        /** Skips a joined '.' after token i ("St.", "Mt."). */
        int dot(int i) {
            return t.joined(i) && t.isPunct(i + 1, '.') ? i + 1 : i;
        }

        /** Facility names: dictionary, well-known systems, "X ... Hospital", "St. Vincent's". Returns next index or -1. */
        int facility(int i) {
            if (!word(i)) {
                return -1;
            }
            int best = -1;
            double conf = 0;
            if (cap(i)) {
                int d = lexicon.facilities.longestAt(t, i, flag);
                if (d >= i && (d > i || !t.has(i, Tokens.SENTENCE_START) || entry(i).englishLevel == 0)
                        && allCapitalised(i, d)) {
                    best = d;
                    conf = 0.9;
                }
                int w = institutions.longestAt(t, i, flag);
                if (w > best && (!in(i, L_ACRONYMS) || t.has(i, Tokens.ALL_CAPS)) && !eponymAfter(w)) {
                    best = w;
                    conf = 0.8;
                }
            }
            // "St. Vincent's", "Saint Luke's", "Mt. Sinai"
            if ((t.eq(i, "st") || t.eq(i, "saint") || t.eq(i, "mt") || t.eq(i, "mount")) && cap(i)) {
                int j = dot(i) + 1;
                if (cap(j) && (possessive(j) || t.eq(i, "mt") || t.eq(i, "mount")) && j > best) {
                    best = j;
                    conf = 0.8;
                }
            }
            // capitalised words ending in a facility head: "Green Valley Clinic", "Mercy General Hospital",
            // "our New York clinic", "Albuquerque Neurology Center"
            if (cap(i)) {
                int last = -1;
                int capWords = 0;
                int j = i;
                for (int steps = 0; j < n && steps < 8; steps++) {
                    if (j > i && t.has(j, Tokens.NEWLINE_BEFORE)) {
                        break;
                    }
                    if (word(j) && in(j, L_FACILITY_HEADS) && capWords > 0
                            && (cap(j) || in(j, L_STRONG_HEADS))) {
                        if (cap(j) || in(j, L_STRONG_HEADS)) {
                            last = j;
                        }
                        j = dot(j) + 1;
                        continue;
                    }
                    if (cap(j) || (word(j) && in(j, L_FACILITY_INNER) && j > i)) {
                        if (cap(j) && !in(j, L_DETERMINERS)) {
                            capWords++;
                            if (last >= 0 && j > last + 1 && word(j - 1) && (t.eq(j - 1, "of")
                                    || t.eq(j - 1, "at"))) {
                                last = j; // "Children's Hospital of Atlanta", "University Hospital at Stony Brook"
                            }
                        }
                        j = dot(j) + 1;
                        continue;
                    }
                    if (t.isPunct(j, '&') || t.isPunct(j, '-') && t.joined(j - 1)) {
                        j++;
                        continue;
                    }
                    break;
                }
                if (last > best) {
                    best = last;
                    conf = 0.88; // above a name's confidence: "Johns Hopkins Hospital" is a place
                }
            }
            if (best < 0) {
                return -1;
            }
            if (in(best, L_ABBREVIATED)) {
                best = dot(best); // "Med. Ctr.", "Mt."
            }
            // ", Boston" or " in NY" right after the facility belongs to it
            int k = best + 1;
            if (k < n && (t.isPunct(k, ',') || word(k) && t.eq(k, "in")) && cityOrStateAt(k + 1) >= 0) {
                best = cityOrStateAt(k + 1);
                int st = stateAt(best + 1);
                if (st >= 0) {
                    best = st;
                }
                int z = zipAt(best + 1);
                if (z >= 0 && !t.has(best + 1, Tokens.NEWLINE_BEFORE)) {
                    best = z; // "in Rochester, NY 14620"
                }
            }
            emit(i, best, conf);
            return best + 1;
        }

        int cityOrStateAt(int j) {
            int c = cityAt(j);
            if (c >= 0) {
                return c;
            }
            return word(j) && t.has(j, Tokens.ALL_CAPS) ? stateAt(j) : -1;
        }

        boolean allCapitalised(int a, int b) {
            for (int k = a; k <= b; k++) {
                if (word(k) && !cap(k) && !in(k, L_FACILITY_INNER) && !in(k, L_FACILITY_HEADS)) {
                    return false;
                }
            }
            return true;
        }

        /** "Framingham Risk Score", "Duke criteria", "Mayo classification": a name used as a clinical term. */
        boolean eponymAfter(int j) {
            for (int k = j + 1; k <= j + 2 && word(k); k++) {
                if (in(k, L_EPONYMIC)) {
                    return true;
                }
            }
            return false;
        }

        /** The gazetteer phrase starting at token i: its last token, or -1; its meaning in place[0]. */
        int placeAt(int i) {
            return lexicon.placeAt(t, i, place);
        }

        /** A US city, county or state phrase starting at i, capitalised: its last token, or -1. */
        int cityAt(int i) {
            if (!cap(i)) {
                return -1;
            }
            int e = placeAt(i);
            return e >= i && place[0].kind != Lexicon.PlaceKind.STATE_ABBREV ? e : -1;
        }

        /** Whether a state follows at j (", CA", " IL", ", Texas"); returns its last token or -1. */
        int stateAt(int j) {
            if (j < n && t.isPunct(j, ',')) {
                j++;
            }
            if (!word(j)) {
                return -1;
            }
            int e = placeAt(j);
            if (e < j) {
                return -1;
            }
            if (place[0].kind == Lexicon.PlaceKind.STATE_ABBREV) {
                return t.has(j, Tokens.ALL_CAPS) && t.length(j) == 2 || t.has(j, Tokens.CAPITALIZED) && t.length(j) > 2 ? dot(e) : -1;
            }
            return place[0].kind == Lexicon.PlaceKind.STATE && cap(j) ? e : -1;
        }

        /** A ZIP (12345 or 12345-6789) at j: its last token or -1. */
        int zipAt(int j) {
            if (!t.isNumber(j) || t.length(j) != 5) {
                return -1;
            }
            if (t.joined(j) && t.isPunct(j + 1, '-') && t.joined(j + 1) && t.isNumber(j + 2) && t.length(j + 2) == 4) {
                return j + 2;
            }
            return j;
        }

        /** Cities, counties, "City, ST", ZIP codes in context. */
        int gazetteer(int i) {
            // "lives in 90210", "moved to 10027": a ZIP in use right after a place word
            if (t.isNumber(i) && t.length(i) == 5 && i > 0 && word(i - 1) && in(i - 1, L_PLACE_CUES)
                    && !t.eq(i - 1, "the") && !t.eq(i - 1, "our") && !t.eq(i - 1, "of")
                    && lexicon.isZip(Integer.parseInt(t.text(i)))) {
                int z = zipAt(i);
                emit(i, z, 0.7);
                return z + 1;
            }
            // "zip 12345", "ZIP code: 12345"
            if (word(i) && (t.eq(i, "zip") || t.eq(i, "zipcode") || t.eq(i, "postcode"))) {
                int j = i + 1;
                while (j < n && j < i + 4 && !t.isNumber(j)) {
                    j++;
                }
                int z = zipAt(j);
                if (z < 0 && t.isNumber(j) && t.length(j) >= 3 && t.length(j) <= 6) {
                    z = j; // postal codes of other countries: "ZIP: 3520", "394 13"
                    if (t.isNumber(j + 1) && t.length(j + 1) <= 4 && !t.has(j + 1, Tokens.NEWLINE_BEFORE)) {
                        z = j + 1;
                    }
                }
                if (z >= 0) {
                    emit(j, z, 0.9);
                    return z + 1;
                }
                return -1;
            }
            // "X County", "X Parish"
            if (cap(i) && !t.has(i, Tokens.SENTENCE_START) || cap(i) && entry(i).englishLevel == 0) {
                int j = i;
                while (j < i + 3 && cap(j + 1) && !t.has(j + 1, Tokens.NEWLINE_BEFORE) && !isCountyWord(j + 1)) {
                    j++;
                }
                if (word(j + 1) && isCountyWord(j + 1) && cap(j + 1)) {
                    emit(i, j + 1, 0.85);
                    return j + 2;
                }
            }
            int e = cityAt(i);
            if (e < 0 || eponymAfter(e)) {
                return -1;
            }
            Lexicon.PlaceKind kind = place[0].kind;
            if (word(e + 1) && t.eq(e + 1, "city") && cap(e + 1)) {
                e++; // "New York City"
            }
            int weight = place[0].weight;
            if (kind == Lexicon.PlaceKind.STATE) {
                // a state alone is allowed; but "Texas 75001" carries a ZIP
                int z = zipAt(e + 1);
                if (z >= 0) {
                    emit(e + 1, z, 0.85);
                    return z + 1;
                }
                return e + 1;
            }
            int st = stateAt(e + 1);
            if (st >= 0) {
                int z = zipAt(st + 1);
                int last = z >= 0 ? z : st;
                emit(i, last, 0.9);
                return last + 1;
            }
            Lexicon.Entry first = entry(i);
            boolean multi = e > i;
            boolean common = !multi && (first.englishLevel > 0 || first.clinical() || first.has(Lexicon.ABBREVIATION)
                    || t.has(i, Tokens.ALL_CAPS));
            boolean personal = !multi && (first.firstNameCount >= 1000 || first.surnameCount >= 2000);
            boolean cue = i > 0 && word(i - 1) && in(i - 1, L_PLACE_CUES)
                    || i > 1 && word(i - 2) && (t.eq(i - 2, "in") || t.eq(i - 2, "from") || t.eq(i - 2, "at"));
            boolean facilityAfter = word(e + 1) && (in(e + 1, L_FACILITY_HEADS) || in(e + 1, L_SITE_WORDS));
            if (common && !(cue && !t.has(i, Tokens.ALL_CAPS) && first.englishLevel == 0)) {
                return -1;
            }
            if (t.has(i, Tokens.SENTENCE_START) && !multi && !cue && first.englishLevel > 0) {
                return -1;
            }
            double conf;
            if (facilityAfter) {
                conf = 0.8;
            } else if (cue && (weight >= 3 || multi)) {
                conf = personal ? 0.6 : 0.8;
            } else if (weight >= 20 && !personal) {
                conf = 0.7;
            } else if (weight >= 5 && !personal && (multi || first.englishLevel == 0)) {
                conf = 0.6;
            } else {
                return -1;
            }
            int last = e;
            if (facilityAfter) {
                last = e + 1; // "New York clinic"
            }
            emit(i, last, conf);
            return last + 1;
        }

        boolean isCountyWord(int j) {
            return t.eq(j, "county") || t.eq(j, "parish") || t.eq(j, "borough");
        }

        /** "PO Box 123", "P.O. Box 12", "PSC 3294, Box 9168", "APO AA 61487", "Unit 4526 Box 0671". */
        int box(int i) {
            if (!word(i)) {
                return -1;
            }
            int j;
            if (t.eq(i, "po") || t.eq(i, "p")) {
                j = i + 1;
                while (j < n && j < i + 4 && (t.isPunct(j, '.') || word(j) && t.eq(j, "o"))) {
                    j++;
                }
                if (!(word(j) && t.eq(j, "box") && t.isNumber(j + 1))) {
                    return -1;
                }
                int last = extendAddress(j + 1);
                emit(i, last, 0.85);
                return last + 1;
            }
            if ((t.eq(i, "psc") || t.eq(i, "cmr") || t.eq(i, "unit")) && t.isNumber(i + 1)) {
                int k = i + 2;
                if (k < n && t.isPunct(k, ',')) {
                    k++;
                }
                if (word(k) && t.eq(k, "box") && t.isNumber(k + 1)) {
                    int last = extendAddress(k + 1);
                    emit(i, last, 0.85);
                    return last + 1;
                }
                return -1;
            }
            if ((t.eq(i, "apo") || t.eq(i, "fpo") || t.eq(i, "dpo")) && word(i + 1) && t.length(i + 1) == 2
                    && zipAt(i + 2) >= 0) {
                emit(i, zipAt(i + 2), 0.85);
                return zipAt(i + 2) + 1;
            }
            if ((t.eq(i, "usns") || t.eq(i, "usnv") || t.eq(i, "uss")) && cap(i + 1)) {
                int last = extendAddress(i + 1);
                emit(i, last, 0.8);
                return last + 1;
            }
            return -1;
        }

        /**
         * Street addresses: "1234 Elm St.", "6750 Koskikatu 25", "ul. Chrzanowska 61", "Puruntie 82", each extended over
         * its unit, city, state, ZIP and country lines.
         */
        int address(int i) {
            if (t.isNumber(i) && t.length(i) <= 6 && word(i + 1)) {
                int b = box(i + 1);
                if (b >= 0) {
                    // "0912 P.O. Box 287": widen the box just emitted to take the number in front
                    PhiSpan last = out.remove(out.size() - 1);
                    out.add(new PhiSpan(t.start(i), last.end(), last.type(), last.confidence(), NAME));
                    return b;
                }
            }
            int start = i;
            int j = i;
            boolean number = false;
            if (i > 0 && !t.has(i, Tokens.SPACE_BEFORE) && (t.kind(i) == Tokens.NUMBER || t.kind(i) == Tokens.ALNUM)
                    && !t.isPunct(i - 1, '>') && !t.isPunct(i - 1, '(') && !t.isPunct(i - 1, '"')) {
                return -1; // "212-555-0123 ext. 45": a number glued to what precedes it starts no address
            }
            if (t.isNumber(i) && t.length(i) <= 6 || t.kind(i) == Tokens.ALNUM && t.length(i) <= 6
                    && Character.isDigit(t.first(i))) {
                number = true;
                j = i + 1;
                if (t.isNumber(j) && t.length(j) <= 5) {
                    j++; // "975 3968 Bay Street" (split annotations)
                }
            }
            // the street name: 1-5 words, capitalised or a street-type word, possibly with an ordinal number
            int words = 0;
            boolean typed = false;
            int typedAt = -1;
            boolean unknown = false;
            int lastWord = -1;
            while (j < n && words < 6) {
                if (j > start && t.has(j, Tokens.NEWLINE_BEFORE)) {
                    break;
                }
                if (word(j) && in(j, L_STREET_TYPES) && (words > 0 || !number)) {
                    typed = true;
                    typedAt = j;
                    lastWord = dot(j);
                    j = lastWord + 1;
                    words++;
                    continue;
                }
                if (word(j) && (cap(j) || number && !t.has(j, Tokens.ALL_CAPS) && words < 3
                        && entry(j).englishLevel != 0 && !typed && t.has(j, Tokens.LOWER)
                        && isOrdinalOrDirection(j)) || t.kind(j) == Tokens.ALNUM && isOrdinal(j)) {
                    Lexicon.Entry e = entry(j);
                    unknown |= e.englishLevel == 0 && !e.clinical();
                    lastWord = dot(j);
                    j = lastWord + 1;
                    words++;
                    continue;
                }
                if (word(j) && words > 0 && in(j, L_STREET_PARTICLES) && cap(j + 1)
                        && !t.has(j + 1, Tokens.NEWLINE_BEFORE)) {
                    j++; // "Rua do Arenque"
                    continue;
                }
                if (word(j) && number && t.has(j, Tokens.LOWER) && words < 4 && (in(j, L_STREET_TYPES)
                        || entry(j).englishLevel == 0 || isOrdinalOrDirection(j))) {
                    // lower-case addresses: "2407 tawastintie 6", "3911 fourth avenue"
                    lastWord = dot(j);
                    j = lastWord + 1;
                    words++;
                    unknown |= entry(j - 1).englishLevel == 0;
                    continue;
                }
                break;
            }
            if (words == 0) {
                return -1;
            }
            int end = lastWord;
            boolean trailingNumber = t.isNumber(end + 1) && t.length(end + 1) <= 5 && !t.has(end + 1, Tokens.NEWLINE_BEFORE);
            if (trailingNumber) {
                end = end + 1;
                if (t.joined(end) && t.isPunct(end + 1, '.')) {
                    end++;
                }
            }
            double conf;
            if (number && typed) {
                conf = 0.85;
            } else if (number && trailingNumber && unknown) {
                conf = 0.7;
            } else if (!number && typed && trailingNumber) {
                conf = 0.75;
            } else if (!number && typed && words >= 2 && dot(typedAt) == lastWord && typedAt > start && cap(start)
                    && !t.has(start, Tokens.SENTENCE_START)) {
                conf = 0.65; // "Marina Fort Street", "Herceg Gateway St."
            } else if (!number && unknown && trailingNumber && words <= 3 && !t.has(start, Tokens.SENTENCE_START)
                    && t.has(start, Tokens.CAPITALIZED) && entry(start).firstNameCount < 100) {
                conf = 0.6;
            } else if (number && unknown && words >= 1 && words <= 4 && cap(start + 1) && followedByAddressPart(end + 1)) {
                conf = 0.65;
            } else {
                return -1;
            }
            if (!number && start > 0 && t.isNumber(start - 1) && t.length(start - 1) <= 6) {
                start--;
            }
            int last = extendAddress(end + 1);
            emit(start, Math.max(end, last), conf);
            return Math.max(end, last) + 1;
        }

        boolean followedByAddressPart(int j) {
            if (j < n && t.isPunct(j, ',')) {
                j++;
            }
            return word(j) && (in(j, L_UNITS) || cityAt(j) >= 0);
        }

        boolean isOrdinal(int j) {
            int len = t.length(j);
            if (len < 3) {
                return false;
            }
            char a = FoldedTable.fold(t.text.charAt(t.end(j) - 2));
            char b = FoldedTable.fold(t.text.charAt(t.end(j) - 1));
            return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h';
        }

        boolean possessive(int j) {
            return t.possessive(j);
        }

        boolean isOrdinalOrDirection(int j) {
            return in(j, L_DIRECTIONS);
        }

        /**
         * Extends an address over what follows it: ", Apt. 4B", "Suite 200", ", Springfield, IL 62704", and up to four
         * following lines that hold a unit, a capitalised place, a state, a ZIP or a country.
         */
        int extendAddress(int j) {
            int last = j - 1;
            int lines = 0;
            int guard = 0;
            boolean fresh = false;   // a new component starts: after a line break, a comma or a '>' quote marker
            while (j < n && guard++ < 40) {
                boolean newLine = t.has(j, Tokens.NEWLINE_BEFORE);
                if (newLine) {
                    if (t.has(j, Tokens.BLANK_LINE_BEFORE) || ++lines > 4) {
                        break;
                    }
                    fresh = true;
                }
                if (t.isPunct(j, ',') || t.isPunct(j, '>') && (newLine || fresh) || t.isPunct(j, '(')
                        || t.isPunct(j, ')') || t.isPunct(j, '#')) {
                    fresh |= !t.isPunct(j, ')');
                    j++;
                    continue;
                }
                if (word(j) && in(j, L_UNITS)) {
                    int k = dot(j) + 1;
                    if (k < n && t.isPunct(k, '#')) {
                        k++;
                    }
                    if (k < n && (t.isNumber(k) || t.kind(k) == Tokens.ALNUM || word(k) && t.length(k) <= 2)) {
                        last = k;
                        j = k + 1;
                        fresh = false;
                        continue;
                    }
                    break;
                }
                if (t.isNumber(j) && t.length(j) <= 6 || t.kind(j) == Tokens.ALNUM && t.length(j) <= 8) {
                    int z = zipAt(j);
                    last = z >= 0 ? z : j;
                    if (z < 0 && t.joined(last) && t.isPunct(last + 1, '-') && t.isNumber(last + 2)) {
                        last += 2; // "53-320", "3610-114"
                    }
                    j = last + 1;
                    fresh = false;
                    continue;
                }
                if (word(j) && t.eq(j, "nan") && t.has(j, Tokens.LOWER)) {
                    last = j; // missing-value marker some exports leave inside addresses
                    j++;
                    continue;
                }
                if (word(j) && (cap(j) || t.has(j, Tokens.ALL_CAPS))) {
                    // a place line: capitalised words that are no common English words (or a gazetteer entry)
                    int c = cityAt(j);
                    int s = stateAt(j);
                    int k = Math.max(c, s);
                    if (k < j) {
                        Lexicon.Entry e = entry(j);
                        int country = COUNTRIES.longestAt(t, j, null);
                        boolean placeLike = country >= j || e.englishLevel == 0 || e.englishLevel > 50
                                || t.has(j, Tokens.ALL_CAPS) || fresh;
                        if (!placeLike || e.clinical() && !fresh || t.joined(j) && t.isPunct(j + 1, ':')) {
                            break; // "Phone:" on the next line is a label, not a town
                        }
                        if (country >= j) {
                            last = country;
                            j = country + 1;
                            fresh = false;
                            continue;
                        }
                        k = j;
                        while (k + 1 < n && !t.has(k + 1, Tokens.NEWLINE_BEFORE) && k < j + 4) {
                            if (cap(k + 1) || t.isPunct(k + 1, '-') && t.joined(k) && cap(k + 2)) {
                                k++;
                            } else if (word(k + 1) && in(k + 1, L_STREET_PARTICLES) && cap(k + 2)) {
                                k += 2; // "Mora de Rubielos"
                            } else {
                                break;
                            }
                        }
                    }
                    last = k;
                    j = k + 1;
                    fresh = false;
                    continue;
                }
                break;
            }
            return last;
        }
    }

}
