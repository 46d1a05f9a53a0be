package dev.easel.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A file given for a URI input, ready to send: {@code uri} is what the provider receives (a data URI
 * or a pre-signed URL), while records (the journal, the job's metadata, an image's provenance) keep
 * only {@link #record()}: its sha256, size, media type and origin. It never prints its URI.
 */
public record FileInput(String uri, String sha256, long bytes, MediaType mediaType, String origin) {

    public FileInput {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mediaType, "mediaType");
        origin = origin == null ? "" : origin;
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
    }

    /** What records keep in place of the URI. */
    public Map<String, Object> record() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sha256", sha256);
        record.put("bytes", bytes);
        record.put("media_type", mediaType.mime());
        record.put("origin", origin);
        return record;
    }

    @Override
    public String toString() {
        return "FileInput" + record();
    }
}
