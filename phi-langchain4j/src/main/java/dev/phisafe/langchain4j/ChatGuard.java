package dev.phisafe.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.phisafe.core.PhiException;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.transform.FilterLabel;
import dev.phisafe.core.transform.FilterResult;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.transform.Reidentified;
import dev.phisafe.core.transform.Reidentifier;
import dev.phisafe.core.vault.Placeholders;
import dev.phisafe.core.vault.VaultLease;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-destination half of a chat decorator, shared by the blocking and the streaming one: which filter applies
 * for a purpose, and how one call ({@link Exchange}) minimizes a request and restores an answer.
 */
final class ChatGuard {
    /** Policy id in the exception thrown when an answer is withheld for PHI it brought in by itself. */
    static final String NEW_PHI_POLICY = "new-phi-in-answer";

    private static final ObjectMapper JSON = new ObjectMapper();

    final PhiGuard guard;
    final Destination destination;
    private final Map<Purpose, PhiFilter> filters;
    final boolean streaming;

    ChatGuard(PhiGuard guard, Destination destination, Map<Purpose, PhiFilter> filters, boolean streaming) {
        this.guard = guard;
        this.destination = destination;
        this.filters = new EnumMap<>(filters);
        this.streaming = streaming;
    }

    /**
     * Starts one call in the scope bound to this thread, pinning its conversation in the vault.
     *
     * @throws IllegalStateException if no scope is bound (nothing is sent)
     */
    Exchange begin() {
        PhiGuard.Bound bound = guard.currentBound();
        if (bound == null) {
            throw new IllegalStateException("no PhiScope is bound to this thread: call the model inside "
                    + "guard.withScope(scope, ...); nothing was sent");
        }
        VaultLease lease;
        try {
            lease = guard.vault().lease(bound.scope().context());
        } catch (PhiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PhiProcessingException("the pseudonym vault failed (" + e.getClass().getSimpleName()
                    + "); nothing was sent");
        }
        bound.invocation().calledModel(destination);
        return new Exchange(this, bound, filterFor(bound), lease);
    }

    /** The purpose's filter, or, inside a {@link MinimumNecessary} method, the one combined with its policy. */
    private PhiFilter filterFor(PhiGuard.Bound bound) {
        Purpose purpose = bound.scope().purpose();
        PhiPolicy extra = bound.methodPolicy();
        if (extra == null) {
            return filters.get(purpose);
        }
        return guard.methodFilter(destination, purpose, extra);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(destination).append(", policies={");
        String sep = "";
        for (Map.Entry<Purpose, PhiFilter> e : filters.entrySet()) {
            PhiPolicy p = e.getValue().effectivePolicy();
            b.append(sep).append(e.getKey()).append('=').append(p.id()).append(" v").append(p.version());
            sep = ", ";
        }
        return b.append("}, guard=").append(guard).toString();
    }

    /** One guarded call: minimize, then restore. Not thread-safe (a streamed answer's callbacks are serialized). */
    static final class Exchange implements AutoCloseable {
        private final ChatGuard owner;
        final PhiGuard.Bound bound;
        final PhiScope scope;
        private final PhiFilter filter;
        private final VaultLease lease;
        private final Map<PhiType, Integer> minimized = new EnumMap<>(PhiType.class);
        private final Map<String, Integer> restored = new TreeMap<>();
        private final Set<String> unknown = new LinkedHashSet<>();
        private final Map<PhiType, Integer> newPhi = new EnumMap<>(PhiType.class);
        private FilterLabel label;
        private int messages;
        private Reidentifier reidentifier;

        Exchange(ChatGuard owner, PhiGuard.Bound bound, PhiFilter filter, VaultLease lease) {
            this.owner = owner;
            this.bound = bound;
            this.scope = bound.scope();
            this.filter = filter;
            this.lease = lease;
        }

        // ---------------------------------------------------------------------------------------- outbound

        /** Every message minimized; the request's parameters and tools are kept. */
        ChatRequest minimize(ChatRequest request) {
            Objects.requireNonNull(request, "chatRequest");
            List<ChatMessage> in = request.messages();
            List<ChatMessage> out = new ArrayList<>(in.size());
            try {
                for (int i = 0; i < in.size(); i++) {
                    out.add(minimize(i, in.get(i)));
                }
            } catch (PhiBlockedException e) {
                audit(AuditAction.POLICY_BLOCK, AuditOutcome.SERIOUS_FAILURE, "policy-block");
                throw e;
            }
            messages = in.size();
            // recorded before the request leaves: an unrecordable disclosure does not happen
            audit(AuditAction.DISCLOSE_TO_VENDOR, AuditOutcome.SUCCESS, null);
            return request.toBuilder().messages(out).build();
        }

        /** Minimizes one text for this destination and scope (e.g. a tool result before the model sees it). */
        String minimizeText(String text) {
            try {
                return filter(0, text);
            } catch (PhiBlockedException e) {
                audit(AuditAction.POLICY_BLOCK, AuditOutcome.SERIOUS_FAILURE, "policy-block");
                throw e;
            }
        }

        /** One audit event about this call: destination, purpose, policy, counts; never content. */
        void audit(AuditAction action, AuditOutcome outcome, String reason) {
            audit(Auditor.COMPONENT_CHAT, action, outcome, reason);
        }

        void audit(String component, AuditAction action, AuditOutcome outcome, String reason) {
            Auditor auditor = owner.guard.auditor();
            if (!auditor.enabled()) {
                return;
            }
            PhiPolicy p = filter.effectivePolicy();
            AuditEvent.Builder e = auditor.event(action, component, bound, outcome)
                    .destination(owner.destination).policy(p.id(), Integer.toString(p.version()))
                    .measure("messages", messages);
            if (action == AuditAction.REIDENTIFY) {
                e.measure("restored", restored.values().stream().mapToLong(Integer::longValue).sum());
                newPhi.forEach((t, n) -> e.measure("new-phi-" + t.name(), n));
            } else {
                e.phiCounts(minimized);
            }
            if (reason != null) {
                e.reasonCode(reason);
            }
            if (owner.streaming) {
                e.detail("mode", "streaming");
            }
            auditor.record(e);
        }

        private ChatMessage minimize(int i, ChatMessage m) {
            if (m instanceof SystemMessage) {
                return SystemMessage.from(filter(i, ((SystemMessage) m).text()));
            }
            if (m instanceof UserMessage) {
                UserMessage u = (UserMessage) m;
                // a participant name goes to the vendor as is: it is dropped unless the policy keeps names
                String name = filter.effectivePolicy().action(PhiType.NAME) == PhiAction.KEEP ? u.name() : null;
                return u.toBuilder().name(name).contents(texts(i, u.contents())).build();
            }
            if (m instanceof AiMessage) {
                AiMessage a = (AiMessage) m;
                if (!a.images().isEmpty()) {
                    throw cannot(i, "images");
                }
                List<ToolExecutionRequest> calls = new ArrayList<>(a.toolExecutionRequests().size());
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    calls.add(r.toBuilder().arguments(filterJson(i, r.arguments())).build());
                }
                return a.toBuilder().text(filter(i, a.text())).thinking(filter(i, a.thinking()))
                        .toolExecutionRequests(calls).build();
            }
            if (m instanceof ToolExecutionResultMessage) {
                ToolExecutionResultMessage t = (ToolExecutionResultMessage) m;
                return ToolExecutionResultMessage.builder().id(t.id()).toolName(t.toolName())
                        .contents(texts(i, t.contents())).isError(t.isError()).attributes(t.attributes()).build();
            }
            throw cannot(i, m == null ? "null" : m.type().name());
        }

        private List<Content> texts(int i, List<Content> contents) {
            List<Content> out = new ArrayList<>(contents.size());
            for (Content c : contents) {
                if (!(c instanceof TextContent)) {
                    throw cannot(i, c == null ? "null" : c.type().name());
                }
                out.add(TextContent.from(filter(i, ((TextContent) c).text())));
            }
            return out;
        }

        private static PhiProcessingException cannot(int i, String what) {
            return new PhiProcessingException("message " + i + " holds " + what + " content, which phi-safe cannot "
                    + "minimize; nothing was sent");
        }

        /**
         * Minimizes one text. A message the guard's content injector assembled (the query, its constant
         * instructions, the retrieved contents) is minimized part by part, so that the query's result from the
         * retriever is reused rather than detected again; see {@link InvocationMemo}.
         */
        private String filter(int i, String text) {
            if (text == null || text.isEmpty()) {
                return text;
            }
            List<InvocationMemo.Part> parts = bound.invocation().memo().assembly(text);
            if (parts == null) {
                return filterOne(i, text);
            }
            StringBuilder b = new StringBuilder(text.length() + 64);
            for (InvocationMemo.Part p : parts) {
                b.append(p.constant() ? p.text() : filterOne(i, p.text()));
            }
            return b.toString();
        }

        /** Minimizes one text, or reuses the result this invocation already has for exactly this text. */
        private String filterOne(int i, String text) {
            if (text.isEmpty()) {
                return text;
            }
            InvocationMemo memo = bound.invocation().memo();
            FilterResult r = memo.filtered(filter, scope.context(), text);
            if (r == null) {
                try {
                    r = filter.filter(text, scope.context());
                } catch (PhiException e) {
                    throw e; // PHI-free by contract
                } catch (RuntimeException e) {
                    // the cause may quote the text: not chained
                    throw new PhiProcessingException("minimizing message " + i + " failed ("
                            + e.getClass().getSimpleName() + "); nothing was sent");
                }
                memo.remember(filter, scope.context(), text, r, owner.guard.vault());
            }
            label = r.label();
            r.counts().forEach((t, n) -> minimized.merge(t, n, Integer::sum));
            return r.text();
        }

        /** Tool-call arguments are JSON: filtered as text (for the detectors' context), and still JSON after. */
        private String filterJson(int i, String arguments) {
            String out = filter(i, arguments);
            if (out != null && !out.equals(arguments) && isJson(arguments) && !isJson(out)) {
                throw new PhiProcessingException("minimizing the tool-call arguments of message " + i
                        + " broke their JSON; nothing was sent");
            }
            return out;
        }

        private static boolean isJson(String s) {
            try {
                JSON.readTree(s);
                return true;
            } catch (JsonProcessingException e) {
                return false;
            }
        }

        // ----------------------------------------------------------------------------------------- inbound

        Reidentifier reidentifier() {
            if (reidentifier == null) {
                reidentifier = filter.reidentifier(scope.context(), scope.access());
            }
            return reidentifier;
        }

        /** The answer for the caller: text, thinking and tool-call arguments re-identified; new PHI handled. */
        ChatResponse restore(ChatResponse response) {
            Objects.requireNonNull(response, "the wrapped model returned no response");
            AiMessage a = response.aiMessage();
            String text = a.text() == null ? null : restoreText(a.text());
            String thinking = a.thinking() == null ? null : restoreText(a.thinking());
            List<ToolExecutionRequest> calls = restoreCalls(a.toolExecutionRequests());
            ChatReport report = report(false);
            AiMessage out = a.toBuilder().text(text).thinking(thinking).toolExecutionRequests(calls)
                    .attributes(withReport(a.attributes(), report)).build();
            owner.guard.report(report);
            audit(AuditAction.REIDENTIFY, AuditOutcome.SUCCESS, null);
            return response.toBuilder().aiMessage(out).build();
        }

        List<ToolExecutionRequest> restoreCalls(List<ToolExecutionRequest> calls) {
            List<ToolExecutionRequest> out = new ArrayList<>(calls.size());
            for (ToolExecutionRequest r : calls) {
                out.add(restoreCall(r));
            }
            return out;
        }

        /** Arguments are JSON: each string value is re-identified and re-encoded, so an original's quote stays JSON. */
        ToolExecutionRequest restoreCall(ToolExecutionRequest r) {
            String args = r.arguments();
            if (args == null || args.isEmpty()) {
                return r;
            }
            JsonNode tree;
            try {
                tree = JSON.readTree(args);
            } catch (JsonProcessingException e) {
                tree = null;
            }
            if (tree == null || !tree.isContainerNode()) {
                return r.toBuilder().arguments(restoreText(args)).build();
            }
            try {
                return r.toBuilder().arguments(JSON.writeValueAsString(restoreJson(tree))).build();
            } catch (JsonProcessingException e) {
                throw new PhiProcessingException("re-encoding tool-call arguments failed; the answer is withheld");
            }
        }

        private JsonNode restoreJson(JsonNode n) {
            if (n.isTextual()) {
                return TextNode.valueOf(restoreText(n.textValue()));
            }
            if (n.isObject()) {
                ObjectNode o = (ObjectNode) n;
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    e.setValue(restoreJson(e.getValue()));
                }
                return o;
            }
            if (n.isArray()) {
                ArrayNode a = (ArrayNode) n;
                for (int i = 0; i < a.size(); i++) {
                    a.set(i, restoreJson(a.get(i)));
                }
                return a;
            }
            return n;
        }

        /** Re-identifies one model text (batch), handling PHI that no placeholder explains. */
        String restoreText(String modelText) {
            Reidentified r = reidentifier().reidentify(modelText);
            if (!r.newPhi().isEmpty()) {
                count(r.newPhi());
                PhiGuard.NewPhi handling = owner.guard.newPhi();
                if (handling == PhiGuard.NewPhi.BLOCK) {
                    throw new PhiBlockedException(NEW_PHI_POLICY, r.newPhi().get(0).type());
                }
                if (handling == PhiGuard.NewPhi.REDACT) {
                    Reidentified again = reidentifier().reidentify(redact(modelText, r.newPhi()));
                    if (!again.newPhi().isEmpty()) {
                        // the labels moved what the detectors see: withhold rather than release a doubt
                        throw new PhiBlockedException(NEW_PHI_POLICY, again.newPhi().get(0).type());
                    }
                    r = again;
                }
            }
            tally(r.restoredCounts(), r.unknownPlaceholders());
            return r.text();
        }

        private static String redact(String text, List<PhiSpan> spans) {
            StringBuilder b = new StringBuilder(text.length());
            int at = 0;
            for (PhiSpan s : spans) {
                b.append(text, at, s.start()).append('[').append(Placeholders.label(s.type())).append(']');
                at = s.end();
            }
            return b.append(text, at, text.length()).toString();
        }

        void count(List<PhiSpan> spans) {
            for (PhiSpan s : spans) {
                newPhi.merge(s.type(), 1, Integer::sum);
            }
        }

        void tally(Map<String, Integer> restoredCounts, List<String> unknownPlaceholders) {
            restoredCounts.forEach((k, v) -> restored.merge(k, v, Integer::sum));
            unknown.addAll(unknownPlaceholders);
        }

        boolean sawNewPhi() {
            return !newPhi.isEmpty();
        }

        ChatReport report(boolean streamed) {
            if (label == null) {
                label = filter.filter("", scope.context()).label(); // nothing was filtered: the policy's label
            }
            PhiPolicy p = filter.effectivePolicy();
            return new ChatReport(owner.destination, scope.purpose(), p.id(), p.version(), label, streamed, messages,
                    minimized, restored, new ArrayList<>(unknown), newPhi, owner.guard.newPhi());
        }

        static Map<String, Object> withReport(Map<String, Object> attributes, ChatReport report) {
            Map<String, Object> m = new HashMap<>(attributes == null ? Map.of() : attributes);
            m.put(PhiGuard.REPORT_ATTRIBUTE, report.toString());
            return m;
        }

        /** Releases the conversation's lease; idempotent. */
        @Override
        public void close() {
            lease.close();
        }
    }
}
