package dev.phisafe.core.detect;

import java.util.Arrays;
import java.util.Locale;

/**
 * A one-pass, linear-time tokenization of a text, shared by the detectors of a suite so that the text is scanned
 * once. Tokens are maximal runs of letters, digits and combining marks (with an inner apostrophe, as in
 * {@code O'Brien}), or a single other non-space code point. Whitespace is not a token; it is recorded as flags on
 * the token that follows. Offsets are UTF-16 indices and never split a surrogate pair.
 */
final class Tokens {
    static final byte WORD = 1;    // letters only
    static final byte NUMBER = 2;  // ASCII digits only
    static final byte ALNUM = 3;   // letters and digits mixed (or non-ASCII digits)
    static final byte PUNCT = 4;   // one other code point

    static final int SPACE_BEFORE = 1;
    static final int NEWLINE_BEFORE = 2;
    static final int CAPITALIZED = 4;   // first letter upper or title case, some lower-case letter follows
    static final int ALL_CAPS = 8;      // has letters, none lower-case
    static final int LOWER = 16;        // has letters, none upper-case
    static final int SENTENCE_START = 32;
    static final int BLANK_LINE_BEFORE = 64;

    final String text;
    private int n;
    private int[] starts;
    private int[] ends;
    private byte[] kinds;
    private int[] flags;
    private int[] foldHashes;   // FoldedTable.hash of each token, computed while scanning
    private String[] lower;   // lazily filled

    private Tokens(String text) {
        this.text = text;
        int cap = Math.max(16, Math.min(text.length() / 4 + 16, 1 << 20));
        starts = new int[cap];
        ends = new int[cap];
        kinds = new byte[cap];
        flags = new int[cap];
        foldHashes = new int[cap];
    }

    static Tokens of(CharSequence cs) {
        Tokens t = new Tokens(cs.toString());
        t.scan();
        return t;
    }

    int size() {
        return n;
    }

    private int words;
    private int lowerWords;

    /** Number of WORD tokens. */
    int words() {
        return words;
    }

    /** Number of WORD tokens written in lower case only. */
    int lowerWords() {
        return lowerWords;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    byte kind(int i) {
        return kinds[i];
    }

    int flags(int i) {
        return flags[i];
    }

    boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    boolean isWord(int i) {
        return i >= 0 && i < n && kinds[i] == WORD;
    }

    boolean isNumber(int i) {
        return i >= 0 && i < n && kinds[i] == NUMBER;
    }

    boolean isPunct(int i, char c) {
        return i >= 0 && i < n && kinds[i] == PUNCT && text.charAt(starts[i]) == c;
    }

    int length(int i) {
        return ends[i] - starts[i];
    }

    /** The token's text. */
    String text(int i) {
        return text.substring(starts[i], ends[i]);
    }

    private static final String[] ASCII = new String[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = String.valueOf((char) Character.toLowerCase(c));
        }
    }

    /** Whether token i ends in "'s" (or "’s"), as a possessive does. */
    boolean possessive(int i) {
        int e = ends[i];
        if (e - starts[i] < 3) {
            return false;
        }
        char a = text.charAt(e - 2);
        char s = text.charAt(e - 1);
        return (a == '\'' || a == '\u2019') && (s == 's' || s == 'S');
    }

    /** Whether token i, folded to lower case, equals {@code lowerWord} (which must be lower case); no allocation. */
    boolean eq(int i, String lowerWord) {
        if (i < 0 || i >= n) {
            return false;
        }
        int s = starts[i];
        if (ends[i] - s != lowerWord.length()) {
            return false;
        }
        for (int k = 0; k < lowerWord.length(); k++) {
            if (FoldedTable.fold(text.charAt(s + k)) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The {@link FoldedTable#hash} of token i (computed while scanning). */
    int foldHash(int i) {
        return foldHashes[i];
    }

    /** Per-text caches of gazetteer lookups, shared by the detectors of a suite (see {@code Lexicon.placeAt}). */
    int[] placeEnds;
    Object[] placeValues;

    /** A per-text cache that dictionary-based detectors share (one lookup per token for the whole suite). */
    Object[] lexiconCache;

    /** The token's text in lower case (root locale), with a typographic apostrophe folded to ASCII. */
    String lower(int i) {
        if (lower == null) {
            lower = new String[n];
        }
        String s = lower[i];
        if (s == null && ends[i] - starts[i] == 1 && text.charAt(starts[i]) < 128) {
            s = ASCII[text.charAt(starts[i])];
            lower[i] = s;
        }
        if (s == null) {
            s = text(i).toLowerCase(Locale.ROOT);
            if (s.indexOf('\u2019') >= 0) {
                s = s.replace('\u2019', '\'');
            }
            lower[i] = s;
        }
        return s;
    }

    /** Whether token {@code i} is immediately followed by token {@code i + 1}, with no space between. */
    boolean joined(int i) {
        return i + 1 < n && !has(i + 1, SPACE_BEFORE);
    }

    /** The first char of the token. */
    char first(int i) {
        return text.charAt(starts[i]);
    }

    private void add(int s, int e, byte kind, int f, int foldHash) {
        if (n == starts.length) {
            int cap = n * 2;
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
            kinds = Arrays.copyOf(kinds, cap);
            flags = Arrays.copyOf(flags, cap);
            foldHashes = Arrays.copyOf(foldHashes, cap);
        }
        starts[n] = s;
        ends[n] = e;
        kinds[n] = kind;
        flags[n] = f;
        foldHashes[n] = foldHash;
        n++;
    }

    static boolean wordChar(int cp) {
        if (cp < 128) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    static boolean apostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }

    private void scan() {
        pending = SENTENCE_START;
        newlines = 0;
        scan(0, text.length());
    }

    /** Whether the scanner takes code point {@code cp} for a space between tokens. */
    static boolean gap(int cp) {
        return cp < 128 ? cp <= ' ' || cp == 127
                : Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL;
    }

    // the scanner's state between calls of scan(from, to): flags for the next token, line breaks since the last one
    private int pending;
    private int newlines;

    /**
     * Scans {@code text[from, len)} on from the current state; {@code len} must be the text's end or a space (a
     * token never reaches past it).
     */
    private void scan(int from, int len) {
        final String s = text;
        int i = from;
        int pending = this.pending;
        int newlines = this.newlines;
        while (i < len) {
            char ch = s.charAt(i);
            int cp = Character.isHighSurrogate(ch) ? s.codePointAt(i) : ch;
            int cl = Character.charCount(cp);
            if (gap(cp)) {
                pending |= SPACE_BEFORE;
                if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
                    if (cp == '\n' || cp != '\r') {
                        newlines++;
                    }
                    pending |= NEWLINE_BEFORE | SENTENCE_START;
                    if (newlines >= 2) {
                        pending |= BLANK_LINE_BEFORE;
                    }
                }
                i += cl;
                continue;
            }
            newlines = 0;
            int start = i;
            if (wordChar(cp)) {
                boolean letters = false;
                boolean marks = false;
                boolean asciiDigits = false;
                boolean otherDigits = false;
                boolean upper = false;
                boolean lowerSeen = false;
                boolean firstUpper = false;
                boolean firstLetterSeen = false;
                int h = 0;   // FoldedTable.hash, accumulated char by char
                while (i < len) {
                    char c0 = s.charAt(i);
                    int c = Character.isHighSurrogate(c0) ? s.codePointAt(i) : c0;
                    if (c < 128 && c >= 'a' && c <= 'z') {
                        letters = true;
                        if (!firstLetterSeen) {
                            firstLetterSeen = true;
                        }
                        lowerSeen = true;
                        h = 31 * h + c;
                        i++;
                    } else if (wordChar(c)) {
                        if (c < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                            h = 31 * h + FoldedTable.fold((char) c);
                        } else {
                            h = 31 * (31 * h + s.charAt(i)) + s.charAt(i + 1);   // surrogates fold to themselves
                        }
                        if (c < 128 ? c >= 'A' && c <= 'Z' : Character.isLetter(c)) {
                            letters = true;
                            boolean up = c < 128 || Character.isUpperCase(c) || Character.isTitleCase(c);
                            boolean lo = c >= 128 && Character.isLowerCase(c);
                            if (!firstLetterSeen) {
                                firstLetterSeen = true;
                                firstUpper = up;
                            }
                            upper |= up;
                            lowerSeen |= lo;
                        } else if (c >= '0' && c <= '9') {
                            asciiDigits = true;
                        } else if (Character.isDigit(c)) {
                            otherDigits = true;
                        } else {
                            marks = true; // a combining mark
                        }
                        i += Character.charCount(c);
                    } else if (apostrophe(s.charAt(i)) && letters && i + 1 < len
                            && Character.isLetter(s.codePointAt(i + 1))) {
                        h = 31 * h + '\'';
                        i++; // inner apostrophe: O'Brien, Vincent's
                    } else {
                        break;
                    }
                }
                // NUMBER means ASCII digits and nothing else: "12\u0301" (a digit with a combining mark) and a run of
                // marks alone are ALNUM, so that no reader parses such a token as a number
                byte kind;
                if (letters) {
                    kind = asciiDigits || otherDigits ? ALNUM : WORD;
                } else if (asciiDigits && !otherDigits && !marks) {
                    kind = NUMBER;
                } else {
                    kind = ALNUM;
                }
                int f = pending;
                if (letters) {
                    if (firstUpper && lowerSeen) {
                        f |= CAPITALIZED;
                    }
                    if (upper && !lowerSeen) {
                        f |= ALL_CAPS;
                    }
                    if (lowerSeen && !upper) {
                        f |= LOWER;
                    }
                }
                add(start, i, kind, f, FoldedTable.mix(h));
                if (kind == WORD) {
                    words++;
                    if ((f & LOWER) != 0) {
                        lowerWords++;
                    }
                }
            } else {
                i += cl;
                add(start, i, PUNCT, pending, FoldedTable.hash(s, start, i));
            }
            pending = 0;
            char last = s.charAt(i - 1);
            if (i - start == 1 && (last == '.' || last == '!' || last == '?' || last == ']' || last == '>'
                    || last == ':' || last == ';' || last == '"' || last == '\u201D')) {
                // a sentence may start after terminal punctuation; abbreviations are handled by readers
                pending = SENTENCE_START;
            }
        }
        this.pending = pending;
        this.newlines = newlines;
    }

    /** Flags a token has of its own, whatever precedes it. */
    private static final int OWN_FLAGS = CAPITALIZED | ALL_CAPS | LOWER;

    /**
     * For tokens built by {@link #edited}: per token, the index of the token of the base text it is an exact copy
     * of (same text, kind and flags), or -1; null for other tokens.
     */
    private int[] source;

    int[] source() {
        return source;
    }

    /**
     * The tokens of {@code edited[from, to)}, equal field for field to {@code of(edited.substring(from, to))}, where
     * {@code edited} is {@code base.text} with some ranges replaced: the whitespace-delimited runs that no edit
     * touches are copied from {@code base} instead of scanned again, and {@link #source} says which tokens are
     * exact copies of which.
     *
     * @param edits {outStart, outEnd, inStart, inEnd, ...} in order and not overlapping, in {@code edited} and
     *              {@code base.text}; outside them {@code edited} is {@code base.text}
     */
    static Tokens edited(String edited, int from, int to, Tokens base, java.util.List<int[]> edits) {
        return edited(edited, edited.substring(from, to), from, to, base, edits);
    }

    /**
     * As {@link #edited(String, int, int, Tokens, java.util.List)}, where the part is read as {@code part}: the
     * part's text with some edited ranges made spaces (placeholders a reader blanks). Runs are found in
     * {@code edited} as it is, which can only make the stretches scanned again larger.
     */
    static Tokens edited(String edited, String part, int from, int to, Tokens base, java.util.List<int[]> edits) {
        Tokens t = new Tokens(part);
        t.source = new int[t.starts.length];
        t.pending = SENTENCE_START;
        t.newlines = 0;
        // the runs to scan again: those the edits touch, and a run the part's start or end cuts in two
        int[] zones = new int[2 * edits.size() + 6];
        int z = 0;
        int e = 0;
        int delta = 0;      // edited minus base position, over the edits passed
        while (e < edits.size() && edits.get(e)[1] < from) {
            int[] r = edits.get(e++);
            delta += (r[1] - r[0]) - (r[3] - r[2]);
        }
        int first = e;
        if (from > 0 && from < to && !gap(edited.codePointBefore(from)) && !gap(edited.codePointAt(from))) {
            zones[z++] = from;
            zones[z++] = runEnd(edited, from, to);
        }
        for (int k = e; k < edits.size() && edits.get(k)[0] <= to; k++) {
            int[] r = edits.get(k);
            int z0 = runStart(edited, Math.max(r[0], from), from);
            int z1 = runEnd(edited, Math.min(r[1], to), to);
            if (z > 0 && z0 <= zones[z - 1]) {
                zones[z - 1] = Math.max(zones[z - 1], z1);    // overlaps the previous zone: one zone
            } else {
                zones[z++] = z0;
                zones[z++] = z1;
            }
        }
        if (to < edited.length() && to > from && !gap(edited.codePointBefore(to)) && !gap(edited.codePointAt(to))) {
            int z0 = runStart(edited, to, from);
            if (z > 0 && z0 <= zones[z - 1]) {
                zones[z - 1] = to;
            } else {
                zones[z++] = z0;
                zones[z++] = to;
            }
        }
        zones[z++] = to;    // the end, as an empty zone
        zones[z++] = to;
        e = first;
        int b = 0;          // base token pointer (the part may start anywhere in the text)
        int pos = from;     // edited text tokenized so far
        for (int k = 0; k < z; k += 2) {
            int z0 = zones[k];
            int z1 = zones[k + 1];
            if (z0 > pos) {
                // unedited [pos, z0): the base text's tokens, shifted
                b = base.firstAtOrAfter(pos - delta, b);
                int b1 = base.firstAtOrAfter(z0 - delta, b);
                if (b1 > b) {
                    int firstStart = base.starts[b] + delta;
                    t.scan(pos - from, firstStart - from);   // the spaces before: they set the first one's flags
                    t.copy(base, b, b1, delta - from);
                    pos = base.ends[b1 - 1] + delta;
                    b = b1;
                }
            }
            if (z1 > pos) {
                t.ensureSource();
                int before = t.n;
                t.scan(pos - from, z1 - from);
                t.ensureSource();
                Arrays.fill(t.source, before, t.n, -1);
                pos = z1;
            }
            while (e < edits.size() && edits.get(e)[0] <= z1 && edits.get(e)[1] <= z1) {
                int[] r = edits.get(e++);
                delta += (r[1] - r[0]) - (r[3] - r[2]);
            }
        }
        t.ensureSource();
        return t;
    }

    /** The first token at or after {@code from} that starts at or after {@code x} (binary search). */
    int firstAtOrAfter(int x, int from) {
        int lo = from;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Start of the run of non-space text that reaches {@code x} from the left, not before {@code floor}. */
    private static int runStart(String s, int x, int floor) {
        while (x > floor) {
            int cp = s.codePointBefore(x);
            if (gap(cp)) {
                break;
            }
            x -= Character.charCount(cp);
        }
        return x;
    }

    /** End of the run of non-space text that starts at or reaches {@code x}, not after {@code ceiling}. */
    private static int runEnd(String s, int x, int ceiling) {
        while (x < ceiling) {
            int cp = s.codePointAt(x);
            if (gap(cp)) {
                break;
            }
            x += Character.charCount(cp);
        }
        return x;
    }

    /** Keeps {@link #source} as long as the token arrays. */
    private void ensureSource() {
        if (source.length < starts.length) {
            source = Arrays.copyOf(source, starts.length);
        }
    }

    /**
     * Appends tokens {@code [b0, b1)} of {@code base}, moved by {@code shift}: the first takes the flags the scanner's
     * state gives it (what precedes it here), the others keep theirs (what precedes them is the same).
     */
    private void copy(Tokens base, int b0, int b1, int shift) {
        int count = b1 - b0;
        if (n + count > starts.length) {
            int cap = Math.max(n + count, n * 2);
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
            kinds = Arrays.copyOf(kinds, cap);
            flags = Arrays.copyOf(flags, cap);
            foldHashes = Arrays.copyOf(foldHashes, cap);
        }
        ensureSource();
        for (int k = 0; k < count; k++) {
            starts[n + k] = base.starts[b0 + k] + shift;
            ends[n + k] = base.ends[b0 + k] + shift;
            source[n + k] = b0 + k;
        }
        System.arraycopy(base.kinds, b0, kinds, n, count);
        System.arraycopy(base.flags, b0, flags, n, count);
        System.arraycopy(base.foldHashes, b0, foldHashes, n, count);
        int f = pending | (base.flags[b0] & OWN_FLAGS);
        flags[n] = f;
        if (f != base.flags[b0]) {
            source[n] = -1;
        }
        for (int k = n; k < n + count; k++) {
            if (kinds[k] == WORD) {
                words++;
                if ((flags[k] & LOWER) != 0) {
                    lowerWords++;
                }
            }
        }
        n += count;
        int last = n - 1;
        char c = text.charAt(ends[last] - 1);
        pending = ends[last] - starts[last] == 1 && (c == '.' || c == '!' || c == '?' || c == ']' || c == '>'
                || c == ':' || c == ';' || c == '"' || c == '\u201D') ? SENTENCE_START : 0;
        newlines = 0;
    }
}
