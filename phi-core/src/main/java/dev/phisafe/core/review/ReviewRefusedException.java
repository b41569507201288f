package dev.phisafe.core.review;

import dev.phisafe.core.PhiException;

/**
 * A review operation was refused for a reason other than the state: separation of duties (the reviewer is the
 * requester or the AI service account, or not the reviewer who claimed the draft; 45 CFR 164.308(a)(3)-(4), SOC 2
 * CC6.1), a hash mismatch (the reviewer approved other bytes than the draft holds; NIST SP 800-53 AU-10), or a
 * withdrawal by someone other than the requester. Nothing was changed, and the refusal was audited when the draft
 * exists. {@link #reasonCode()} is stable; the message never holds text.
 */
public class ReviewRefusedException extends PhiException {
    private static final long serialVersionUID = 1L;
    /** The stable reason code (serialized form). */
    private final String reasonCode;

    ReviewRefusedException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    /**
     * @return {@code reviewer-is-requester}, {@code reviewer-is-service-account}, {@code not-the-claimant},
     *         {@code hash-mismatch} or {@code not-the-requester}
     */
    public String reasonCode() {
        return reasonCode;
    }
}
