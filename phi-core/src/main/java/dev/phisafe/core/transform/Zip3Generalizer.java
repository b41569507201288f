package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generalizes a ZIP code to its first three digits, as Safe Harbor requires (45 CFR 164.514(b)(2)(i)(B)): the
 * initial three digits may be kept only when all ZIP codes sharing them hold more than 20,000 people; otherwise
 * they become {@code 000}.
 *
 * <p>Output keeps the shape of the input, with {@code X} for every removed digit: {@code "90210"} becomes
 * {@code "902XX"}, {@code "90210-1234"} becomes {@code "902XX-XXXX"}, and a restricted prefix gives
 * {@code "000XX"} (or {@code "000XX-XXXX"}).
 *
 * <p>Two lists of restricted prefixes, because the rule says "the current publicly available data" and HHS's
 * published list is from 2000 (see the bundled {@code zip3-restricted.tsv} for sources):
 * <ul>
 *   <li>{@link #hhs2000()}: HHS's 17 prefixes from the 2000 Census;</li>
 *   <li>{@link #census2020()}: 18 prefixes of at most 20,000 people in the 2020 Census.</li>
 * </ul>
 * {@link #list()} names the list in use, so that a result can record it.
 *
 * <p>Immutable and thread-safe. Malformed input raises an {@link IllegalArgumentException} that does not repeat
 * it.
 */
public final class Zip3Generalizer {

    /** Name of the 2000-Census list published by HHS. */
    public static final String HHS_2000 = "HHS-2000";
    /** Name of the list computed from the 2020 Census. */
    public static final String CENSUS_2020 = "CENSUS-2020";

    private static final String RESOURCE = "zip3-restricted.tsv";

    private final String list;
    private final Set<String> restricted;
    /** Index by prefix value 0..999: whether restricted. */
    private final boolean[] restrictedByValue = new boolean[1000];

    private Zip3Generalizer(String list, Set<String> restricted) {
        this.list = list;
        this.restricted = Collections.unmodifiableSet(new TreeSet<>(restricted));
        for (String p : restricted) {
            restrictedByValue[Integer.parseInt(p)] = true;
        }
    }

    /**
     * @return the generalizer with HHS's 2000-Census list (17 prefixes)
     * @throws PhiProcessingException if the bundled list cannot be read
     */
    public static Zip3Generalizer hhs2000() {
        return Lists.get(HHS_2000);
    }

    /**
     * @return the generalizer with the 2020-Census list (18 prefixes)
     * @throws PhiProcessingException if the bundled list cannot be read
     */
    public static Zip3Generalizer census2020() {
        return Lists.get(CENSUS_2020);
    }

    /** @return the name of the list in use: {@link #HHS_2000} or {@link #CENSUS_2020} */
    public String list() {
        return list;
    }

    /** @return the restricted three-digit prefixes of this list, sorted */
    public Set<String> restrictedPrefixes() {
        return restricted;
    }

    /**
     * @param zip3 three ASCII digits
     * @return whether the prefix becomes 000 under this list
     * @throws IllegalArgumentException if it is not three digits
     */
    public boolean isRestricted(String zip3) {
        if (zip3 == null || zip3.length() != 3 || !digits(zip3, 0, 3)) {
            throw new IllegalArgumentException("a ZIP3 prefix must be three ASCII digits");
        }
        return restrictedByValue[Integer.parseInt(zip3)];
    }

    /**
     * @param zip a five-digit ZIP code ({@code 90210}) or ZIP+4 ({@code 90210-1234})
     * @return {@code "902XX"} or {@code "902XX-XXXX"}, with {@code 000} for a restricted prefix
     * @throws IllegalArgumentException if {@code zip} has another shape (the message does not repeat it)
     */
    public String generalize(String zip) {
        if (zip == null) {
            throw new IllegalArgumentException("a ZIP code is required");
        }
        boolean plus4 = zip.length() == 10 && zip.charAt(5) == '-' && digits(zip, 6, 10);
        if (!(zip.length() == 5 || plus4) || !digits(zip, 0, 5)) {
            // no echo: a malformed ZIP may still be part of an address
            throw new IllegalArgumentException("a ZIP code must be 5 digits or 5 digits, '-' and 4 digits (length "
                    + zip.length() + ")");
        }
        int prefix = (zip.charAt(0) - '0') * 100 + (zip.charAt(1) - '0') * 10 + zip.charAt(2) - '0';
        // 45 CFR 164.514(b)(2)(i)(B): a ZIP3 with population <= 20,000 becomes 000
        String head = restrictedByValue[prefix] ? "000" : zip.substring(0, 3);
        return plus4 ? head + "XX-XXXX" : head + "XX";
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Zip3Generalizer{list=" + list + ", restricted=" + restricted.size() + "}";
    }

    /** The bundled lists, read once on first use. */
    private static final class Lists {
        private static final Map<String, Zip3Generalizer> BY_NAME = load();

        static Zip3Generalizer get(String name) {
            Zip3Generalizer g = BY_NAME.get(name);
            if (g == null) {
                throw new PhiProcessingException("the bundled ZIP3 list " + name + " is missing");
            }
            return g;
        }

        private static Map<String, Zip3Generalizer> load() {
            Map<String, Set<String>> sets = new HashMap<>();
            try (InputStream in = Zip3Generalizer.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return Map.of();
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    String[] cols = line.split("\t", -1);
                    if (cols.length < 2 || cols[1].length() != 3 || !digits(cols[1], 0, 3)) {
                        return Map.of();   // a damaged list must not shrink silently: refuse both
                    }
                    sets.computeIfAbsent(cols[0], k -> new TreeSet<>()).add(cols[1]);
                }
            } catch (IOException e) {
                return Map.of();
            }
            Map<String, Zip3Generalizer> out = new HashMap<>();
            sets.forEach((name, prefixes) -> out.put(name, new Zip3Generalizer(name, prefixes)));
            return Map.copyOf(out);
        }
    }
}
