package dev.phisafe.core.policy;

import dev.phisafe.core.PhiException;

/**
 * A policy file could not be read: the message names the file, the line and column, the field and what is wrong.
 * Policy files hold configuration, never PHI, so the message may quote their values. Nothing of a file that fails is
 * applied.
 */
public class PolicyFormatException extends PhiException {
    private static final long serialVersionUID = 1L;

    /** The file's name as given (serialized form). */
    private final String file;
    /** The 1-based line of the problem, 0 if unknown (serialized form). */
    private final int line;
    /** The field path, or null for a problem of the whole file (serialized form). */
    private final String field;

    PolicyFormatException(String file, int line, int column, String field, String problem) {
        super(file + ":" + line + ":" + column + ": " + (field == null ? "" : "field '" + field + "': ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** @return the file's name as given */
    public String file() {
        return file;
    }

    /** @return the 1-based line of the problem (0 if unknown) */
    public int line() {
        return line;
    }

    /** @return the field, e.g. {@code actions.NAME}, or null for a problem of the whole file */
    public String field() {
        return field;
    }
}
