package dev.phisafe.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import java.util.List;

/**
 * The input half of the composite guardrail pair: minimizes the (augmented) user message, runs the user's guardrails
 * on the minimized text, and returns the minimized text as the rewrite, last. See {@link PhiGuard#inputGuardrail}.
 */
final class PhiInputGuardrail implements InputGuardrail {
    private final ChatGuard chat;
    private final List<InputGuardrail> inner;

    PhiInputGuardrail(ChatGuard chat, List<InputGuardrail> inner) {
        this.chat = chat;
        this.inner = inner;
    }

    @Override
    public InputGuardrailResult validate(InputGuardrailRequest request) {
        UserMessage u = request.userMessage();
        if (!u.hasSingleText()) {
            return fatal("phi-safe minimizes user messages of exactly one text part; nothing was sent");
        }
        try (ChatGuard.Exchange exchange = chat.begin()) {
            String minimized = exchange.minimizeText(u.singleText());
            InputGuardrailRequest current = request.withText(minimized);
            for (InputGuardrail g : inner) {
                InputGuardrailResult r = g.validate(current);
                if (!r.isSuccess()) {
                    return r;
                }
                if (r.hasRewrittenResult()) {
                    // an inner rewrite is the user's code: minimized again before it can be sent
                    minimized = exchange.minimizeText(r.successfulText());
                    current = current.withText(minimized);
                }
            }
            // recorded before the rewrite is released to the model call
            exchange.audit(Auditor.COMPONENT_GUARDRAIL, AuditAction.DISCLOSE_TO_VENDOR, AuditOutcome.SUCCESS,
                    "input-guardrail");
            // the rewrite is this guardrail's own result, and nothing runs after it (langchain4j#6425)
            return successWith(minimized);
        }
    }

    @Override
    public String name() {
        return "PhiInputGuardrail";
    }

    @Override
    public String toString() {
        return "PhiInputGuardrail{inner=" + inner.stream().map(g -> g.getClass().getSimpleName()).toList() + ", "
                + chat + "}";
    }
}
