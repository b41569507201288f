package dev.phisafe.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.input.PromptTemplate;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.injector.DefaultContentInjector;
import java.util.List;

/**
 * The last step before retrieved content enters a prompt: drops any content that fails its integrity or patient
 * check (audited), and tells the model, in the prompt, that identifiers were minimized and placeholders must be
 * kept as written. See {@link PhiGuard#contentInjector(dev.phisafe.core.spi.Mac)}.
 */
final class PhiContentInjector implements ContentInjector {
    static final String TEMPLATE = """
            {{userMessage}}

            Answer using the following information. It was minimized before it reached you (minimum necessary, \
            45 CFR 164.502(b)): identifiers are replaced by placeholders such as <NAME_1> or <DATE_1>, and dates may \
            be shifted. Keep every placeholder exactly as written, never guess what it stands for, and do not ask \
            for the identifiers.
            {{contents}}""";

    private final PhiGuard guard;
    private final SegmentCheck check;
    private final DefaultContentInjector injector = DefaultContentInjector.builder()
            .promptTemplate(PromptTemplate.from(TEMPLATE)).build();

    PhiContentInjector(PhiGuard guard, SegmentCheck check) {
        this.guard = guard;
        this.check = check;
    }

    @Override
    public ChatMessage inject(List<Content> contents, ChatMessage chatMessage) {
        PhiGuard.Bound bound = guard.requireBound("injecting retrieved content");
        return injector.inject(check.filter(contents == null ? List.of() : contents, bound), chatMessage);
    }

    @Override
    public String toString() {
        return "PhiContentInjector{integrity-checked, minimization stated}";
    }
}
