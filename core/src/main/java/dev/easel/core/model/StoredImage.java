package dev.easel.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One image as a store keeps it: its key (a relative path such as {@code 2026-11-21/<job>-1.png}),
 * size, SHA-256 (hex), media type and pixel size, all taken from the bytes themselves.
 */
public record StoredImage(String key, long bytes, String sha256, MediaType mediaType, int width, int height) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public StoredImage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mediaType, "mediaType");
        if (key.isBlank() || key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("key \"" + key + "\" must be a relative path without '..'");
        }
        if (bytes <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an image has a positive size, got " + bytes + " bytes, "
                    + width + "x" + height);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 \"" + sha256 + "\" must be 64 lower-case hex digits");
        }
    }
}
