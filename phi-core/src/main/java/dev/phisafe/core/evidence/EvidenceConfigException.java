package dev.phisafe.core.evidence;

import dev.phisafe.core.PhiException;

/**
 * An evidence configuration could not be read: the message names the file, the line and column, the field (as a path
 * such as {@code components[0].destinations[1].baa}) and what is wrong. A rejected value is never quoted: the
 * configuration holds identifiers only, and a value that fails that rule may be PHI typed in by mistake.
 */
public class EvidenceConfigException extends PhiException {
    private static final long serialVersionUID = 1L;

    /** The file's name as given (serialized form). */
    private final String file;
    /** The 1-based line of the problem, 0 if unknown (serialized form). */
    private final int line;
    /** The field path, or null for a problem of the whole file (serialized form). */
    private final String field;

    EvidenceConfigException(String file, int line, int column, String field, String problem) {
        super(file + ":" + line + ":" + column + ": " + (field == null || field.isEmpty() ? "" : "field '" + field
                + "': ") + problem);
        this.file = file;
        this.line = line;
        this.field = field == null || field.isEmpty() ? null : field;
    }

    /** @return the file's name as given */
    public String file() {
        return file;
    }

    /** @return the 1-based line of the problem (0 if unknown) */
    public int line() {
        return line;
    }

    /** @return the field path, e.g. {@code components[0].serviceAccount}, or null for a problem of the whole file */
    public String field() {
        return field;
    }
}
