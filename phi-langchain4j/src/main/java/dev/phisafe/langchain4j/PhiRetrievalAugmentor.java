package dev.phisafe.langchain4j;

import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.phisafe.core.PhiProcessingException;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RetrievalAugmentor} whose result may enter a prompt only if every retrieved content verifies and belongs
 * to the patient in scope: the augmented message already holds the contents' text, so one failing content withholds
 * the whole augmentation. See {@link PhiGuard#wrap(RetrievalAugmentor, dev.phisafe.core.spi.Mac)}.
 */
final class PhiRetrievalAugmentor implements RetrievalAugmentor {
    private final RetrievalAugmentor delegate;
    private final PhiGuard guard;
    private final SegmentCheck check;

    PhiRetrievalAugmentor(RetrievalAugmentor delegate, PhiGuard guard, SegmentCheck check) {
        this.delegate = delegate;
        this.guard = guard;
        this.check = check;
    }

    @Override
    public AugmentationResult augment(AugmentationRequest request) {
        Objects.requireNonNull(request, "request");
        return guard.inScopeOf(request.metadata(), () -> {
            PhiGuard.Bound bound = guard.requireBound("augmenting");
            AugmentationResult r = delegate.augment(request);
            List<Content> contents = r.contents() == null ? List.of() : r.contents();
            List<Content> ok = check.filter(contents, bound);
            if (ok.size() != contents.size()) {
                throw new PhiProcessingException((contents.size() - ok.size()) + " retrieved contents failed their "
                        + "integrity or patient check; the augmented message is withheld");
            }
            return r;
        });
    }

    @Override
    public String toString() {
        return "PhiRetrievalAugmentor{delegate=" + delegate.getClass().getName() + "}";
    }
}
