package dev.easel.core.model;

import java.util.Objects;

/** A stored image with the job that made it: what a gallery shows. */
public record GalleryEntry(Job job, StoredImage image) {

    public GalleryEntry {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(image, "image");
    }
}
