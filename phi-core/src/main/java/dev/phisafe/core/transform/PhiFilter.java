package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.Placeholders;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies detection and a {@link PhiPolicy} to text for one {@link Destination}: the minimum-necessary filter every
 * prompt passes before it leaves the JVM (45 CFR 164.502(b), 164.514(d)).
 *
 * <pre>{@code
 * PhiFilter filter = PhiFilter.builder()
 *         .policy(PhiPolicies.SAFE_HARBOR)
 *         .destination(Destination.builder("acme-llm").build())
 *         .build();
 * FilterResult r = filter.filter(prompt, context);   // r.text() goes to the vendor, r.label() says what it is
 * }</pre>
 *
 * <p>The effective policy is {@code policy.forDestination(destination)}: a destination without a BAA never receives
 * more than Safe Harbor allows. Fail closed: a detector, key or transform failure throws
 * ({@link PhiProcessingException}), and a {@link PhiAction#BLOCK} throws {@link PhiBlockedException}; no partial text
 * is ever returned. Messages hold no PHI.
 *
 * <p>Placeholders ({@code <NAME_1>}) come from the configured {@link PseudonymVault}, so the same person is the same
 * placeholder in every message of a conversation, and {@link #reidentifier} maps the model's answer back. Without a
 * vault they are numbered per call and cannot be mapped back.
 *
 * <p>With a vault and a {@link DateShifter}, shifted dates map back exactly as the prompt wrote them. A shifted date
 * whose text could be read back as something else — the prompt also holds that text where the filter did not write
 * it, or the conversation already maps it to another original or sent it unchanged — goes behind a vault placeholder
 * ({@code <DATE_3>}) instead, so that no answer can be re-identified wrongly. Before it returns, the filter runs the
 * re-identifier's date stage over its own output, with everything it is about to remember; the shifted dates of any
 * place that would not read back as the prompt had it go behind placeholders the same way.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhiFilter {
    private final PhiDetector detectors;
    private final PhiPolicy policy;
    private final Destination destination;
    private final PhiPolicy effective;
    private final KeyedHash keyedHash;
    private final PseudonymVault vault;
    private final DateShifter dateShifter;
    private final PhiDetector dateDetector;
    private final SurrogateGenerator surrogates;
    private final Zip3Generalizer zip3;
    private final FilterLabel label;
    /** Whether dates are shifted with a vault: the output is then read for dates again (see {@link #filter}). */
    private final boolean tracksDates;

    private PhiFilter(Builder b) {
        this.detectors = b.detectors;
        this.policy = b.policy;
        this.destination = b.destination;
        this.effective = b.policy.forDestination(b.destination);
        this.keyedHash = b.keyedHash;
        this.vault = b.vault;
        this.dateShifter = b.dateShifter;
        this.dateDetector = detectors instanceof PhiDetectors
                ? ((PhiDetectors) detectors).toBuilder().only(PhiType.DATE).build() : detectors;
        this.surrogates = b.surrogates;
        this.zip3 = b.zip3;
        this.label = labelOf(effective);
        this.tracksDates = vault != null && dateShifter != null && effective.action(PhiType.DATE) == PhiAction.SHIFT_DATE;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the policy in force for this filter's destination */
    public PhiPolicy effectivePolicy() {
        return effective;
    }

    /**
     * Filters one text.
     *
     * @param text    the text; not null
     * @param context who, which conversation, which patient
     * @return the filtered text and what it is
     * @throws PhiBlockedException    if the text holds PHI of a type the policy blocks
     * @throws PhiProcessingException if detection or a transform fails (nothing is released)
     */
    public FilterResult filter(String text, PhiContext context) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(context, "context");
        // when the output will be read for dates again, the first detection keeps how it read them
        PhiDetectors.Pass pass = tracksDates && detectors instanceof PhiDetectors
                ? ((PhiDetectors) detectors).detectPass(text) : null;
        List<PhiSpan> spans = pass != null ? pass.spans() : detected(text);
        for (PhiSpan s : spans) {
            if (effective.action(s.type()) == PhiAction.BLOCK) {
                throw new PhiBlockedException(effective.id(), s.type());
            }
        }
        List<PhiSpan> found = spans; // (the result counts from it when asked: the suite's fresh list, or a copy)
        Output o = write(text, spans, context, java.util.Set.of());
        // the part of a value a transform keeps, next to text the detector missed, may form a detected value again
        // ("April 2nd, " unflagged, then "2024" from "April 2nd, 2024"): that place goes behind a placeholder whole
        for (int round = 0; ; round++) {
            List<PhiSpan> merged = reformed(text, spans, o);
            if (merged == null) {
                break;
            }
            if (round == MAX_REFORM_ROUNDS) {
                throw new PhiProcessingException("the filter could not write an output free of detected values");
            }
            spans = merged;
            o = write(text, spans, context, java.util.Set.of());
        }
        String filtered = o.text;
        if (tracksDates) {
            // a shifted date whose text the output also holds where the filter did not write it (the prompt had
            // "/9/27" unchanged, and "3/14" was shifted to "9/27") could not be told apart from it when the answer
            // comes back: that date goes behind a placeholder instead, and the output is written again
            // — and so does one whose shifted text the conversation already has for something else (another
            // original: "27 Sept" and "27 Sep" both shift to "12 Apr"; or text sent unchanged)
            java.util.Set<Integer> forced = java.util.Set.of();   // (made once a span is forced: rarely)
            int takenRounds = 0;
            while (true) {
                while (forced.size() < spans.size()) {
                    java.util.Set<Integer> more = collisions(text, spans, o);
                    if (more.isEmpty()) {
                        for (int i = 0; i < spans.size(); i++) {
                            // remember the original's exact text and what was sent for it, so that re-identification
                            // gives it back as written
                            if (o.shifted[i] != null && !vault.tryAlias(context, PhiType.DATE,
                                    text.substring(spans.get(i).start(), spans.get(i).end()), o.shifted[i])) {
                                more = more.isEmpty() ? new java.util.HashSet<>() : more;
                                more.add(i);
                            }
                        }
                    }
                    if (more.isEmpty()) {
                        break;
                    }
                    forced = forced.isEmpty() ? new java.util.HashSet<>() : forced;
                    forced.addAll(more);
                    o = write(text, spans, context, forced);
                }
                boolean exact = placeholdersExact(o.text, o.changed);
                if (!anyRestorable(o) && ShiftedDateRestorer.readsNothing(o.text, exact, dateDetector, pass,
                        o.changed)) {
                    break;  // no value a re-identifier maps back, and no date it would read: nothing to remember
                }
                // what the output's dates will be read as (segment by segment, in order), remembered only once the
                // output is final
                Readings readings = new Readings();
                List<Binding> bindings = new java.util.ArrayList<>(0);
                List<int[]> remembered = unshiftedDates(text, o.text, exact, context, o.changed, pass, readings,
                        bindings);
                gluedValues(text, o.text, o, remembered, bindings);
                // a value read back where the filter did not write it ("September 27, 2024" remembered whole in one
                // place, and standing again where "2024" begins another remembered date): the shifted dates involved
                // go behind placeholders, and the output is written again
                java.util.Set<Integer> more = misread(text, spans, o, readings, bindings, context);
                if (!more.isEmpty()) {
                    more.removeAll(forced);
                }
                if (more.isEmpty()) {
                    // a date read where the conversation already maps the same text to another original (another
                    // message sent it in place of a date) would make that text ambiguous, and a re-identifier would
                    // shift this one back: it goes behind a placeholder instead, and the output is written again
                    List<int[]> taken = null;
                    java.util.Set<String> searched = null;
                    for (int k = 0; k < bindings.size(); k++) {
                        Binding b = bindings.get(k);
                        if (!(b.in.equals(b.out) ? vault.tryPassedThrough(context, b.out)
                                : vault.tryAlias(context, PhiType.DATE, b.in, b.out))) {
                            taken = taken == null ? new java.util.ArrayList<>(1) : taken;
                            taken.add(new int[] {toInput(o.changed, b.at[0]), toInput(o.changed, b.at[1]),
                                    PhiType.DATE.ordinal()});
                            if (b.in.equals(b.out) && (searched == null || !searched.contains(b.out))) {
                                // and the same text wherever else it stands unchanged: once this place is behind a
                                // placeholder, the next may be read as a date in its turn ("on 9/27 9/27 9/27")
                                searched = searched == null ? new java.util.HashSet<>(2) : searched;
                                searched.add(b.out);
                                unchangedElsewhere(o, b.out, taken);
                            }
                        }
                    }
                    if (taken == null) {
                        break;
                    }
                    if (++takenRounds > MAX_REFORM_ROUNDS) {
                        throw new PhiProcessingException("the filter could not write an output whose dates read "
                                + "back unambiguously in this conversation");
                    }
                    List<PhiSpan> before = spans;
                    spans = merged(spans, taken, "filter+taken");
                    forced = stillForced(forced, before, spans);
                    o = write(text, spans, context, forced);
                    continue;
                }
                forced = forced.isEmpty() ? new java.util.HashSet<>() : forced;
                forced.addAll(more);
                o = write(text, spans, context, forced);
            }
            filtered = o.text;
        }
        return new FilterResult(filtered, label, effective, found, zip3.list());
    }

    /**
     * What the detectors find in {@code text}; from a suite other than the built-in one, checked to be spans of the
     * text in order, none overlapping the one before (else nothing is released).
     */
    private List<PhiSpan> detected(String text) {
        List<PhiSpan> spans;
        try {
            spans = detectors.detect(text);
        } catch (PhiProcessingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PhiProcessingException("detector '" + detectors.name() + "' failed ("
                    + e.getClass().getSimpleName() + "); nothing is released");
        }
        if (detectors instanceof PhiDetectors) {
            return spans;
        }
        if (spans == null) {
            throw new PhiProcessingException("detector '" + detectors.name() + "' returned null; nothing is released");
        }
        int at = 0;
        for (PhiSpan s : spans) {
            if (s == null || s.start() < at || s.end() < s.start() || s.end() > text.length()) {
                throw new PhiProcessingException("detector '" + detectors.name() + "' returned a span outside the "
                        + "text, out of order or overlapping another (" + s + " in a text of " + text.length()
                        + " characters); nothing is released");
            }
            at = s.end();
        }
        return List.copyOf(spans);    // (the result counts from it when asked: a list no one else holds)
    }

    /** One writing of the output: its text and what was written where. */
    private static final class Output {
        final String text;
        /** {outStart, outEnd, inStart, inEnd, 1 if a whole bracketed placeholder was written}, in order. */
        final List<int[]> changed;
        /** Per span, the shifted date written for it, or null. */
        final String[] shifted;
        /** Per span, the surrogate written for it, or null. */
        final String[] surrogates;
        /** Per span, whether what was written keeps part of the value (a year, a ZIP3, a shifted date, last four). */
        final boolean[] partial;

        Output(String text, List<int[]> changed, String[] shifted, String[] surrogates, boolean[] partial) {
            this.text = text;
            this.changed = changed;
            this.shifted = shifted;
            this.surrogates = surrogates;
            this.partial = partial;
        }

        /** The value written for span {@code i} that a re-identifier maps back to the original, or null. */
        String restorable(int i) {
            return shifted[i] != null ? shifted[i] : surrogates[i];
        }
    }

    /**
     * Writes the output: each span transformed by the policy's action (a span in {@code forced} behind a
     * placeholder), the rest as it is; and records what was written where.
     */
    private Output write(String text, List<PhiSpan> spans, PhiContext context, java.util.Set<Integer> forced) {
        StringBuilder out = new StringBuilder(text.length() + 16 * spans.size());
        Map<String, String> placeholders = new HashMap<>();
        Map<PhiType, Integer> numbers = new HashMap<>(); // (used without a vault only: allocates nothing till then)
        List<int[]> changed = new java.util.ArrayList<>(spans.size());
        String[] shifted = new String[spans.size()];
        String[] surrogated = new String[spans.size()];
        boolean[] partial = new boolean[spans.size()];
        int at = 0;
        for (int i = 0; i < spans.size(); i++) {
            PhiSpan s = spans.get(i);
            out.append(text, at, s.start());
            String value = text.substring(s.start(), s.end());
            PhiAction a = effective.action(s.type());
            if (s.detector().indexOf('+') >= 0 && (a == PhiAction.GENERALIZE || a == PhiAction.SHIFT_DATE
                    || a == PhiAction.MASK || a == PhiAction.SURROGATE)) {
                // a merged span ("Mercy General Hospital 92-year-old") holds several identifiers: a transform that
                // keeps part of the value would keep the other identifier too, so the whole span is replaced
                a = PhiAction.PLACEHOLDER;
            }
            if (forced.contains(i)) {
                a = PhiAction.PLACEHOLDER;
            }
            int from = out.length();
            if (a == PhiAction.SURROGATE) {
                out.append(surrogate(s.type(), value, text, context, placeholders, numbers));
            } else {
                out.append(transform(a, s.type(), value, context, placeholders, numbers));
            }
            // whether a whole placeholder was written: the date pass blanks those, and a value behind one keeps nothing
            boolean kept = a == PhiAction.SHIFT_DATE || a == PhiAction.SURROGATE || a == PhiAction.GENERALIZE
                    || a == PhiAction.MASK;
            // (a placeholder action writes one, from the vault or Placeholders.of; other actions are checked)
            boolean placeholder = a == PhiAction.PLACEHOLDER || (kept || tracksDates) && out.length() > from
                    && out.charAt(from) == '<' && isPlaceholder(out, from);
            changed.add(new int[] {from, out.length(), s.start(), s.end(), placeholder ? 1 : 0});
            if (a == PhiAction.SHIFT_DATE && s.type() == PhiType.DATE && !placeholder) {
                shifted[i] = out.substring(from); // (a date the shifter cannot read went behind a placeholder)
            } else if (a == PhiAction.SURROGATE && !placeholder) {
                surrogated[i] = out.substring(from);
            }
            partial[i] = !placeholder
                    && (a == PhiAction.GENERALIZE || a == PhiAction.SHIFT_DATE || a == PhiAction.MASK);
            at = s.end();
        }
        out.append(text, at, text.length());
        return new Output(out.toString(), changed, shifted, surrogated, partial);
    }

    /**
     * The spans whose shifted date would be read back where the filter did not write it: the same text stands in
     * the output elsewhere (in unchanged text, across written values, overlapping one), other than inside a longer
     * shifted date the filter wrote, or where the prompt had the same text — every span that wrote such a text; and
     * the spans whose shifted date is glued to text in a stretch too long to be remembered whole.
     */
    private static java.util.Set<Integer> collisions(String text, List<PhiSpan> spans, Output o) {
        if (!anyShifted(o)) {
            return java.util.Set.of();
        }
        java.util.Set<Integer> hit = new java.util.HashSet<>();
        Map<String, String> originals = new HashMap<>(4);
        for (int i = 0; i < spans.size(); i++) {
            if (o.shifted[i] != null) {
                originals.putIfAbsent(o.shifted[i], text.substring(spans.get(i).start(), spans.get(i).end()));
            }
        }
        java.util.Set<String> keys = originals.keySet();
        for (String k : keys) {
            boolean collides = false;
            for (int at = o.text.indexOf(k); at >= 0 && !collides; at = o.text.indexOf(k, at + 1)) {
                int end = at + k.length();
                if (emittedExactly(o.changed, at, end) || insideLongerEmitted(o.text, o.changed, keys, at, end)) {
                    continue;
                }
                int from = toInput(o.changed, at);
                int to = toInput(o.changed, end);
                if (from >= 0 && to >= from && text.substring(from, to).equals(originals.get(k))) {
                    continue; // read here as the value it is: the prompt had the same original at this place
                }
                collides = true;
            }
            if (collides) {
                for (int i = 0; i < o.shifted.length; i++) {
                    if (k.equals(o.shifted[i])) {
                        hit.add(i);
                    }
                }
            }
        }
        for (int i = 0; i < o.shifted.length; i++) {
            int[] r = o.changed.get(i);
            if (o.shifted[i] != null && !ShiftedDateRestorer.standsAlone(o.text, r[0], r[1])) {
                // glued to text: remembered with its stretch (see rememberGluedValues) — unless that is too long
                int[] st = stretch(o.text, r, List.of(o.changed));
                if (st[1] - st[0] > ShiftedDateRestorer.MAX_KNOWN_VALUE) {
                    hit.add(i);
                }
            }
        }
        return hit;
    }

    /** A text the output holds, and the prompt text it is to be read back as (the same: passed through unchanged). */
    private static final class Binding {
        final String in;
        final String out;
        /** Where the output holds it: {start, end}. */
        final int[] at;

        Binding(String in, String out, int[] at) {
            this.in = in;
            this.out = out;
            this.at = at;
        }
    }

    /**
     * The dates a re-identifier will find in this output, that the filter did not emit as such, each with the prompt
     * text it stands for: one made only of text the filter did not change (the detector did not flag it in the
     * prompt, but finds it in the output, where its context changed) as passed through, so that re-identification
     * leaves it alone rather than shift it back; one that reaches over an emitted value into unchanged text, whole.
     *
     * @param exact    whether the placeholders written are all the output holds ({@link #placeholdersExact})
     * @param pass     the prompt's detection, which reading the output for dates reuses
     * @param readings receives the dates found in each segment of the output
     * @param bindings receives what is to be remembered
     * @return the output ranges {start, end} of those dates
     */
    private List<int[]> unshiftedDates(String text, String filtered, boolean exact, PhiContext context,
            List<int[]> changed, PhiDetectors.Pass pass, Readings readings, List<Binding> bindings) {
        List<int[]> remembered = new java.util.ArrayList<>(0);
        ShiftedDateRestorer.forEachDate(filtered, exact, dateDetector,
                p -> vault.original(context, p, FILTER_ACCESS).map(o -> ""), () -> {
                    // the values this call emitted are the ones that can stand across a segment cut of this output
                    // (asking for every value of the conversation would cost as much as the conversation is long;
                    // of those, only values that do not read as dates move a cut, as the restorer decides);
                    // in a text shorter than a hard cut, a cut follows a whitespace: only a value that holds one can
                    // straddle the first cut, and without such a value no cut moves at all
                    java.util.Set<String> emitted = new java.util.HashSet<>();
                    boolean spaced = filtered.length() >= ShiftedDateRestorer.HARD_SEGMENT;
                    for (int[] r : changed) {
                        if (r[1] - r[0] <= ShiftedDateRestorer.MAX_KNOWN_VALUE) {
                            emitted.add(filtered.substring(r[0], r[1]));
                            for (int k = r[0]; k < r[1] && !spaced; k++) {
                                spaced = Character.isWhitespace(filtered.charAt(k));
                            }
                        }
                    }
                    return spaced ? vault.aliases(context, emitted) : Map.<String, Boolean>of();
                }, readings, pass, changed,
                (start, end) -> {
                    int from = toInput(changed, start);
                    int to = toInput(changed, end);
                    if (from < 0 || to < 0) {
                        return; // starts or ends inside text the filter wrote: re-identification decides on that
                    }
                    String out = filtered.substring(start, end);
                    String in = text.substring(from, to);
                    if (out.equals(in) || !emittedExactly(changed, start, end)) {
                        // unchanged; or a date that reads differently in the output than in the prompt ("Oct 3-5"
                        // around an emitted "Oct 3"): remembered whole, so that it comes back as the prompt had it
                        bindings.add(new Binding(in, out, new int[] {start, end}));
                        remembered.add(new int[] {start, end});
                    }
                });
        return remembered;
    }

    /**
     * The spans whose values a re-identifier would not read back as the prompt had them, given what the output is
     * to be remembered as: it runs the re-identifier's date stage over the output (with the dates just found in it),
     * and for each value it would replace wrongly, or each shifted date or surrogate it would leave, returns the
     * shifted dates and surrogates written there and wherever that value is remembered. Empty when all read back.
     */
    private java.util.Set<Integer> misread(String text, List<PhiSpan> spans, Output o,
            Readings readings, List<Binding> bindings, PhiContext context) {
        if (plainlyRead(o, readings, bindings)) {
            return java.util.Set.of();
        }
        // what the re-identifier will know: the values the vault binds for this output, in the order it binds them;
        // a text bound to two readings is ambiguous and not mapped back
        Map<String, String> known = new HashMap<>();
        Map<String, List<int[]>> where = new HashMap<>();
        java.util.Set<String> ambiguous = new java.util.HashSet<>(0);
        for (int i = 0; i < spans.size(); i++) {
            String out = o.restorable(i);
            if (out != null) {
                int[] r = o.changed.get(i);
                known.putIfAbsent(out, text.substring(r[2], r[3]));
                where.computeIfAbsent(out, k -> new java.util.ArrayList<>(1)).add(new int[] {r[0], r[1]});
            }
        }
        for (Binding b : bindings) {
            String before = known.putIfAbsent(b.out, b.in);
            if (before != null && !before.equals(b.in)) {
                ambiguous.add(b.out);
            }
            where.computeIfAbsent(b.out, k -> new java.util.ArrayList<>(1)).add(b.at);
        }
        known.keySet().removeAll(ambiguous);
        List<int[]> replaced = new java.util.ArrayList<>();
        List<String> by = new java.util.ArrayList<>();
        ShiftedDateRestorer.simulating(p -> vault.original(context, p, FILTER_ACCESS).map(x -> ""), dateDetector,
                date -> asWritten(dateShifter.unshift(date, context, FILTER_ACCESS), context, FILTER_ACCESS),
                known, readings, replaced, by).restore(o.text, 0, true, new StringBuilder(o.text.length()));
        java.util.Set<Integer> force = new java.util.HashSet<>(0);
        java.util.Set<Integer> covered = new java.util.HashSet<>();
        for (int k = 0; k < replaced.size(); k++) {
            int[] x = replaced.get(k);
            int exact = -1;
            for (int i = 0; i < spans.size(); i++) {
                int[] r = o.changed.get(i);
                if (r[0] < x[1] && x[0] < r[1] && x[0] <= r[0] && r[1] <= x[1]) {
                    covered.add(i);
                }
                if (r[0] == x[0] && r[1] == x[1] && o.restorable(i) != null) {
                    exact = i;
                }
            }
            String want;
            if (exact >= 0) {
                int[] r = o.changed.get(exact);
                want = text.substring(r[2], r[3]);
            } else {
                int from = toInput(o.changed, x[0]);
                int to = toInput(o.changed, x[1]);
                want = from >= 0 && to >= from ? text.substring(from, to) : null;
            }
            if (!by.get(k).equals(want)) {
                // read back wrongly here: the values written here, and the value wherever it is remembered
                forceWithin(o, x, force);
                for (int[] at : where.getOrDefault(o.text.substring(x[0], x[1]), List.of())) {
                    forceWithin(o, at, force);
                }
            }
        }
        for (int i = 0; i < spans.size(); i++) {
            if (o.restorable(i) != null && !covered.contains(i)) {
                force.add(i); // left as written
            }
        }
        return force;
    }

    /**
     * Whether the output reads back beyond doubt, without running the re-identifier's date stage over it: nothing is
     * to be remembered besides the shifted dates, no surrogate was written, the dates found in its segments are
     * exactly the shifted dates the filter wrote, where it wrote them, each of those stands alone, and each shifted
     * text stands nowhere else in the output. (The segments were cut as a re-identifier cuts them: it knows the same
     * values.)
     */
    private static boolean plainlyRead(Output o, Readings readings, List<Binding> bindings) {
        if (!bindings.isEmpty()) {
            return false;
        }
        Map<String, Integer> written = Map.of(); // (made where a date was shifted: most outputs have none)
        for (int i = 0; i < o.shifted.length; i++) {
            if (o.surrogates[i] != null) {
                return false;
            }
            if (o.shifted[i] != null) {
                int[] r = o.changed.get(i);
                if (!ShiftedDateRestorer.standsAlone(o.text, r[0], r[1])) {
                    return false;
                }
                written = written.isEmpty() ? new HashMap<>(4) : written;
                written.merge(o.shifted[i], 1, Integer::sum);
            }
        }
        int j = 0; // the next span that may have written a date read (both in order)
        int read = 0;
        for (int k = 0; k < readings.size() && readings.any(); k++) {   // in order
            int offset = readings.start(k);
            for (PhiSpan d : readings.dates(k)) {
                while (j < o.shifted.length && o.changed.get(j)[0] < offset + d.start()) {
                    j++;
                }
                if (j == o.shifted.length || o.shifted[j] == null || o.changed.get(j)[0] != offset + d.start()
                        || o.changed.get(j)[1] != offset + d.end()) {
                    return false;
                }
                read++;
            }
        }
        // and every shifted date is read (one that is not stays as written: a shifted string comes back only where
        // it is read as a date)
        int shiftedDates = 0;
        for (String sh : o.shifted) {
            shiftedDates += sh != null ? 1 : 0;
        }
        if (read != shiftedDates) {
            return false;
        }
        for (Map.Entry<String, Integer> w : written.isEmpty() ? java.util.Set.<Map.Entry<String, Integer>>of()
                : written.entrySet()) {
            int n = 0;
            for (int at = o.text.indexOf(w.getKey()); at >= 0; at = o.text.indexOf(w.getKey(), at + 1)) {
                n++;
            }
            if (n != w.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the output holds a shifted date or a surrogate. */
    private static boolean anyRestorable(Output o) {
        for (int i = 0; i < o.shifted.length; i++) {
            if (o.shifted[i] != null || o.surrogates[i] != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether the output holds a shifted date. */
    private static boolean anyShifted(Output o) {
        for (String s : o.shifted) {
            if (s != null) {
                return true;
            }
        }
        return false;
    }

    /** Adds each span whose shifted date or surrogate the output holds within {@code [at[0], at[1])}. */
    private static void forceWithin(Output o, int[] at, java.util.Set<Integer> force) {
        for (int i = 0; i < o.changed.size(); i++) {
            int[] r = o.changed.get(i);
            if (o.restorable(i) != null && r[0] < at[1] && at[0] < r[1]) {
                force.add(i);
            }
        }
    }

    /** Rounds of merging after which a filter that still re-forms a value gives up (fail closed). */
    private static final int MAX_REFORM_ROUNDS = 8;

    /**
     * The places where the output holds a detected value again although the filter transformed it: the part a
     * transform kept (a year, a ZIP3, a shifted date, the last four) reads, with the text around it, as one of the
     * prompt's detected values. Each such place, in prompt offsets, is merged with the spans it touches into one span
     * that {@link #write} puts behind a placeholder (it is marked as holding more than one finding).
     *
     * @return the spans with those places merged, or null when there is none
     */
    private static List<PhiSpan> reformed(String text, List<PhiSpan> spans, Output o) {
        boolean anyKept = false;
        for (boolean p : o.partial) {
            anyKept |= p;
        }
        if (!anyKept) {
            return null;
        }
        // the values to look for, each once: those the filter transformed; a handful (the usual case) in arrays
        boolean few = spans.size() <= Group.FEW;
        String[] fewValues = few ? new String[spans.size()] : null;
        PhiType[] fewTypes = few ? new PhiType[spans.size()] : null;
        int count = 0;
        Map<String, PhiType> values = few ? null : new HashMap<>();
        int longest = 0;
        for (int i = 0; i < spans.size(); i++) {
            int[] r = o.changed.get(i);
            String value = spans.get(i).textIn(text);
            if (value.length() < 4 || value.strip().length() < 4 || r[1] - r[0] == value.length()
                    && o.text.startsWith(value, r[0])) {
                continue;
            }
            longest = Math.max(longest, value.length());
            if (!few) {
                values.putIfAbsent(value, spans.get(i).type());
                continue;
            }
            boolean seen = false;
            for (int k = 0; k < count && !seen; k++) {
                seen = fewValues[k].equals(value);
            }
            if (!seen) {
                fewValues[count] = value;
                fewTypes[count++] = spans.get(i).type();
            }
        }
        if (few ? count == 0 : values.isEmpty()) {
            return null;
        }
        // per place around a kept part, each value compared, or (many values) one look at its character and one
        // comparison per length of the values that begin with it (a lookup where several share that length), so
        // the search stays linear in the places
        Group[] asciiFirst = few ? null : new Group[128];
        Map<Character, Group> otherFirst = null;
        for (Map.Entry<String, PhiType> v : few ? java.util.Set.<Map.Entry<String, PhiType>>of() : values.entrySet()) {
            String value = v.getKey();
            char c = value.charAt(0);
            if (c < 128) {
                asciiFirst[c] = Group.add(asciiFirst[c], value, v.getValue());
            } else {
                if (otherFirst == null) {
                    otherFirst = new HashMap<>();
                }
                otherFirst.put(c, Group.add(otherFirst.get(c), value, v.getValue()));
            }
        }
        char[] firsts = new char[count];
        for (int k = 0; k < count; k++) {
            firsts[k] = fewValues[k].charAt(0);
        }
        List<int[]> places = new java.util.ArrayList<>(0); // {inStart, inEnd, type ordinal}
        for (int i = 0; i < spans.size(); i++) {
            if (!o.partial[i]) {
                continue;
            }
            int[] r = o.changed.get(i);
            for (int p = Math.max(0, r[0] - longest + 1), last = r[1] - 1; p <= last; p++) {
                if (few) {
                    char c = o.text.charAt(p);
                    for (int k = 0; k < count; k++) {
                        // the value must reach into the kept part, and fit in the output
                        int end = p + fewValues[k].length();
                        if (firsts[k] == c && end > r[0] && o.text.startsWith(fewValues[k], p)) {
                            places.add(new int[] {toInput(o.changed, p, 2), toInput(o.changed, end, 3),
                                    fewTypes[k].ordinal()});
                        }
                    }
                    continue;
                }
                char c = o.text.charAt(p);
                for (Group g = c < 128 ? asciiFirst[c] : otherFirst == null ? null : otherFirst.get(c); g != null;
                        g = g.next) {
                    int end = p + g.length;
                    if (end <= r[0] || end > o.text.length()) {
                        continue;
                    }
                    PhiType type = g.at(o.text, p);
                    if (type != null) {
                        places.add(new int[] {toInput(o.changed, p, 2), toInput(o.changed, end, 3), type.ordinal()});
                    }
                }
            }
        }
        if (places.isEmpty()) {
            return null;
        }
        return merged(spans, places, "filter+reformed");
    }

    /**
     * {@code spans} with each of {@code places} ({inStart, inEnd, type ordinal}) merged with the spans it touches into
     * one span, which {@link #write} puts behind a placeholder (its detector name marks it as holding more than one
     * finding).
     */
    private static List<PhiSpan> merged(List<PhiSpan> spans, List<int[]> places, String detector) {
        List<PhiSpan> out = new java.util.ArrayList<>(spans);
        for (int[] place : places) {
            int start = place[0];
            int end = place[1];
            List<PhiSpan> kept = new java.util.ArrayList<>(out.size());
            for (PhiSpan s : out) {
                if (s.start() < end && start < s.end()) {
                    start = Math.min(start, s.start());
                    end = Math.max(end, s.end());
                } else {
                    kept.add(s);
                }
            }
            kept.add(new PhiSpan(start, end, PhiType.values()[place[2]], 1.0, detector));
            kept.sort(java.util.Comparator.comparingInt(PhiSpan::start));
            out = kept;
        }
        return out;
    }

    /**
     * Adds to {@code places} ({inStart, inEnd, type}) each place where {@code value} stands alone in text the filter
     * did not change. One pass over the output per value.
     */
    private static void unchangedElsewhere(Output o, String value, List<int[]> places) {
        for (int at = o.text.indexOf(value); at >= 0; at = o.text.indexOf(value, at + 1)) {
            int end = at + value.length();
            int from = toInput(o.changed, at);
            int to = toInput(o.changed, end);
            if (from >= 0 && to - from == value.length() && ShiftedDateRestorer.standsAlone(o.text, at, end)) {
                places.add(new int[] {from, to, PhiType.DATE.ordinal()});
            }
        }
    }

    /** The indices in {@code after} of the spans of {@code before} that {@code forced} named (merged ones are gone). */
    private static java.util.Set<Integer> stillForced(java.util.Set<Integer> forced, List<PhiSpan> before,
            List<PhiSpan> after) {
        if (forced.isEmpty()) {
            return forced;
        }
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (int j = 0; j < after.size(); j++) {
            for (int i : forced) {
                if (before.get(i) == after.get(j)) {
                    out.add(j);
                }
            }
        }
        return out;
    }

    /** The values of one length that begin with one character, chained to those of other lengths. */
    private static final class Group {
        /** Values a group compares one by one; beyond that, it looks them up. */
        private static final int FEW = 8;

        final int length;
        private String[] values = new String[1];
        private PhiType[] types = new PhiType[1];
        private int size;
        /** All values of the group, once there are more than {@link #FEW}; else null. */
        private Map<String, PhiType> many;
        final Group next;

        private Group(int length, Group next) {
            this.length = length;
            this.next = next;
        }

        /** The chain {@code head} with {@code value} (not yet in it) in the group of its length. */
        static Group add(Group head, String value, PhiType type) {
            Group g = head;
            while (g != null && g.length != value.length()) {
                g = g.next;
            }
            Group chain = head;
            if (g == null) {
                g = new Group(value.length(), head);
                chain = g;
            }
            if (g.many != null) {
                g.many.put(value, type);
            } else if (g.size == FEW) {
                g.many = new HashMap<>();
                for (int k = 0; k < g.size; k++) {
                    g.many.put(g.values[k], g.types[k]);
                }
                g.many.put(value, type);
            } else {
                if (g.size == g.values.length) {
                    g.values = java.util.Arrays.copyOf(g.values, 2 * g.size);
                    g.types = java.util.Arrays.copyOf(g.types, 2 * g.size);
                }
                g.values[g.size] = value;
                g.types[g.size++] = type;
            }
            return chain;
        }

        /** The type of the value of this group that {@code s} holds at {@code at}, or null. */
        PhiType at(String s, int at) {
            if (many != null) {
                return many.get(s.substring(at, at + length));
            }
            for (int k = 0; k < size; k++) {
                if (s.startsWith(values[k], at)) {
                    return types[k];
                }
            }
            return null;
        }
    }

    /** Whether {@code [at, end)} lies inside a longer value the filter wrote, which a re-identifier matches first. */
    private static boolean insideLongerEmitted(String filtered, List<int[]> changed, java.util.Set<String> keys,
            int at, int end) {
        for (int[] r : changed) {
            if (r[0] <= at && end <= r[1] && r[1] - r[0] > end - at
                    && keys.contains(filtered.substring(r[0], r[1]))) {
                return true;
            }
        }
        return false;
    }


    /**
     * A shifted date, or a date remembered as read in the output, glued to other text ("202409/27/2024",
     * "5ehh3/21/March/2079") does not stand alone, so a re-identifier would not restore it exactly: the
     * whitespace-delimited stretch around it (grown over the values it touches, and over the remembered dates that
     * reach into it, so that no two remembered values overlap in part) is remembered whole, with the prompt text it
     * stands for (added to {@code bindings}).
     */
    private void gluedValues(String text, String filtered, Output o, List<int[]> remembered,
            List<Binding> bindings) {
        List<int[]> changed = o.changed;
        List<int[]> values = new java.util.ArrayList<>(remembered);
        for (int i = 0; i < changed.size(); i++) {
            if (o.shifted[i] != null) {
                values.add(changed.get(i));
            }
        }
        if (values.isEmpty()) {
            return;
        }
        values.sort(java.util.Comparator.comparingInt(v -> v[0]));
        int coveredTo = -1;
        for (int[] r : values) {
            if (r[1] <= coveredTo || ShiftedDateRestorer.standsAlone(filtered, r[0], r[1])) {
                continue;
            }
            int[] st = stretch(filtered, r, List.of(changed, remembered));
            int from = st[0];
            int to = st[1];
            coveredTo = to;
            int inFrom = toInput(changed, from);
            int inTo = toInput(changed, to);
            if (to - from <= ShiftedDateRestorer.MAX_KNOWN_VALUE && inFrom >= 0 && inTo >= inFrom) {
                String in = text.substring(inFrom, inTo);
                String out = filtered.substring(from, to);
                bindings.add(new Binding(in, out, new int[] {from, to}));
            }
        }
    }

    /**
     * Whether the placeholders the filter wrote (the ranges marked 1) are exactly what a re-identifier blanks before
     * it looks for dates: not so when the output holds placeholder-like text the filter did not write ({@code "_"}
     * and a digit outside its placeholders), which only a scan of the output masks exactly. Written placeholders are
     * whole bracketed forms, so that no other form can start before one and reach into it.
     */
    private static boolean placeholdersExact(String filtered, List<int[]> changed) {
        int k = 0;
        for (int i = filtered.indexOf('_'); i >= 0 && i + 1 < filtered.length(); i = filtered.indexOf('_', i + 1)) {
            char d = filtered.charAt(i + 1);
            if (d >= '0' && d <= '9') {
                while (k < changed.size() && changed.get(k)[1] <= i) {
                    k++;
                }
                if (k == changed.size() || changed.get(k)[0] > i || changed.get(k)[4] != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the text written from {@code from} to the end of {@code out} is exactly one bracketed placeholder. */
    private static boolean isPlaceholder(StringBuilder out, int from) {
        return new PlaceholderScanner().bracketed(out, from, true) == out.length() - from;
    }

    /**
     * The whitespace-delimited stretch around {@code r} in the output, grown over every range that reaches over its
     * edge, until no range does or it is longer than {@link ShiftedDateRestorer#MAX_KNOWN_VALUE}.
     *
     * @return {start, end}
     */
    private static int[] stretch(String filtered, int[] r, List<List<int[]>> ranges) {
        int from = r[0];
        int to = r[1];
        for (boolean grew = true; grew; ) {
            grew = false;
            while (from > 0 && !Character.isWhitespace(filtered.charAt(from - 1))) {
                from--;
            }
            while (to < filtered.length() && !Character.isWhitespace(filtered.charAt(to))) {
                to++;
            }
            for (List<int[]> values : ranges) {
                for (int[] v : values) {  // a value that reaches over the edge pulls the edge out
                    if (v[0] < from && v[1] > from) {
                        from = v[0];
                        grew = true;
                    }
                    if (v[0] < to && v[1] > to) {
                        to = v[1];
                        grew = true;
                    }
                }
            }
            if (to - from > ShiftedDateRestorer.MAX_KNOWN_VALUE) {
                break;
            }
        }
        return new int[] {from, to};
    }

    /** Position in the prompt of an output position outside every replacement (or at its edge); -1 inside one. */
    private static int toInput(List<int[]> changed, int x) {
        return toInput(changed, x, -1);
    }

    /**
     * As {@link #toInput(List, int)}; inside a replacement, column {@code inside} of it (2: the replaced value's
     * start, 3: its end), or -1 when {@code inside} is negative.
     */
    private static int toInput(List<int[]> changed, int x, int inside) {
        int delta = 0;
        for (int[] r : changed) {   // {outStart, outEnd, inStart, inEnd}, in order
            if (x <= r[0]) {
                break;
            }
            if (x < r[1]) {
                return inside < 0 ? -1 : r[inside];
            }
            delta += (r[1] - r[0]) - (r[3] - r[2]);
        }
        return x - delta;
    }

    private static boolean emittedExactly(List<int[]> changed, int start, int end) {
        for (int[] r : changed) {
            if (r[0] == start && r[1] == end) {
                return true;
            }
        }
        return false;
    }


    /** The filter's own, internal use of the vault: telling its placeholders apart from text, never revealing. */
    private static final PhiAccess FILTER_ACCESS = PhiAccess.grantedTo("phi-filter", "mask own placeholders");

    private String transform(PhiAction action, PhiType type, String value, PhiContext context,
            Map<String, String> placeholders, Map<PhiType, Integer> numbers) {
        switch (action) {
            case KEEP:
                return value;
            case MASK:
                return mask(value);
            case SHIFT_DATE:
                if (type == PhiType.DATE) {
                    try {
                        return dateShifter.shift(value, context); // with a vault, bound once the output is final
                    } catch (PhiProcessingException e) {
                        // a date the shifter cannot read (or two dates read as one): never released; with a vault
                        // it becomes a placeholder, so that re-identification still gives it back
                        return vault != null ? vault.placeholder(context, type, value)
                                : "[" + Placeholders.label(type) + "]";
                    }
                }
                return "[" + Placeholders.label(type) + "]";
            case GENERALIZE:
                return generalize(type, value, context, placeholders, numbers);
            case PSEUDONYMIZE:
                return token(type, value, context);
            case PLACEHOLDER:
                if (vault != null) {
                    return vault.placeholder(context, type, value);
                }
                return placeholders.computeIfAbsent(type.name() + '\u0000' + value,
                        k -> Placeholders.of(type, numbers.merge(type, 1, Integer::sum)));
            case REDACT:
            default:
                return "[" + Placeholders.label(type) + "]";
        }
    }

    /**
     * Safe Harbor generalization (45 CFR 164.514(b)(2)(i)(B), (C)): a date keeps its year, an age over 89 becomes
     * "90+", a place keeps only the initial three digits of a ZIP code it ends with (000 where the ZIP3 is sparsely
     * populated) and the rest of it becomes a placeholder; any other identifier becomes a placeholder.
     */
    private String generalize(PhiType type, String value, PhiContext context, Map<String, String> placeholders,
            Map<PhiType, Integer> numbers) {
        try {
            switch (type) {
                case DATE:
                    return DATE_YEAR.generalize(value);
                case AGE_OVER_89:
                    return AGE_90_PLUS.generalize(value);
                case GEOGRAPHIC_LOCATION:
                    int end = value.length();
                    int start = end;
                    while (start > 0 && value.charAt(start - 1) >= '0' && value.charAt(start - 1) <= '9') {
                        start--;
                    }
                    if (end - start == 4 && start >= 6 && value.charAt(start - 1) == '-') {
                        end = start - 1; // ZIP+4: the ZIP5 is before the dash
                        start = end;
                        while (start > 0 && value.charAt(start - 1) >= '0' && value.charAt(start - 1) <= '9') {
                            start--;
                        }
                    }
                    if (end - start == 5 && (start == 0 || !Character.isLetterOrDigit(value.charAt(start - 1)))) {
                        String z = zip3.generalize(value.substring(start, end));
                        String place = value.substring(0, start).strip();
                        return place.isEmpty() ? z
                                : transform(PhiAction.PLACEHOLDER, type, place, context, placeholders, numbers) + " " + z;
                    }
                    return transform(PhiAction.PLACEHOLDER, type, value, context, placeholders, numbers);
                default:
                    // nothing to keep of other identifiers: a placeholder removes the value and keeps the answer readable
                    return transform(PhiAction.PLACEHOLDER, type, value, context, placeholders, numbers);
            }
        } catch (IllegalArgumentException e) {
            return "[" + Placeholders.label(type) + "]"; // fail closed: a value the generalizer cannot read is removed
        }
    }

    private static final DateGeneralizer DATE_YEAR = DateGeneralizer.standard();
    private static final AgeGeneralizer AGE_90_PLUS = AgeGeneralizer.standard();

    /**
     * A realistic value of the same shape, the same for the same value in a conversation; it never occurs in the text
     * and never stands for two values. If none can be found, a placeholder (fail closed, never the value).
     */
    private String surrogate(PhiType type, String value, String text, PhiContext context, Map<String, String> used,
            Map<PhiType, Integer> numbers) {
        String key = "surrogate\u0000" + type.name() + '\u0000' + value;
        String done = used.get(key);
        if (done != null) {
            return done;
        }
        String s;
        try {
            if (vault != null) {
                // the vault keeps the surrogate for the conversation (the same one in every message) and maps it
                // back for re-identification
                s = vault.surrogate(context, type, value, taken -> surrogates.surrogate(type, value, context,
                        candidate -> text.contains(candidate) || taken.test(candidate)
                                || used.containsValue(candidate)));
            } else {
                s = surrogates.surrogate(type, value, context,
                        candidate -> text.contains(candidate) || used.containsValue(candidate));
            }
        } catch (PhiProcessingException e) {
            s = transform(PhiAction.PLACEHOLDER, type, value, context, used, numbers);
        }
        used.put(key, s);
        return s;
    }

    /**
     * The {@link PhiAction#MASK} rule: every letter or digit but the last four becomes {@code '*'}, separators stay
     * ({@code 536-90-4399} → {@code ***-**-4399}). Used for text and for structured values alike.
     *
     * @param value the value
     * @return the masked value
     */
    public static String mask(String value) {
        int keep = 4;
        char[] c = value.toCharArray();
        for (int i = c.length - 1; i >= 0; i--) {
            if (Character.isLetterOrDigit(c[i])) {
                if (keep > 0) {
                    keep--;
                } else {
                    c[i] = '*';
                }
            }
        }
        return new String(c);
    }

    /** A keyed token: HMAC(key, type | tenant | value), 10 hex digits; the same for the same value and tenant. */
    private String token(PhiType type, String value, PhiContext context) {
        byte[] tag = keyedHash.hash(("pseudonym|v1|" + type.name() + "|" + context.tenant() + "|" + value)
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder("[").append(Placeholders.label(type)).append(':');
        for (int i = 0; i < 5; i++) {
            b.append(Character.forDigit((tag[i] >> 4) & 15, 16)).append(Character.forDigit(tag[i] & 15, 16));
        }
        return b.append(']').toString();
    }

    /**
     * A re-identifier for model output in one conversation: placeholders the vault issued there are mapped back to
     * their originals. Revealing needs the capability {@code access}, recorded by the vault for audit.
     *
     * @param context the conversation the prompt was filtered in
     * @param access  who reveals, and why
     * @return a re-identifier that also reports PHI in the output that no placeholder explains
     * @throws IllegalStateException if this filter has no vault
     */
    public Reidentifier reidentifier(PhiContext context, PhiAccess access) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(access, "access");
        if (vault == null) {
            throw new IllegalStateException("re-identification needs a vault(...) on the PhiFilter");
        }
        Reidentifier.Builder b = Reidentifier.builder()
                .resolver(placeholder -> vault.original(context, placeholder, access)).detector(detectors)
                .dateDetector(dateDetector);
        boolean shifts = dateShifter != null && effective.action(PhiType.DATE) == PhiAction.SHIFT_DATE;
        if (shifts) {
            b.dateUnshift(date -> asWritten(dateShifter.unshift(date, context, access), context, access));
        }
        if (shifts || effective.actions().containsValue(PhiAction.SURROGATE)) {
            b.knownValues(() -> knownValues(context, access));
        }
        return b.build();
    }

    /**
     * The original text of a date the prompt held, if the vault remembers one for the same day: shifting may lose
     * how a date was written ("Jan 9th" shifted into May reads back as a full month name), the vault does not.
     */
    private String asWritten(String unshifted, PhiContext context, PhiAccess access) {
        DateText want = DateText.parse(unshifted, DateText.ORDER_NONE);
        if (want == null) {
            return unshifted;
        }
        String sameDay = null;
        for (int n = 1; n <= MAX_REMEMBERED_DATES; n++) {
            java.util.Optional<String> original = vault.original(context, Placeholders.of(PhiType.DATE, n), access);
            if (original.isEmpty()) {
                break;
            }
            if (original.get().equals(unshifted)) {
                return unshifted; // written just so: nothing to choose
            }
            DateText d = DateText.parse(original.get(), DateText.ORDER_NONE);
            if (sameDay == null && d != null && d.year == want.year && d.month == want.month && d.day == want.day
                    && d.hasYear() == want.hasYear() && d.hasDay() == want.hasDay()
                    && d.rangeEndDay == want.rangeEndDay && d.weekday == want.weekday) {
                sameDay = original.get();
            }
        }
        return sameDay != null ? sameDay : unshifted;
    }

    /**
     * Each surrogate and each shifted date the filter emitted in this conversation, exactly as written, with the
     * original it stood for: the vault remembers surrogates and originals, and a shift is a function of the original
     * and the patient.
     */
    private Map<String, String> knownValues(PhiContext context, PhiAccess access) {
        return vault.surrogates(context, access);
    }

    /** Dates of a conversation searched for their original text; beyond it, the computed date is returned. */
    private static final int MAX_REMEMBERED_DATES = 1000;

    static FilterLabel labelOf(PhiPolicy p) {
        if (p.isSafeHarbor()) {
            return FilterLabel.SAFE_HARBOR_DEIDENTIFIED;
        }
        boolean keeps = false;
        boolean lds = true;
        for (Map.Entry<PhiType, PhiAction> e : p.actions().entrySet()) {
            PhiAction a = e.getValue();
            if (a.safeHarbor()) {
                continue;
            }
            if (a == PhiAction.KEEP) {
                keeps = true;
                PhiType t = e.getKey();
                // 164.514(e)(2): a limited data set may keep dates, ages, and town, state and ZIP (never a street)
                lds &= t == PhiType.DATE || t == PhiType.AGE_OVER_89;
            } else {
                lds = false;
            }
        }
        if (keeps) {
            return lds ? FilterLabel.LIMITED_DATA_SET : FilterLabel.IDENTIFIABLE;
        }
        return FilterLabel.PSEUDONYMIZED;
    }

    /** Shows the configuration: policy, destination, label. */
    @Override
    public String toString() {
        return "PhiFilter{policy=" + policy.id() + " v" + policy.version() + ", effective=" + effective.id()
                + ", destination=" + destination + ", label=" + label + "}";
    }

    /** Builder of a {@link PhiFilter}. */
    public static final class Builder {
        private PhiDetector detectors;
        private PhiPolicy policy;
        private Destination destination;
        private KeyedHash keyedHash;
        private PseudonymVault vault;
        private DateShifter dateShifter;
        private SurrogateGenerator surrogates;
        private Zip3Generalizer zip3 = Zip3Generalizer.census2020();

        private Builder() {
        }

        /**
         * @param dateShifter the per-patient date shift (required when the policy uses {@link PhiAction#SHIFT_DATE})
         * @return this builder
         */
        public Builder dateShifter(DateShifter dateShifter) {
            this.dateShifter = Objects.requireNonNull(dateShifter, "dateShifter");
            return this;
        }

        /**
         * @param surrogates the generator for {@link PhiAction#SURROGATE} (required when the policy uses it)
         * @return this builder
         */
        public Builder surrogates(SurrogateGenerator surrogates) {
            this.surrogates = Objects.requireNonNull(surrogates, "surrogates");
            return this;
        }

        /**
         * @param zip3 the ZIP3 population list for generalizing ZIP codes (default {@link Zip3Generalizer#census2020()});
         *             recorded in every {@link FilterResult}
         * @return this builder
         */
        public Builder zip3(Zip3Generalizer zip3) {
            this.zip3 = Objects.requireNonNull(zip3, "zip3");
            return this;
        }

        /**
         * @param vault where placeholders live, for consistency across a conversation and for re-identification
         * @return this builder
         */
        public Builder vault(PseudonymVault vault) {
            this.vault = Objects.requireNonNull(vault, "vault");
            return this;
        }

        /**
         * @param detectors the detector suite (default {@link PhiDetectors#defaults()}); one of your own must return
         *                  spans of the text in order, none overlapping another (combine detectors through
         *                  {@link PhiDetectors}, which resolves overlaps), or filtering fails with a
         *                  {@link PhiProcessingException} and releases nothing
         * @return this builder
         */
        public Builder detectors(PhiDetector detectors) {
            this.detectors = Objects.requireNonNull(detectors, "detectors");
            return this;
        }

        /**
         * @param policy the policy (required)
         * @return this builder
         */
        public Builder policy(PhiPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param destination where the filtered text goes (required)
         * @return this builder
         */
        public Builder destination(Destination destination) {
            this.destination = Objects.requireNonNull(destination, "destination");
            return this;
        }

        /**
         * @param keyedHash the key for {@link PhiAction#PSEUDONYMIZE} tokens (required when the policy uses it)
         * @return this builder
         */
        public Builder keyedHash(KeyedHash keyedHash) {
            this.keyedHash = Objects.requireNonNull(keyedHash, "keyedHash");
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalStateException if policy or destination is missing, or the effective policy needs a part
         *         that is not configured (the message names both)
         */
        public PhiFilter build() {
            if (policy == null || destination == null) {
                throw new IllegalStateException("a PhiFilter needs policy(...) and destination(...)");
            }
            if (detectors == null) {
                detectors = PhiDetectors.defaults();
            }
            PhiPolicy effective = policy.forDestination(destination);
            for (PhiAction a : effective.actions().values()) {
                if (a == PhiAction.PSEUDONYMIZE && keyedHash == null) {
                    throw new IllegalStateException("policy '" + effective.id() + "' uses PSEUDONYMIZE but no keyedHash(...) is set");
                }
                if (a == PhiAction.SHIFT_DATE && dateShifter == null) {
                    throw new IllegalStateException("policy '" + effective.id() + "' uses SHIFT_DATE but no dateShifter(...) is set");
                }
                if (a == PhiAction.SURROGATE && surrogates == null) {
                    throw new IllegalStateException("policy '" + effective.id() + "' uses SURROGATE but no surrogates(...) is set");
                }
            }
            for (PhiType t : new PhiType[] {PhiType.DATE, PhiType.AGE_OVER_89}) {
                if (effective.action(t) == PhiAction.SURROGATE) {
                    throw new IllegalStateException("policy '" + effective.id() + "' uses SURROGATE for " + t
                            + "; use SHIFT_DATE or GENERALIZE, which keep what the answer needs");
                }
            }
            return new PhiFilter(this);
        }
    }
}
