package dev.easel.boot;

import dev.easel.core.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code EASEL_HOME} holds the journal (prompts, costs), the key that signs file links and spooled
 * outputs: it is the user's alone. The folder is created 0700 and an existing one narrowed to it;
 * secret files are created 0600 from the start (never written first and narrowed after, which would
 * leave a moment when another user could open them). Where POSIX permissions do not exist (Windows),
 * files keep the protection of the user's profile.
 */
final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code home} (0700) or narrows an existing one to its owner. One call at a time: the
     * early start's threads and the command may ask at once, and only one of them should find the
     * folder too open and say so.
     */
    static synchronized void home(Path home) {
        try {
            if (!posix()) {
                Files.createDirectories(home);
                return;
            }
            if (Files.isDirectory(home)) {
                Set<PosixFilePermission> now = Files.getPosixFilePermissions(home);
                if (!OWNER_DIRECTORY.containsAll(now)) {
                    Files.setPosixFilePermissions(home, OWNER_DIRECTORY);
                    LoggerFactory.getLogger(PrivateFiles.class).warn("{} was readable by other users; it now is its owner's alone (0700)", home);
                }
                return;
            }
            if (home.toAbsolutePath().getParent() != null) {
                Files.createDirectories(home.toAbsolutePath().getParent());
            }
            try {
                Files.createDirectory(home, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // Another process made it at the same moment, with the same permissions.
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot create or secure EASEL_HOME " + home + ": " + e.getMessage());
        }
    }

    /** Writes {@code content} to {@code file} as a new 0600 file, atomically: it appears whole, and private from the start. */
    static void writeSecret(Path file, byte[] content) throws IOException {
        Path temp = posix()
                ? Files.createTempFile(file.getParent(), ".secret-", ".part", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(file.getParent(), ".secret-", ".part", new FileAttribute<?>[0]);
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
