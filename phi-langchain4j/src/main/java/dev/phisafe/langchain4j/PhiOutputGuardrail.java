package dev.phisafe.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import java.util.List;

/**
 * The output half of the composite guardrail pair: runs the user's guardrails on the answer as the model wrote it,
 * minimizes any reprompt they ask for, and re-identifies the answer for the caller as the rewrite, last. See
 * {@link PhiGuard#outputGuardrail}.
 */
final class PhiOutputGuardrail implements OutputGuardrail {
    private final ChatGuard chat;
    private final List<OutputGuardrail> inner;

    PhiOutputGuardrail(ChatGuard chat, List<OutputGuardrail> inner) {
        this.chat = chat;
        this.inner = inner;
    }

    @Override
    public OutputGuardrailResult validate(OutputGuardrailRequest request) {
        AiMessage answer = request.responseFromLLM().aiMessage();
        try (ChatGuard.Exchange exchange = chat.begin()) {
            OutputGuardrailRequest current = request;
            for (OutputGuardrail g : inner) {
                OutputGuardrailResult r = g.validate(current);
                if (r.isReprompt()) {
                    // a reprompt goes back to the model without passing any input guardrail: minimized here
                    String message = r.failures().isEmpty() ? "reprompt" : r.failures().get(0).message();
                    return reprompt(message, exchange.minimizeText(r.getReprompt().orElse("")));
                }
                if (!r.isSuccess()) {
                    return r;
                }
                if (r.hasRewrittenResult() && r.successfulText() != null) {
                    answer = answer.withText(r.successfulText());
                    current = current.withText(r.successfulText());
                }
            }
            String text = answer.text() == null ? null : exchange.restoreText(answer.text());
            List<ToolExecutionRequest> calls = exchange.restoreCalls(answer.toolExecutionRequests());
            // recorded before the originals are released to the caller
            exchange.audit(Auditor.COMPONENT_GUARDRAIL, AuditAction.REIDENTIFY, AuditOutcome.SUCCESS,
                    "output-guardrail");
            return successWith(answer.toBuilder().text(text).toolExecutionRequests(calls).build());
        }
    }

    @Override
    public String name() {
        return "PhiOutputGuardrail";
    }

    @Override
    public String toString() {
        return "PhiOutputGuardrail{inner=" + inner.stream().map(g -> g.getClass().getSimpleName()).toList() + ", "
                + chat + "}";
    }
}
