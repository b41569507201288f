package dev.phisafe.langchain4j;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.phisafe.core.spi.AssociatedData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Deterministic equality tokens of metadata values, and the rewriting of a LangChain4j {@link Filter} onto them.
 * A token is {@code base64url(DAEAD(canonical(value), AAD(tenant, store, "*", "token:" + key)))}: equal values of one
 * key in one tenant and store give equal tokens; the same value under another key, store or tenant does not.
 * Canonical form: {@code s:} + string, {@code u:} + lower-case UUID, {@code n:} + the number's plain decimal without
 * trailing zeros (so {@code 5}, {@code 5L} and {@code 5.0} match, as they do in LangChain4j's own filters).
 */
final class StoreTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final StoreOptions options;

    StoreTokens(StoreOptions options) {
        this.options = options;
    }

    String token(String tenant, String key, Object value) {
        byte[] ad = AssociatedData.builder().tenant(tenant).store(options.storeName()).recordId("*")
                .field("token:" + key).build().toBytes();
        return B64.encodeToString(options.tokens().encryptDeterministically(
                canonical(key, value).getBytes(StandardCharsets.UTF_8), ad));
    }

    static String canonical(String key, Object value) {
        if (value instanceof String) {
            return "s:" + value;
        }
        if (value instanceof UUID) {
            return "u:" + value.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("metadata key '" + key + "' holds a non-finite number");
            }
            return "n:" + new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        throw new IllegalArgumentException("metadata key '" + key + "' holds a "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + " value; only String, UUID, int, long, float and double can be filtered");
    }

    /**
     * Rewrites every comparison onto tokens; refuses what cannot run on encrypted values.
     *
     * @throws UnsupportedOperationException naming the filter type and key (never the value) for range, contains or
     *                                       unknown filters, and for keys not declared filterable
     */
    Filter translate(Filter f, String tenant) {
        if (f == null) {
            return null;
        }
        if (f instanceof IsEqualTo) {
            IsEqualTo e = (IsEqualTo) f;
            return new IsEqualTo(key(e.key(), f), token(tenant, e.key(), e.comparisonValue()));
        }
        if (f instanceof IsNotEqualTo) {
            IsNotEqualTo e = (IsNotEqualTo) f;
            return new IsNotEqualTo(key(e.key(), f), token(tenant, e.key(), e.comparisonValue()));
        }
        if (f instanceof IsIn) {
            IsIn e = (IsIn) f;
            return new IsIn(key(e.key(), f), tokens(tenant, e.key(), e.comparisonValues()));
        }
        if (f instanceof IsNotIn) {
            IsNotIn e = (IsNotIn) f;
            return new IsNotIn(key(e.key(), f), tokens(tenant, e.key(), e.comparisonValues()));
        }
        if (f instanceof And) {
            And a = (And) f;
            return new And(translate(a.left(), tenant), translate(a.right(), tenant));
        }
        if (f instanceof Or) {
            Or o = (Or) f;
            return new Or(translate(o.left(), tenant), translate(o.right(), tenant));
        }
        if (f instanceof Not) {
            return new Not(translate(((Not) f).expression(), tenant));
        }
        String key = rangeKey(f);
        if (key != null) {
            throw new UnsupportedOperationException("a " + f.getClass().getSimpleName() + " filter on metadata key '"
                    + key + "' cannot run on encrypted metadata: only equality filters (IsEqualTo, IsNotEqualTo, IsIn, "
                    + "IsNotIn, combined with And/Or/Not) on keys declared in StoreOptions.filterable work");
        }
        throw new UnsupportedOperationException("a " + f.getClass().getName() + " filter cannot run on encrypted "
                + "metadata: only equality filters on keys declared in StoreOptions.filterable work");
    }

    private List<String> tokens(String tenant, String key, Collection<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(token(tenant, key, v));
        }
        return out;
    }

    private String key(String key, Filter f) {
        if (key.startsWith(PhiEmbeddingStore.RESERVED_PREFIX)) {
            throw new UnsupportedOperationException("a " + f.getClass().getSimpleName() + " filter on the reserved "
                    + "metadata key '" + key + "' is refused");
        }
        if (!options.filterable().contains(key)) {
            throw new UnsupportedOperationException("a " + f.getClass().getSimpleName() + " filter on metadata key '"
                    + key + "' cannot run: the key is not declared in StoreOptions.filterable, so its values are only "
                    + "stored encrypted");
        }
        return key;
    }

    private static String rangeKey(Filter f) {
        if (f instanceof IsGreaterThan) {
            return ((IsGreaterThan) f).key();
        }
        if (f instanceof IsGreaterThanOrEqualTo) {
            return ((IsGreaterThanOrEqualTo) f).key();
        }
        if (f instanceof IsLessThan) {
            return ((IsLessThan) f).key();
        }
        if (f instanceof IsLessThanOrEqualTo) {
            return ((IsLessThanOrEqualTo) f).key();
        }
        if (f instanceof ContainsString) {
            return ((ContainsString) f).key();
        }
        return null;
    }
}
