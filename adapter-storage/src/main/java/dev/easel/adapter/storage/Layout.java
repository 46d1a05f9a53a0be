package dev.easel.adapter.storage;

import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.MediaType;
import dev.easel.core.port.out.NewImage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The key layout every store shares: {@code YYYY-MM-DD/<job-id>-<n>.<png|jpeg>} for images and
 * {@code YYYY-MM-DD/<job-id>.json} for a job's record, so that files can move between stores.
 */
public final class Layout {

    /** An image's key, and only that: what a store may open for a reader (never a record, never a path elsewhere). */
    public static final Pattern IMAGE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}/\\d{8}-\\d{6}-[a-z0-9]{6}-\\d{1,4}\\.(png|jpeg)");

    private Layout() {
    }

    /**
     * Refuses a key that is not an image's as the store would refuse a missing image, so that a
     * reader (the web front's {@code /files}) can open images only: not job records, not other files.
     */
    public static void requireImageKey(String key) {
        if (key == null || !IMAGE.matcher(key).matches()) {
            throw new StorageException("no stored image has the key \"" + abbreviate(key) + "\": image keys look like "
                    + "2026-11-21/20261121-101500-k3f9qa-1.png");
        }
    }

    private static String abbreviate(String key) {
        String printable = String.valueOf(key).replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    public static String imageKey(NewImage image, MediaType type) {
        return image.day() + "/" + imageName(image, type);
    }

    public static String imageName(NewImage image, MediaType type) {
        return image.baseName() + "." + type.extension();
    }

    /** The day of a job's record: that of its images, or the day it was created. */
    public static LocalDate recordDay(Job job, ZoneId zone) {
        return job.images().isEmpty()
                ? LocalDate.ofInstant(job.createdAt(), zone)
                : LocalDate.parse(job.images().get(0).key().substring(0, 10));
    }

    public static String recordKey(Job job, ZoneId zone) {
        return recordDay(job, zone) + "/" + job.id() + ".json";
    }

}
