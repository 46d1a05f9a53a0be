package dev.easel.core.port.in;

import dev.easel.core.model.GalleryPage;
import dev.easel.core.model.JobQuery;
import java.io.InputStream;

/** Stored images, newest first, each with the job that made it; and their bytes. */
public interface BrowseGalleryUseCase {

    /** The largest number of jobs one gallery page shows. */
    int MAX_PAGE = 200;

    /**
     * The images of the stored jobs that match {@code query} (its states are ignored: a gallery
     * shows stored jobs), one page of at most {@code query.limit()} jobs, read from the journal's
     * index rather than by listing the store.
     */
    GalleryPage gallery(JobQuery query);

    /** @throws dev.easel.core.error.StorageException when no image has this key */
    InputStream open(String key);
}
