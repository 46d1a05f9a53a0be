package dev.easel.core.port.in;

import dev.easel.core.model.GalleryEntry;
import java.io.InputStream;
import java.util.List;

/** Stored images, newest first, each with the job that made it; and their bytes. */
public interface BrowseGalleryUseCase {

    /** The largest page {@link #gallery} returns. */
    int MAX_PAGE = 200;

    List<GalleryEntry> gallery(int offset, int limit);

    /** @throws dev.easel.core.error.StorageException when no image has this key */
    InputStream open(String key);
}
