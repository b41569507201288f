package dev.phisafe.benchmarks;

import java.util.SplittableRandom;

/**
 * Hostile inputs of about one mebibyte (2^20 UTF-16 chars), each built to stress one kind of scanner: a detector
 * that is not linear on one of these shows up as a time far above the others (the hard rule is linear time on any
 * input). Deterministic: the random one uses a fixed seed.
 */
final class AdversarialInputs {

    /** Target length in UTF-16 chars. */
    static final int SIZE = 1 << 20;

    private AdversarialInputs() {
    }

    /** One unbroken run of ASCII digits: a single 1M-char NUMBER token (identifiers, phones, dates, ZIPs). */
    static String digits() {
        return repeat("0123456789", SIZE);
    }

    /** "-/-.-" repeated: a million one-char PUNCT tokens (date and phone separators). */
    static String separators() {
        return repeat("-/-.-", SIZE);
    }

    /** "Anna Bob Carl ..." for 1 MB: an endless run of capitalised first names (name and place phrases). */
    static String capitalisedRun() {
        String[] names = {"Anna", "Bob", "Carl", "Diana", "Evan", "Fiona", "Grace", "Henry", "Iris", "John",
            "Karen", "Louis", "Maria", "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara", "Ulla", "Victor",
            "Wendy", "Xavier", "Yara", "Zoe", "Springfield", "Boston", "Mary's", "Smith", "O'Brien", "Lee"};
        StringBuilder sb = new StringBuilder(SIZE + 16);
        for (int i = 0; sb.length() < SIZE; i++) {
            sb.append(names[i % names.length]).append(' ');
        }
        sb.setLength(SIZE);
        return sb.toString();
    }

    /** Runs of '@' and '.' mixed with tiny words, so that every '@' looks like the middle of an e-mail address. */
    static String atAndDotRuns() {
        return repeat("@@@@....a@b.c@@d..e@.f.@g", SIZE);
    }

    /** "Dr. " repeated: a title with no name after it, a million times (title-driven name rules). */
    static String titles() {
        return repeat("Dr. ", SIZE);
    }

    /**
     * Random supplementary-plane code points (two chars each): half mathematical alphanumerics (letters and digits,
     * so they form long word tokens), half anywhere in U+10000..U+10FFFF (mostly unassigned: one-code-point tokens),
     * with an occasional space.
     */
    static String randomNonBmp() {
        SplittableRandom rnd = new SplittableRandom(20240501L);
        StringBuilder sb = new StringBuilder(SIZE + 2);
        while (sb.length() < SIZE) {
            int r = rnd.nextInt(100);
            if (r < 5) {
                sb.append(' ');
            } else if (r < 52) {
                sb.appendCodePoint(0x1D400 + rnd.nextInt(0x1D7FF - 0x1D400 + 1));
            } else {
                sb.appendCodePoint(0x10000 + rnd.nextInt(0x10FFFF - 0x10000 + 1));
            }
        }
        return sb.toString();
    }

    private static String repeat(String unit, int size) {
        StringBuilder sb = new StringBuilder(size + unit.length());
        while (sb.length() < size) {
            sb.append(unit);
        }
        sb.setLength(size);
        return sb.toString();
    }
}
