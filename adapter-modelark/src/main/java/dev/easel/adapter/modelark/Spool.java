package dev.easel.adapter.modelark;

import dev.easel.core.error.StorageException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where inline images wait between ModelArk's answer and the image store: files readable by their
 * owner only, each capped in size, so that an answer of many large images never sits in the heap.
 */
final class Spool {

    private final Path directory;
    private final long maxBytes;

    Spool(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** The JDK's temporary folder, 128 MB per image (a 3K PNG of noise is about 28 MB). */
    static Spool temporary() {
        return new Spool(Path.of(System.getProperty("java.io.tmpdir")), 128L * 1024 * 1024);
    }

    Path newFile() {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Folders it creates are its owner's too, as everything else under EASEL_HOME.
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return Files.createTempFile(directory, "modelark-", ".image", ownerOnly());
            }
            Files.createDirectories(directory);
            return Files.createTempFile(directory, "modelark-", ".image");
        } catch (IOException e) {
            throw new StorageException("cannot create a spool file for an inline image in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Counts what is written and refuses more than the cap, so a runaway answer cannot fill the disk. */
    OutputStream capped(OutputStream out) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                grow(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                grow(len);
                out.write(b, off, len);
            }

            private void grow(int n) throws IOException {
                written += n;
                if (written > maxBytes) {
                    throw new IOException("an inline image is larger than " + maxBytes + " bytes");
                }
            }
        };
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException | UncheckedIOException e) {
            // A spool file left behind holds no secret and the OS cleans its temporary folder.
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
