package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one replacement loop behind both re-identifiers, so that streaming and batch output cannot drift apart: the
 * batch re-identifier runs it once over the whole text with {@code atEnd}, the streaming one over its pending
 * buffer after every chunk.
 *
 * <p>Rules: a bracketed placeholder the resolver knows becomes its original; one it does not know stays as the
 * model wrote it and is reported (canonical form: label and number only). A bare placeholder is replaced only
 * when the resolver knows it, and is otherwise ordinary text (not reported). Originals are not scanned again, so
 * an original that looks like a placeholder is never expanded twice.
 *
 * <p>Holds the tallies of one re-identification; not thread-safe.
 */
final class PlaceholderRestorer {

    private final PlaceholderResolver resolver;
    private final PlaceholderScanner scanner = new PlaceholderScanner();
    private final int[] restored = new int[PlaceholderScanner.LABELS.length];
    private final Set<String> unknown = new LinkedHashSet<>();

    PlaceholderRestorer(PlaceholderResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Replaces the placeholders of {@code s[from, s.length())}, appending the result to {@code out}.
     *
     * <p>Stops early, without consuming, at a position where a placeholder may still be completing (only when
     * {@code atEnd} is false), and before a trailing high surrogate (so that a released piece never ends in half
     * a code point). The characters of {@code s} before {@code from} are context only: they decide whether a bare
     * form starts a word.
     *
     * @param masked if not null, receives {@code s[from, stop)} with every placeholder (known or not) replaced by
     *               as many spaces, for the detection of new PHI at the model output's own offsets
     * @return the index up to which {@code s} was consumed
     */
    int restore(CharSequence s, int from, boolean atEnd, StringBuilder out, StringBuilder masked) {
        int end = s.length();
        int p = from;
        int copied = from;
        int mark = -1;
        while (p < end) {
            // every form holds an '_' followed by a digit (the one before its number) at most LEAD characters after
            // its start: positions further before the next such pair cannot start one and are skipped, except at
            // the end of a buffer that may still grow, where a form may be incomplete
            if (mark <= p) {
                mark = nextMark(s, p + 1, end);
            }
            int limit = atEnd ? mark - LEAD : Math.min(mark - LEAD, end - PlaceholderScanner.MAX_FORM_LENGTH - 1);
            if (p < limit) {
                p = limit;
                continue;
            }
            char c = s.charAt(p);
            int r;
            boolean bracketed = c == '<';
            if (bracketed) {
                r = scanner.bracketed(s, p, atEnd);
            } else if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    && (p == 0 || !PlaceholderScanner.isWordChar(Character.codePointBefore(s, p)))) {
                r = scanner.bare(s, p, atEnd);
            } else {
                p++;
                continue;
            }
            if (r == PlaceholderScanner.NEED_MORE) {
                end = p;
                break;
            }
            if (r == PlaceholderScanner.NO_MATCH) {
                p++;
                continue;
            }
            String canonical = scanner.canonical();
            Optional<String> original = lookUp(canonical);
            if (original.isEmpty() && !bracketed) {
                p += r; // ordinary word: every character of it is a word character, so none can start a form
                continue;
            }
            out.append(s, copied, p);
            if (masked != null) {
                masked.append(s, copied, p);
                for (int i = 0; i < r; i++) {
                    masked.append(' ');
                }
            }
            if (original.isPresent()) {
                out.append(original.get());
                restored[scanner.label]++;
            } else {
                out.append(s, p, p + r);
                unknown.add(canonical);
            }
            p += r;
            copied = p;
        }
        if (!atEnd && end > copied && end == s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        out.append(s, copied, end);
        if (masked != null) {
            masked.append(s, copied, end);
        }
        return end;
    }

    /** Most characters from a form's start to the {@code '_'} before its number: {@code "< HEALTH_PLAN_ID"}. */
    private static final int LEAD = 2 + PlaceholderScanner.MAX_LABEL_LENGTH;

    /** Index of the first {@code '_'} at or after {@code from} that a digit follows, or {@code end} if none. */
    private static int nextMark(CharSequence s, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (s.charAt(i) == '_') {
                char d = s.charAt(i + 1);
                if (d >= '0' && d <= '9') {
                    return i;
                }
            }
        }
        return end;
    }

    private Optional<String> lookUp(String canonical) {
        Optional<String> original;
        try {
            original = resolver.resolve(canonical);
        } catch (RuntimeException e) {
            // fail closed; the cause may quote an original, so it is neither chained nor quoted
            throw new PhiProcessingException("placeholder resolver failed (" + e.getClass().getSimpleName()
                    + "); re-identification stopped");
        }
        if (original == null) {
            throw new PhiProcessingException("placeholder resolver returned null instead of Optional.empty()");
        }
        return original;
    }

    /** @return restored values per label, in label order, labels with none left out */
    Map<String, Integer> restoredCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < restored.length; i++) {
            if (restored[i] > 0) {
                m.put(PlaceholderScanner.LABELS[i], restored[i]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return distinct unknown bracketed placeholders, canonical, in order of first appearance */
    List<String> unknownPlaceholders() {
        return Collections.unmodifiableList(new ArrayList<>(unknown));
    }
}
