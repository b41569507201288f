package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Makes realistic, fictional surrogates of the same shape as a PHI value — {@code "Anna S."} becomes
 * {@code "Maria K."}, {@code "(617) 555-2368"} becomes {@code "(415) 555-0147"} — for the SURROGATE action: the text
 * stays natural for a model while the identifiers in it are replaced (45 CFR 164.514(b)(2)(i) removes the value;
 * a surrogate is a new value, not a re-identification code, so it is not a 164.514(c) code either).
 *
 * <pre>{@code
 * SurrogateGenerator gen = SurrogateGenerator.builder().seed(KeyedHash.jdkHmacSha256(key, "k1")).build();
 * String s = gen.surrogate(PhiType.NAME, "Dr. Smith", context, text::contains);  // e.g. "Dr. Jones"
 * }</pre>
 *
 * <p><b>Deterministic per conversation.</b> The choice is driven by
 * {@code HMAC(key, "surrogate|v1|" + tenant + "|" + conversation + "|" + type + "|" + value)}: the same value in the
 * same conversation always gets the same surrogate (so a person stays one person across messages), another
 * conversation usually gets another one, and without the key the surrogate says nothing about the value (it is
 * picked by a keyed pseudo-random function, not computed from the value in a reversible way).
 *
 * <p><b>Never a real value.</b> A candidate is rejected, and the next one is drawn deterministically from the same
 * keyed stream, when it equals the original (ignoring case) or when the caller's {@code collides} predicate says it
 * occurs in the text or was an original already seen; after {@value #MAX_CANDIDATES} rejected candidates the call
 * fails closed with a {@link PhiProcessingException} whose message holds no value.
 *
 * <p><b>Not across messages.</b> The collision check sees the text being filtered and the originals already seen, not
 * the text other messages of the conversation sent unchanged. A surrogate may therefore have the characters of a
 * value another message holds undetected (a lone first name, say), and a re-identifier maps that value back too.
 * Where every message must re-identify exactly, use placeholders
 * ({@link dev.phisafe.core.policy.PhiPolicies#PSEUDONYMIZED}).
 *
 * <p><b>Shapes</b>, per type (letters keep their case, digits stay digits, separators and whitespace are kept):
 * <ul>
 *   <li>{@code NAME}: each name word becomes a common US first or last name (the last word, or the words before a
 *       comma, are surnames), initials stay initials, titles and suffixes ({@code Dr.}, {@code Jr}, {@code MD}) are
 *       kept; ALL-CAPS stays all-caps and lower case stays lower case.</li>
 *   <li>{@code PHONE_NUMBER}, {@code FAX_NUMBER}: with 10 digits (or 11 starting with 1) a NANP number in the
 *       fictional block 555-0100…555-0199 with a plausible area code; other lengths: every digit replaced.</li>
 *   <li>{@code EMAIL_ADDRESS}: letter runs of the local part become names, digits stay digits, the domain becomes
 *       {@code example.org}, {@code .com} or {@code .net} (reserved, RFC 2606).</li>
 *   <li>{@code SOCIAL_SECURITY_NUMBER}: area 900–999 with group 01–49 — never issued as an SSN, and outside the
 *       group ranges the IRS uses for ITINs (50–65, 70–88, 90–92, 94–99).</li>
 *   <li>{@code URL}: {@code https://example.org} (or .com/.net; a subdomain when the original had one), the path
 *       and query kept in layout with every letter and digit replaced.</li>
 *   <li>{@code IP_ADDRESS}: IPv4 in the documentation nets 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
 *       (RFC 5737); IPv6 in 2001:db8::/32 (RFC 3849).</li>
 *   <li>{@code GEOGRAPHIC_LOCATION}: place words become street or town words from a small list; street suffixes,
 *       directions, unit words, facility nouns and US states (which Safe Harbor allows) are kept; ZIP and house
 *       number digits are replaced.</li>
 *   <li>Identifier numbers ({@code MEDICAL_RECORD_NUMBER}, {@code HEALTH_PLAN_BENEFICIARY_NUMBER},
 *       {@code ACCOUNT_NUMBER}, {@code CERTIFICATE_LICENSE_NUMBER}, {@code VEHICLE_IDENTIFIER},
 *       {@code DEVICE_IDENTIFIER}, {@code UNIQUE_IDENTIFIER}, {@code BIOMETRIC_IDENTIFIER},
 *       {@code FULL_FACE_PHOTO}): same layout — each digit a digit (a leading non-zero digit stays non-zero), each
 *       letter an ASCII letter of the same case. Check digits are <em>not</em> recomputed: a surrogate VIN, payment
 *       card or NPI usually fails its checksum (vehicle identifiers avoid I, O and Q, as VINs do).</li>
 *   <li>{@code DATE}, {@code AGE_OVER_89}: not supported ({@link IllegalArgumentException}); use
 *       {@link DateShifter} and {@link AgeGeneralizer}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the key id, never key material.
 */
public final class SurrogateGenerator {

    /** How many candidates are tried before giving up. */
    public static final int MAX_CANDIDATES = 64;

    private static final String DOMAIN = "surrogate|v1|";

    private final KeyedHash seed;

    private SurrogateGenerator(Builder b) {
        this.seed = b.seed;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a surrogate for one value.
     *
     * @param type     the value's type; not {@code DATE} or {@code AGE_OVER_89}
     * @param original the detected value; not null
     * @param context  the conversation the surrogate is consistent in
     * @param collides true for a candidate that must not be used (it occurs in the text, or is an original already
     *                 seen in the conversation); called with candidates only
     * @return a value of the same shape that is not {@code original} and for which {@code collides} is false
     * @throws IllegalArgumentException if {@code type} is {@code DATE} or {@code AGE_OVER_89}
     * @throws PhiProcessingException   if {@value #MAX_CANDIDATES} candidates all collided, or the key failed
     */
    public String surrogate(PhiType type, String original, PhiContext context, Predicate<String> collides) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(collides, "collides");
        if (type == PhiType.DATE || type == PhiType.AGE_OVER_89) {
            throw new IllegalArgumentException("surrogates do not support " + type
                    + ": dates are shifted (DateShifter) and ages over 89 generalized (AgeGeneralizer)");
        }
        byte[] tag;
        try {
            tag = seed.hash((DOMAIN + context.tenant() + "|" + context.conversation() + "|" + type.name() + "|"
                    + original).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // the key is unavailable: no surrogate rather than a weak one (fail closed); the cause holds no value
            throw new PhiProcessingException("surrogate key " + seed.keyId() + " failed", e);
        }
        for (int attempt = 0; attempt < MAX_CANDIDATES; attempt++) {
            String candidate = candidate(type, original, new Draw(seed, tag, attempt), attempt);
            if (!candidate.equalsIgnoreCase(original) && !collides.test(candidate)) {
                return candidate;
            }
        }
        throw new PhiProcessingException("no surrogate for " + type + " after " + MAX_CANDIDATES
                + " candidates: all collided with the text or the originals");
    }

    private static String candidate(PhiType type, String v, Draw d, int attempt) {
        switch (type) {
            case NAME:
                return SurrogateShapes.name(v, d);
            case PHONE_NUMBER:
            case FAX_NUMBER:
                return SurrogateShapes.phone(v, d);
            case EMAIL_ADDRESS:
                return SurrogateShapes.email(v, d);
            case SOCIAL_SECURITY_NUMBER:
                return SurrogateShapes.ssn(v, d);
            case URL:
                return SurrogateShapes.url(v, d, attempt);
            case IP_ADDRESS:
                return SurrogateShapes.ip(v, d);
            case GEOGRAPHIC_LOCATION:
                return SurrogateShapes.location(v, d);
            case VEHICLE_IDENTIFIER:
                return SurrogateShapes.layout(v, d, SurrogateShapes.VIN_LETTERS);
            default:
                return SurrogateShapes.layout(v, d, SurrogateShapes.LETTERS);
        }
    }

    /** Shows the key id and the derivation version; never key material. */
    @Override
    public String toString() {
        return "SurrogateGenerator{keyId=" + seed.keyId() + ", derivation=v1, maxCandidates=" + MAX_CANDIDATES + "}";
    }

    /**
     * A deterministic stream of choices for one candidate: block 0 of attempt 0 is the tag itself; every other block
     * is {@code HMAC(key, "surrogate|v1|stream|" + attempt + "|" + block + "|" + tag)}, so candidates are independent
     * and reproducible. Choices take 32 bits modulo a small bound: the bias (below 2^-24 for lists this small) does
     * not matter for picking a fictional value.
     */
    static final class Draw {
        private final KeyedHash hash;
        private final byte[] tag;
        private final int attempt;
        private int block;
        private byte[] buf;
        private int pos;

        Draw(KeyedHash hash, byte[] tag, int attempt) {
            this.hash = hash;
            this.tag = tag;
            this.attempt = attempt;
            this.buf = attempt == 0 ? tag : next();
        }

        private byte[] next() {
            byte[] prefix = (DOMAIN + "stream|" + attempt + "|" + block + "|").getBytes(StandardCharsets.US_ASCII);
            block++;
            pos = 0;
            return hash.hash(ByteBuffer.allocate(prefix.length + tag.length).put(prefix).put(tag).array());
        }

        /** @return a choice in {@code [0, bound)} */
        int nextInt(int bound) {
            if (pos + 4 > buf.length) {
                if (attempt == 0 && block == 0) {
                    block = 1; // block 0 of attempt 0 was the tag; continue the stream after it
                }
                buf = next();
            }
            int v = ((buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                    | (buf[pos + 3] & 0xff)) >>> 1;
            pos += 4;
            return v % bound;
        }

        <T> T pick(T[] list) {
            return list[nextInt(list.length)];
        }
    }

    /** Builder of a {@link SurrogateGenerator}. Not thread-safe. */
    public static final class Builder {
        private KeyedHash seed;

        private Builder() {
        }

        /**
         * @param seed the keyed hash surrogates are picked with; the same key gives the same surrogates
         * @return this builder
         */
        public Builder seed(KeyedHash seed) {
            this.seed = Objects.requireNonNull(seed, "seed");
            return this;
        }

        /**
         * @return the generator
         * @throws IllegalStateException if no seed was set
         */
        public SurrogateGenerator build() {
            if (seed == null) {
                throw new IllegalStateException("a SurrogateGenerator needs seed(...): surrogates must be keyed");
            }
            return new SurrogateGenerator(this);
        }
    }
}
