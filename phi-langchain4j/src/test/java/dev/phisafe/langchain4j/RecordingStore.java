package dev.phisafe.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A real InMemoryEmbeddingStore that also keeps every search request it received, to assert what reached it. */
final class RecordingStore implements EmbeddingStore<TextSegment> {
    InMemoryEmbeddingStore<TextSegment> inner;
    final List<EmbeddingSearchRequest> searches = new ArrayList<>();
    final List<TextSegment> added = new ArrayList<>();

    RecordingStore(InMemoryEmbeddingStore<TextSegment> inner) {
        this.inner = inner;
    }

    RecordingStore() {
        this(new InMemoryEmbeddingStore<>());
    }

    @Override
    public String add(Embedding embedding) {
        return inner.add(embedding);
    }

    @Override
    public void add(String id, Embedding embedding) {
        inner.add(id, embedding);
    }

    @Override
    public String add(Embedding embedding, TextSegment textSegment) {
        added.add(textSegment);
        return inner.add(embedding, textSegment);
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        return inner.addAll(embeddings);
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        added.addAll(embedded);
        inner.addAll(ids, embeddings, embedded);
    }

    @Override
    public void removeAll(Collection<String> ids) {
        inner.removeAll(ids);
    }

    @Override
    public void removeAll(Filter filter) {
        inner.removeAll(filter);
    }

    @Override
    public void removeAll() {
        inner.removeAll();
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        searches.add(request);
        return inner.search(request);
    }
}
