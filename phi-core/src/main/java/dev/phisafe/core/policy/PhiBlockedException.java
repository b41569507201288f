package dev.phisafe.core.policy;

import dev.phisafe.core.PhiException;
import dev.phisafe.core.detect.PhiType;

/**
 * A policy blocked a text: it holds PHI of a type the destination may not receive in any form. The message names the
 * policy and the type, never a value.
 */
public class PhiBlockedException extends PhiException {
    private static final long serialVersionUID = 1L;

    /** The type that triggered the block (serialized form). */
    private final PhiType type;

    /**
     * @param policyId the policy that blocked
     * @param type     the type that triggered the block
     */
    public PhiBlockedException(String policyId, PhiType type) {
        super("policy '" + policyId + "' blocks text containing " + type);
        this.type = type;
    }

    /** @return the type that triggered the block */
    public PhiType type() {
        return type;
    }
}
