package dev.phisafe.tink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Durable, owner-only file writes: write, fsync, atomic rename, fsync the directory. */
final class SecureFiles {

    private SecureFiles() {
    }

    /** Writes a file that must not exist yet. */
    static void writeNew(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.getFileName().toString());
        }
        Path tmp = temp(file);
        try {
            write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file);
    }

    /** Replaces a file atomically (readers see the old or the new content, never a mix). */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = temp(file);
        try {
            write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file);
    }

    /**
     * Overwrites a file with zeros, syncs, and deletes it. On copy-on-write file systems, SSDs and backups the old
     * blocks may survive: the overwrite is a best effort, the guarantee comes from the KEK (see TinkKeyring).
     */
    static void shred(Path file) throws IOException {
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(4096);
            for (long pos = 0; pos < size; ) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), size - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
        Files.delete(file);
        syncDirectory(file);
    }

    private static Path temp(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    private static void write(Path tmp, byte[] bytes) throws IOException {
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private static void syncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open directories; the rename itself is still atomic
        }
    }
}
