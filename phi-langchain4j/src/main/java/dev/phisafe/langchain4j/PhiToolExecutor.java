package dev.phisafe.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ToolExecutor} that re-identifies the model's arguments for the real tool and minimizes the tool's result
 * before the model (and chat memory) sees it. See {@link PhiGuard#wrap(ToolExecutor,
 * dev.phisafe.core.policy.Destination)}.
 */
final class PhiToolExecutor implements ToolExecutor {
    private final ToolExecutor delegate;
    private final ChatGuard guard;

    PhiToolExecutor(ToolExecutor delegate, ChatGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        try (ChatGuard.Exchange exchange = guard.begin()) {
            ToolExecutionRequest real = reidentify(exchange, request);
            String result = delegate.execute(real, memoryId);
            return result == null ? null : minimize(exchange, result);
        }
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        try (ChatGuard.Exchange exchange = guard.begin()) {
            ToolExecutionRequest real = reidentify(exchange, request);
            ToolExecutionResult r = delegate.executeWithContext(real, context);
            if (r == null) {
                throw new PhiProcessingException("the tool returned no result; nothing was passed on");
            }
            ToolExecutionResult.Builder b = ToolExecutionResult.builder().isError(r.isError())
                    .attributes(r.attributes());
            List<Content> contents = r.resultContents();
            if (contents != null && !contents.isEmpty()) {
                List<Content> out = new ArrayList<>(contents.size());
                for (Content c : contents) {
                    if (!(c instanceof TextContent)) {
                        throw new PhiProcessingException("the tool returned " + c.type() + " content, which phi-safe "
                                + "cannot minimize; nothing was passed on");
                    }
                    out.add(TextContent.from(minimize(exchange, ((TextContent) c).text())));
                }
                b.resultContents(out);
            } else {
                b.resultText(minimize(exchange, r.resultText() == null ? "" : r.resultText()));
            }
            return b.build();
        }
    }

    private static ToolExecutionRequest reidentify(ChatGuard.Exchange exchange, ToolExecutionRequest request) {
        ToolExecutionRequest real = exchange.restoreCall(request);
        // recorded before the real tool sees originals
        exchange.audit(Auditor.COMPONENT_TOOL, AuditAction.REIDENTIFY, AuditOutcome.SUCCESS, null);
        return real;
    }

    private static String minimize(ChatGuard.Exchange exchange, String text) {
        return exchange.minimizeText(text);
    }

    @Override
    public String toString() {
        return "PhiToolExecutor{" + guard + ", delegate=" + delegate.getClass().getName() + "}";
    }
}
