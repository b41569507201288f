package dev.phisafe.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command writes its result: standard output, or a file that appears only when the command succeeds.
 *
 * <p>Fail closed (DESIGN.md): a file result is written to a temporary file next to the target and moved into place
 * by {@link #commit()}; if the command fails first, {@link #close()} deletes the temporary file and the target is
 * left as it was, so a half-written result can never be mistaken for a complete one. Standard output cannot be taken
 * back: there, what was written before the failure stays and nothing follows it.
 */
final class OutputTarget implements Closeable {
    private final Path target;   // null for standard output
    private final Path temp;     // null for standard output
    private final Writer writer;
    private final PrintWriter stdout;
    private boolean committed;

    private OutputTarget(Path target, Path temp, Writer writer, PrintWriter stdout) {
        this.target = target;
        this.temp = temp;
        this.writer = writer;
        this.stdout = stdout;
    }

    /**
     * @param target the file to (re)place on success
     * @return an open target
     * @throws IOException if the temporary file cannot be created (e.g. the directory does not exist)
     */
    static OutputTarget file(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path temp = Files.createTempFile(dir, ".phi-", ".tmp");
        try {
            return new OutputTarget(abs, temp, Files.newBufferedWriter(temp, StandardCharsets.UTF_8), null);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * @param out standard output (picocli's {@code getOut()})
     * @return a target writing to it
     */
    static OutputTarget stdout(PrintWriter out) {
        return new OutputTarget(null, null, out, out);
    }

    /** @return whether this writes to standard output */
    boolean isStdout() {
        return target == null;
    }

    /** @return the writer for the result */
    Writer writer() {
        return writer;
    }

    /**
     * Publishes the result: flushes standard output, or moves the temporary file onto the target.
     *
     * @throws IOException if that fails (then nothing was published to a file)
     */
    void commit() throws IOException {
        if (isStdout()) {
            stdout.flush();
            if (stdout.checkError()) {
                throw new IOException("standard output could not be written");
            }
        } else {
            writer.close();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** Closes the file and, unless committed, deletes the temporary file. Never closes standard output. */
    @Override
    public void close() throws IOException {
        if (isStdout()) {
            stdout.flush();
            return;
        }
        try {
            writer.close();
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
