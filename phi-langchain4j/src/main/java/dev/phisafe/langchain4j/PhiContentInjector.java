package dev.phisafe.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.input.PromptTemplate;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.injector.DefaultContentInjector;
import java.util.List;
import java.util.StringJoiner;

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

    /** The template's own text, between the user's message and the contents: instructions, no PHI. */
    static final String INSTRUCTIONS = TEMPLATE.substring("{{userMessage}}".length(),
            TEMPLATE.length() - "{{contents}}".length());

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
        List<Content> checked = check.filter(contents == null ? List.of() : contents, bound);
        ChatMessage out = injector.inject(checked, chatMessage);
        remember(bound, checked, chatMessage, out);
        return out;
    }

    /**
     * Tells the chat decorator of this invocation how the message was assembled (query, instructions, contents), so
     * that it minimizes the parts and reuses the retriever's result for the query instead of detecting it again.
     * Only when the message is exactly that concatenation; otherwise the decorator minimizes it whole, as any text.
     */
    private static void remember(PhiGuard.Bound bound, List<Content> checked, ChatMessage in, ChatMessage out) {
        if (checked.isEmpty() || !(in instanceof UserMessage) || !(out instanceof UserMessage)
                || !((UserMessage) in).hasSingleText() || !((UserMessage) out).hasSingleText()) {
            return;
        }
        String query = ((UserMessage) in).singleText();
        StringJoiner block = new StringJoiner("\n\n");
        for (Content c : checked) {
            block.add(c.textSegment().text());
        }
        String contentsText = block.toString();
        String text = ((UserMessage) out).singleText();
        if (text.length() == query.length() + INSTRUCTIONS.length() + contentsText.length()
                && text.startsWith(query) && text.startsWith(INSTRUCTIONS, query.length())
                && text.endsWith(contentsText)) {
            bound.invocation().memo().assembled(text, List.of(new InvocationMemo.Part(query, false),
                    new InvocationMemo.Part(INSTRUCTIONS, true), new InvocationMemo.Part(contentsText, false)));
        }
    }

    @Override
    public String toString() {
        return "PhiContentInjector{integrity-checked, minimization stated}";
    }
}
