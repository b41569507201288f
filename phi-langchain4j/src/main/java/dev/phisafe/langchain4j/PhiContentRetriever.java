package dev.phisafe.langchain4j;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ContentRetriever} that retrieves with a minimized query and passes on only contents whose integrity
 * envelope verifies and that belong to the patient in scope. See {@link PhiGuard#wrap(ContentRetriever,
 * dev.phisafe.core.policy.Destination, dev.phisafe.core.spi.Mac)}.
 */
final class PhiContentRetriever implements ContentRetriever {
    private final ContentRetriever delegate;
    private final ChatGuard queries;
    private final SegmentCheck check;

    PhiContentRetriever(ContentRetriever delegate, ChatGuard queries, SegmentCheck check) {
        this.delegate = delegate;
        this.queries = queries;
        this.check = check;
    }

    @Override
    public List<Content> retrieve(Query query) {
        Objects.requireNonNull(query, "query");
        return queries.guard.inScopeOf(query.metadata(), () -> {
            PhiGuard.Bound bound = queries.guard.requireBound("retrieving");
            if (bound.scope().context().patient() == null) {
                throw new IllegalStateException("the scope names no patient: guarded retrieval returns segments of "
                        + "the patient in scope only; nothing was retrieved");
            }
            List<Content> found;
            try (ChatGuard.Exchange exchange = queries.begin()) {
                String minimized = exchange.minimizeText(query.text());
                exchange.audit(Auditor.COMPONENT_RETRIEVER, dev.phisafe.core.audit.AuditAction.QUERY,
                        dev.phisafe.core.audit.AuditOutcome.SUCCESS, null);
                Query q = query.metadata() == null ? Query.from(minimized) : Query.from(minimized, query.metadata());
                found = delegate.retrieve(q);
            }
            return check.filter(found == null ? List.of() : found, bound);
        });
    }

    @Override
    public String toString() {
        return "PhiContentRetriever{" + queries + ", delegate=" + delegate.getClass().getName() + "}";
    }
}
