package dev.phisafe.langchain4j;

import dev.phisafe.core.PhiException;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.review.Draft;
import dev.phisafe.core.review.DraftRequest;
import dev.phisafe.core.review.ReviewGate;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The proxy behind {@link PhiGuard#aiService(Class, Object)}: per method, binds the {@link MinimumNecessary} purpose
 * and policy for the duration of the call, with a fresh invocation id, and turns a {@link RequiresReview} answer into
 * a draft. Methods without annotations run in the caller's scope with a fresh invocation id.
 */
final class PhiAiService implements InvocationHandler {
    /** What the proxy does for one method, decided when the proxy is built. */
    private record Plan(Purpose purpose, PhiPolicy policy, boolean review) {
    }

    private final Class<?> type;
    private final Object service;
    private final PhiGuard guard;
    private final Map<Method, Plan> plans = new HashMap<>();

    PhiAiService(Class<?> type, Object service, PhiGuard guard) {
        this.type = type;
        this.service = service;
        this.guard = guard;
        for (Method m : type.getMethods()) {
            MinimumNecessary mn = m.getAnnotation(MinimumNecessary.class);
            boolean review = m.isAnnotationPresent(RequiresReview.class);
            PhiPolicy policy = null;
            if (mn != null && !mn.policy().isEmpty()) {
                try {
                    policy = PhiPolicies.byId(mn.policy());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + ": @MinimumNecessary"
                            + " names an unknown policy '" + mn.policy() + "' (safe-harbor, limited-data-set, "
                            + "pseudonymized or in-house)");
                }
            }
            if (review) {
                if (m.getReturnType() != String.class) {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + ": @RequiresReview "
                            + "needs a String return type (the draft id is returned instead of the text), got "
                            + m.getReturnType().getSimpleName());
                }
                if (!guard.hasReviewGate()) {
                    throw new IllegalStateException(type.getSimpleName() + "." + m.getName() + " is @RequiresReview "
                            + "but the guard has no reviewGate(...)");
                }
            }
            plans.put(m, new Plan(mn == null ? null : mn.purpose(), policy, review));
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "toString":
                    return "PhiAiService{" + type.getName() + ", " + guard + "}";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return method.invoke(service, args);
            }
        }
        Plan plan = plans.get(method);
        PhiGuard.Bound outer = guard.requireBound("calling a guarded AiService");
        PhiScope scope = plan == null || plan.purpose() == null ? outer.scope()
                : PhiScope.of(outer.scope().context(), plan.purpose(), outer.scope().access());
        PhiGuard.Bound bound = new PhiGuard.Bound(scope, UUID.randomUUID().toString(),
                plan == null ? null : plan.policy(), new PhiGuard.Invocation());
        PhiGuard.Bound previous = guard.bind(bound);
        try {
            Object result;
            try {
                result = method.invoke(service, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (plan != null && plan.review()) {
                return submit(bound, (String) result);
            }
            return result;
        } finally {
            guard.bind(previous);
            bound.invocation().close();
        }
    }

    /** The answer becomes a draft under review; the caller gets its id, never the text. */
    private String submit(PhiGuard.Bound bound, String text) {
        Destination d = bound.invocation().destination();
        if (d == null) {
            throw new PhiProcessingException("a @RequiresReview method made no guarded model call: nothing to review "
                    + "(wrap the AiService's model with the same guard)");
        }
        if (text == null || text.isBlank()) {
            throw new PhiProcessingException("the model's answer is empty: no draft was submitted");
        }
        String patient = bound.scope().context().patient();
        if (patient == null) {
            throw new IllegalStateException("a @RequiresReview method needs a scope that names the patient");
        }
        ReviewGate gate = guard.reviewGate();
        Draft draft;
        try {
            draft = gate.submit(DraftRequest.builder().requester(bound.scope().access().principal())
                    .serviceAccount(guard.reviewServiceAccount()).patient(patient).model(d.model())
                    .destination(d.vendor() + (d.baa() ? ":baa" : "")).text(text).build());
        } catch (PhiException e) {
            throw e;
        } catch (RuntimeException e) {
            // the cause may name the text's problem or quote it: not chained
            throw new PhiProcessingException("submitting the draft failed (" + e.getClass().getSimpleName()
                    + "); the answer is withheld");
        }
        Auditor auditor = guard.auditor();
        if (auditor.enabled()) {
            auditor.record(auditor.event(AuditAction.DRAFT_SUBMITTED, Auditor.COMPONENT_SERVICE, bound,
                    AuditOutcome.SUCCESS).destination(d).detail("draft", draft.id()));
        }
        return draft.id();
    }
}
