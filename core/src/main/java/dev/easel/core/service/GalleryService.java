package dev.easel.core.service;

import dev.easel.core.model.GalleryEntry;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.out.ImageStore;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/** Reads the gallery from the store, so every server on the same store shows the same gallery. */
public final class GalleryService implements BrowseGalleryUseCase {

    private final ImageStore store;

    public GalleryService(ImageStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<GalleryEntry> gallery(int offset, int limit) {
        return store.list(Math.max(0, offset), Math.max(0, Math.min(limit, MAX_PAGE)));
    }

    @Override
    public InputStream open(String key) {
        return store.open(key);
    }
}
