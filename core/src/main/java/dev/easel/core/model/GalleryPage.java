package dev.easel.core.model;

import java.util.List;
import java.util.Optional;

/** Stored images of one page of jobs, newest first, and the job after which the next page starts. */
public record GalleryPage(List<GalleryEntry> entries, Optional<JobId> next) {

    public GalleryPage {
        entries = List.copyOf(entries);
        next = next == null ? Optional.empty() : next;
    }
}
