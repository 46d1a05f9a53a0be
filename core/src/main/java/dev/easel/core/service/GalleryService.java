package dev.easel.core.service;

import dev.easel.core.model.GalleryEntry;
import dev.easel.core.model.GalleryPage;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The gallery from the journal's query of stored jobs, so every server on the same journal shows the
 * same gallery and a page costs the same however many images there are; the bytes from the store.
 */
public final class GalleryService implements BrowseGalleryUseCase {

    private final JobJournal journal;
    private final ImageStore store;

    public GalleryService(JobJournal journal, ImageStore store) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public GalleryPage gallery(JobQuery query) {
        JobQuery stored = query.withStates(Set.of(JobState.STORED)).withLimit(Math.min(query.limit(), MAX_PAGE));
        JobPage page = journal.query(stored);
        List<GalleryEntry> entries = new ArrayList<>();
        for (Job job : page.jobs()) {
            for (StoredImage image : job.images()) {
                entries.add(new GalleryEntry(job, image));
            }
        }
        return new GalleryPage(entries, page.next());
    }

    @Override
    public InputStream open(String key) {
        return store.open(key);
    }
}
