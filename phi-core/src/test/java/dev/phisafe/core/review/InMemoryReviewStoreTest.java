package dev.phisafe.core.review;

class InMemoryReviewStoreTest extends ReviewStoreContract {
    private final InMemoryReviewStore store = new InMemoryReviewStore();

    @Override
    protected ReviewStore store() {
        return store;
    }
}
