package dev.easel.core.port.out;

import dev.easel.core.model.StoredImage;
import java.io.InputStream;

/**
 * Where paid-for images are kept: blobs only (the job records beside them are {@link JobRecords}, the
 * gallery comes from the journal's queries). An image appears whole or not at all:
 * a failed or interrupted {@link #put} leaves nothing visible. The media type, size and digest of a
 * stored image come from its bytes, never from what a server claimed.
 */
public interface ImageStore {

    /**
     * Streams {@code content} into the store (never whole in memory) and returns what was kept.
     *
     * @throws dev.easel.core.error.StorageException when the bytes are not an image, exceed
     *     {@link NewImage#maxBytes()}, or cannot be written
     */
    StoredImage put(NewImage image, InputStream content);

    /** Opens a stored image by key; the caller closes the stream. */
    InputStream open(String key);

    /** Where a person finds a stored image: a file path, or a URL such as {@code s3://bucket/key}. */
    String location(String key);
}
