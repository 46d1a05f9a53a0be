package dev.easel.core.port.in;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file on the caller's side (a path on disk, an upload to the web front): a name to show in
 * messages and records, its size, and a way to read it, used only once the size was found acceptable.
 */
public record LocalFile(String name, long size, Source source) {

    public LocalFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** Opens the file's bytes. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }
}
