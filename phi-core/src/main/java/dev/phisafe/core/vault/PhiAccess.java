package dev.phisafe.core.vault;

import java.util.Objects;

/**
 * The capability to reveal an original value from a {@link PseudonymVault}: who reveals, and why. Revealing is loud
 * by design (STYLE.md rule 6): the only way to get one is {@link #grantedTo(String, String)}, a name that is easy to
 * grep for, so every place that re-identifies data can be found and reviewed.
 *
 * <p><b>Every use is meant to be audited.</b> Create a {@code PhiAccess} where the authorisation decision is made
 * (after checking the caller's role and the purpose), record the grant in the audit journal, and pass it down to the
 * re-identifier; do not cache one in a static field or hand one to code that does not need it. The vault counts the
 * reveals it performs ({@link VaultStats#hits()}); the principal and reason are meant for the audit trail that issue 4
 * adds.
 *
 * <p>The principal and reason are <em>not secret</em> and appear in {@link #toString()}, logs and audit events, so
 * they must never hold PHI: write {@code "clinician:u-4711"} and {@code "treatment: answer to the clinician"}, not a
 * patient's name.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhiAccess {
    private static final int MAX_PRINCIPAL = 128;
    private static final int MAX_REASON = 256;

    private final String principal;
    private final String reason;

    private PhiAccess(String principal, String reason) {
        this.principal = principal;
        this.reason = reason;
    }

    /**
     * Grants the capability to reveal originals.
     *
     * @param principal who reveals (a user or service id, no PHI): 1–128 characters, no control characters
     * @param reason    why (purpose of use, no PHI): 1–256 characters, no control characters
     * @return the capability
     * @throws IllegalArgumentException if either is blank, too long or holds control characters (they would let a
     *                                  caller forge lines in a log)
     */
    public static PhiAccess grantedTo(String principal, String reason) {
        return new PhiAccess(check("principal", principal, MAX_PRINCIPAL), check("reason", reason, MAX_REASON));
    }

    /** @return who reveals */
    public String principal() {
        return principal;
    }

    /** @return why */
    public String reason() {
        return reason;
    }

    /** @return the principal and the reason, which hold no PHI by contract */
    @Override
    public String toString() {
        return "PhiAccess{principal=" + principal + ", reason=" + reason + "}";
    }

    private static String check(String what, String value, int max) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(what + " must have 1 to " + max + " non-blank characters, got length "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not hold control characters (index " + i + ")");
            }
        }
        return value;
    }
}
