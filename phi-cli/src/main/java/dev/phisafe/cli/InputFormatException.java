package dev.phisafe.cli;

/**
 * An input file broke its format at a given line. The message names the line number and what was expected, never
 * the line's content: input lines carry PHI (DESIGN.md "Contracts": messages never echo PHI).
 */
final class InputFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    /**
     * @param lineNumber the 1-based line number
     * @param reason     what was wrong, in words that hold no input text
     */
    InputFormatException(long lineNumber, String reason) {
        super("line " + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
    }

    /** @return the 1-based number of the offending line */
    long lineNumber() {
        return lineNumber;
    }
}
