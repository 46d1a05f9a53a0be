package dev.easel.adapter.storage.sql;

import dev.easel.core.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A new SQLite journal's first state: the database Flyway made from the SQLite migrations when Easel
 * was built (the build runs {@link #main}), copied into place instead of running Flyway again, which
 * costs a new home's first command about 120 ms (decision 0030). Flyway stays the source of the schema:
 * the copy holds the tables, indexes and {@code flyway_schema_history} that Flyway wrote, so it later
 * validates the copy and applies newer migrations to it as to any journal it migrated itself.
 */
final class SqliteTemplate {

    /** Where the build puts the template, on the class path. */
    static final String RESOURCE = "db/template/sqlite.db";

    private SqliteTemplate() {
    }

    /**
     * Copies the template to {@code file}, which must not exist yet, and answers whether it did.
     * The copy is written and flushed to disk under another name in the same folder, then linked
     * as {@code file} in one step that never replaces a file: a command started at the same time in
     * the same new home either made {@code file} first ({@link FileAlreadyExistsException}, its file is
     * kept) or finds this one whole. The copy is the user's alone (0600) where POSIX allows. No template
     * (a build that did not make one) or no hard links on this file system: false, and the caller leaves
     * the new file to Flyway.
     */
    static boolean copyTo(Path file) throws IOException {
        try (InputStream template = SqliteTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (template == null) {
                return false;
            }
            // Named here rather than by Files.createTempFile, whose SecureRandom takes ~10 ms to seed.
            Path copy = file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".new");
            FileChannel channel;
            try {
                channel = FileChannel.open(copy, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privately());
            } catch (FileAlreadyExistsException anotherCommandsCopy) {
                return false;
            }
            boolean linked = false;
            try {
                try (channel) {
                    template.transferTo(Channels.newOutputStream(channel));
                    channel.force(true);
                }
                linked = link(file, copy);
                return linked;
            } finally {
                try {
                    Files.delete(copy);
                } catch (IOException stillOpen) {
                    // Once linked, the journal is whole whatever becomes of its second name (on Windows, a
                    // file another process holds open cannot lose one): a later start removes it.
                    if (!linked) {
                        throw stillOpen;
                    }
                }
            }
        }
    }

    /**
     * Deletes the copies that commands killed while making a new journal left beside it: a whole copy
     * never linked, or, for one killed between linking and deleting its copy, a second name of the
     * journal itself, which would keep its records after the journal was deleted. Only copies older
     * than {@link #LEFTOVER_AGE}: a younger one may be another command's, being made now.
     */
    static void removeLeftovers(Path file) throws IOException {
        long before = System.currentTimeMillis() - LEFTOVER_AGE.toMillis();
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(file.getParent(), file.getFileName() + ".*.new")) {
            for (Path copy : copies) {
                try {
                    if (Files.getLastModifiedTime(copy, LinkOption.NOFOLLOW_LINKS).toMillis() < before) {
                        Files.deleteIfExists(copy);
                    }
                } catch (IOException goneOrHeld) {
                    // Removed by another command meanwhile, or held open: the next start tries again.
                }
            }
        }
    }

    /** A copy older than this is no command's work in progress: making one takes milliseconds. */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(1);

    private static FileAttribute<?>[] privately() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static boolean link(Path file, Path copy) throws IOException {
        try {
            Files.createLink(file, copy);
            return true;
        } catch (FileAlreadyExistsException madeByAnotherCommand) {
            throw madeByAnotherCommand;
        } catch (UnsupportedOperationException | FileSystemException noHardLinksHere) {
            return false;
        }
    }

    /**
     * Makes the template at the path given, as a user's first command made its journal before there
     * was one: an empty file that {@link Database#open} has Flyway migrate, closed (which folds the
     * write-ahead log into the file). The build runs this after compiling (adapter-storage's pom.xml).
     */
    public static void main(String[] args) throws IOException {
        Path template = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(template.getParent());
        Path work = Files.createTempDirectory(template.getParent(), "making-");
        Path file = work.resolve("easel.db");
        // Existing, the file is migrated by Flyway rather than copied from the class path's last template.
        Files.createFile(file);
        Database.open(DatabaseUrl.sqlite(file)).close();
        try (Stream<Path> made = Files.list(work)) {
            List<Path> files = made.toList();
            if (!files.equals(List.of(file))) {
                throw new StorageException("the schema template's folder holds " + files + ", not the database alone");
            }
        }
        Files.move(file, template, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(work);
    }
}
