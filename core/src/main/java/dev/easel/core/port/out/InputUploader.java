package dev.easel.core.port.out;

import dev.easel.core.model.MediaType;
import java.net.URI;
import java.time.Duration;

/**
 * Puts a local input file where a provider can fetch it, and lends a link to it: with S3 storage, an
 * object under the {@code inputs/} prefix and a pre-signed GET URL valid for {@code lifetime}.
 * Uploading the same key twice is harmless (keys are content digests).
 */
public interface InputUploader {

    Uploaded upload(String key, byte[] bytes, MediaType mediaType, Duration lifetime);

    /** The link to send, and where the file lives, to keep in records instead of the link. */
    record Uploaded(URI link, String location) {
    }
}
