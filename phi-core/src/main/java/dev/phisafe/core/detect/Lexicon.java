package dev.phisafe.core.detect;

import dev.phisafe.core.PhiProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;

/**
 * The bundled dictionaries, loaded once: first names (SSA), surnames (Census 2010), English words (SCOWL), clinical
 * vocabulary (ICD-10-CM, Drugs@FDA, clinical abbreviations), US places (GeoNames, Census), hospitals (CMS,
 * phileas) and valid ZIP codes. Sources and licences: {@code NOTICE} and {@code tools/build-lexicon.py}.
 *
 * <p>Immutable after loading; thread-safe. Lookups take lower-case tokens.
 */
final class Lexicon {
    static final int CLINICAL = 1;      // ICD-10-CM vocabulary, anatomy
    static final int EPONYM = 2;        // capitalised ICD-10-CM term used mid-title (Hodgkin, Crohn)
    static final int DRUG = 4;
    static final int ABBREVIATION = 8;  // clinical or English abbreviation
    static final int LAB = 16;
    static final int PROPER = 32;       // SCOWL lists it as a proper noun

    /** One word's entry. */
    static final class Entry {
        final int firstNameCount;
        final int surnameCount;
        final int englishLevel;   // 0: not a common English word; 10 (most common) .. 70
        final int flags;

        Entry(int firstNameCount, int surnameCount, int englishLevel, int flags) {
            this.firstNameCount = firstNameCount;
            this.surnameCount = surnameCount;
            this.englishLevel = englishLevel;
            this.flags = flags;
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** Clinical vocabulary. Eponyms are not included: they are clinical only next to a disease or sign. */
        boolean clinical() {
            return (flags & (CLINICAL | DRUG)) != 0;
        }
    }

    static final Entry NONE = new Entry(0, 0, 0, 0);

    /** Kinds of place phrases. */
    enum PlaceKind { CITY, COUNTY, STATE, STATE_ABBREV }

    /** A place phrase's meaning. */
    static final class Place {
        final PlaceKind kind;
        final int weight;

        Place(PlaceKind kind, int weight) {
            this.kind = kind;
            this.weight = weight;
        }
    }

    private final FoldedTable<Entry> words;
    /** Bloom-style filter (one hash) over words that are given names and no English word: lets lower-case text skip
     *  the big table for the many words that cannot be such a name. 2^20 bits = 128 KiB, fits a CPU cache. */
    private final long[] rareWordNames;
    final PhraseMatcher<Place> places;
    final PhraseMatcher<Boolean> facilities;
    private final BitSet zips;

    private Lexicon(FoldedTable<Entry> words, PhraseMatcher<Place> places, PhraseMatcher<Boolean> facilities, BitSet zips) {
        this.words = words;
        this.rareWordNames = new long[1 << 14];
        words.forEach((k, e) -> {
            if (e.firstNameCount >= 100 && e.englishLevel == 0) {
                int h = FoldedTable.hash(k, 0, k.length());
                rareWordNames[(h >>> 6) & ((1 << 14) - 1)] |= 1L << (h & 63);
            }
        });
        this.places = places;
        this.facilities = facilities;
        this.zips = zips;
    }

    /** The entry of the folded chars {@code s[from, to)} (no possessive handling), without allocating. */
    Entry get(CharSequence s, int from, int to) {
        Entry e = words.get(s, from, to);
        return e == null ? NONE : e;
    }

    /** Like {@link #get(String)} for a token, without allocating unless the token is a possessive. */
    private Entry lookup(Tokens t, int i) {
        int len = t.length(i);
        if (len > 2) {
            char a = t.text.charAt(t.end(i) - 2);
            char s = t.text.charAt(t.end(i) - 1);
            if ((a == '\'' || a == '\u2019') && (s == 's' || s == 'S')) {
                return get(t.lower(i));
            }
        }
        Entry e = words.get(t, i);
        return e == null ? NONE : e;
    }

    /** The entry of a lower-case word; possessives ("wilson's") merge with their base word. */
    Entry get(String lower) {
        Entry e = words.get(lower);
        if (lower.endsWith("'s") && lower.length() > 2) {
            Entry base = words.get(lower.substring(0, lower.length() - 2));
            if (base != null) {
                return e == null ? base
                        : new Entry(base.firstNameCount, base.surnameCount, base.englishLevel, base.flags | e.flags);
            }
        }
        return e == null ? NONE : e;
    }

    /** The entry of token {@code i}, looked up once per text and shared by the detectors of a suite. */
    Entry entry(Tokens t, int i) {
        Object[] cache = t.lexiconCache;
        if (cache == null) {
            cache = new Object[t.size()];
            t.lexiconCache = cache;
        }
        Object e = cache[i];
        if (e == null) {
            e = t.kind(i) == Tokens.PUNCT ? NONE : lookup(t, i);
            cache[i] = e;
        }
        return (Entry) e;
    }

    /** False when token i is certainly not a given name that is no English word (possessives always pass). */
    boolean maybeRareWordName(Tokens t, int i) {
        int len = t.length(i);
        if (len > 2) {
            char a = t.text.charAt(t.end(i) - 2);
            if (a == '\'' || a == '\u2019') {
                return true;
            }
        }
        int h = t.foldHash(i);
        return (rareWordNames[(h >>> 6) & ((1 << 14) - 1)] & (1L << (h & 63))) != 0;
    }

    /**
     * The gazetteer phrase starting at token i, looked up once per text and shared by the detectors: its last token,
     * or -1; its meaning in {@code out[0]} (null when there is none).
     */
    int placeAt(Tokens t, int i, Place[] out) {
        if (t.placeEnds == null) {
            t.placeEnds = new int[t.size()];
            t.placeValues = new Object[t.size()];
        }
        int c = t.placeEnds[i];
        if (c == 0) {
            Place[] v = new Place[1];
            int e = t.kind(i) == Tokens.PUNCT ? -1 : places.longestAt(t, i, v);
            c = e + 2;
            t.placeEnds[i] = c;
            t.placeValues[i] = e >= i ? v[0] : null;
        }
        out[0] = (Place) t.placeValues[i];
        return c - 2;
    }

    /** Whether a five-digit number is a ZIP code in use (GeoNames postal codes or a 2020 ZCTA). */
    boolean isZip(int zip5) {
        return zip5 >= 0 && zip5 < 100_000 && zips.get(zip5);
    }

    int size() {
        return words.size();
    }

    static Lexicon load() {
        try {
            FoldedTable<Entry> words = new FoldedTable<>(260_000);
            readLines("lexicon.tsv.gz", cols -> {
                int flags = 0;
                String f = cols.length > 4 ? cols[4] : "";
                for (int i = 0; i < f.length(); i++) {
                    switch (f.charAt(i)) {
                        case 'c': flags |= CLINICAL; break;
                        case 'e': flags |= EPONYM; break;
                        case 'd': flags |= DRUG; break;
                        case 'a': flags |= ABBREVIATION; break;
                        case 'l': flags |= LAB; break;
                        case 'p': flags |= PROPER; break;
                        default: break;
                    }
                }
                words.put(cols[0], new Entry(Integer.parseInt(cols[1]), Integer.parseInt(cols[2]),
                        Integer.parseInt(cols[3]), flags));
            });
            PhraseMatcher<Place> places = PhraseMatcher.empty();
            readLines("places.tsv.gz", cols -> {
                PlaceKind kind;
                switch (cols[1]) {
                    case "city": kind = PlaceKind.CITY; break;
                    case "county": kind = PlaceKind.COUNTY; break;
                    case "state": kind = PlaceKind.STATE; break;
                    default: kind = PlaceKind.STATE_ABBREV; break;
                }
                places.put(cols[0], new Place(kind, Integer.parseInt(cols[2])));
            });
            PhraseMatcher<Boolean> facilities = PhraseMatcher.empty();
            readLines("facilities.tsv.gz", cols -> facilities.put(cols[0], Boolean.TRUE));
            BitSet zips = new BitSet(100_000);
            readLines("zip5.txt.gz", cols -> zips.set(Integer.parseInt(cols[0])));
            return new Lexicon(words, places, facilities, zips);
        } catch (IOException | RuntimeException e) {
            throw new PhiProcessingException("bundled PHI dictionaries could not be loaded; detection cannot run", e);
        }
    }

    private interface LineHandler {
        void accept(String[] cols);
    }

    private static void readLines(String resource, LineHandler handler) throws IOException {
        InputStream raw = Lexicon.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new IOException("missing resource " + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                handler.accept(line.split("\t", -1));
            }
        }
    }
}
