package dev.easel.adapter.storage.file;

import dev.easel.adapter.storage.Layout;
import dev.easel.core.error.StorageException;
import dev.easel.core.image.ImageFacts;
import dev.easel.core.image.InspectingInputStream;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.NewImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Images in a folder: {@code <root>/YYYY-MM-DD/<job-id>-<n>.<png|jpeg>} (the job records beside them
 * are {@link FileJobRecords}'s). Each file is written under a hidden temporary name in the
 * same folder, forced to disk, then renamed atomically, so it appears whole or not at all.
 */
public final class FileImageStore implements ImageStore {

    private final Path root;

    public FileImageStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public static FileImageStore at(Path root) {
        return new FileImageStore(root);
    }

    public Path root() {
        return root;
    }

    /** The file behind a key, for fronts that print paths. */
    public Path pathOf(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new StorageException("key \"" + key + "\" points outside the output folder");
        }
        return path;
    }

    @Override
    public StoredImage put(NewImage image, InputStream content) {
        Path folder = folder(image.day());
        Path temp = null;
        try {
            Files.createDirectories(folder);
            removeLeftovers(folder, image.baseName());
            temp = Files.createTempFile(folder, "." + image.baseName() + "-pid" + ProcessHandle.current().pid() + "-", ".part");
            InspectingInputStream inspected = new InspectingInputStream(content, image.maxBytes());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                inspected.transferTo(out);
                out.flush();
                channel.force(true);
            }
            ImageFacts facts = inspected.facts();
            String name = Layout.imageName(image, facts.mediaType());
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            return new StoredImage(image.day() + "/" + name, facts.bytes(), facts.sha256(), facts.mediaType(),
                    facts.width(), facts.height());
        } catch (IOException e) {
            throw new StorageException("could not store output " + image.index() + " of job " + image.job()
                    + " in " + folder + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream open(String key) {
        Path path = pathOf(key);
        Layout.requireImageKey(key);
        try {
            // Neither the day's folder nor the file may be a link: the output folder could hold one
            // planted to read files elsewhere (the root itself may be a link: the user chose it).
            if (Files.isSymbolicLink(path.getParent())) {
                throw new StorageException("no stored image has the key \"" + key + "\": its folder is a symbolic link");
            }
            return Channels.newInputStream(Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(path)) {
                throw new StorageException("no stored image has the key \"" + key + "\": it is a symbolic link", e);
            }
            if (e instanceof NoSuchFileException) {
                throw new StorageException("no stored image has the key \"" + key + "\"", e);
            }
            throw new StorageException("could not open \"" + key + "\": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("could not open \"" + key + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public String location(String key) {
        return pathOf(key).toString();
    }

    private Path folder(LocalDate day) {
        return root.resolve(day.toString());
    }

    /**
     * Deletes hidden temporary files that an earlier attempt at the same file left behind when its
     * process was killed (a normal failure deletes its own). Storing the output again, as resume
     * does, thus leaves no partial file. A temporary file names the process writing it, and those of
     * processes still running are left alone: two processes may store one job's images at once
     * (one that stalled past its lease, and the one that took the job over).
     */
    static void removeLeftovers(Path folder, String baseName) throws IOException {
        String prefix = "." + baseName + "-";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, prefix + "*.part")) {
            for (Path leftover : leftovers) {
                if (!writerRuns(leftover.getFileName().toString().substring(prefix.length()))) {
                    deleteQuietly(leftover);
                }
            }
        }
    }

    /** Whether the process named at the start of a temporary file's {@code pid<pid>-<random>.part} tail still runs. */
    static boolean writerRuns(String tail) {
        if (!tail.startsWith("pid")) {
            return false;
        }
        int dash = tail.indexOf('-');
        String pid = dash < 0 ? "" : tail.substring(3, dash);
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit) || pid.length() > 18) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(pid)).isPresent();
    }

    static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover hidden .part file is harmless and is never listed.
            }
        }
    }
}
