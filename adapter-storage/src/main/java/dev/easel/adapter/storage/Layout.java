package dev.easel.adapter.storage;

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

    /** A job record's key, and only that (the journal lives elsewhere). */
    public static final Pattern RECORD = Pattern.compile("\\d{4}-\\d{2}-\\d{2}/\\d{8}-\\d{6}-[a-z0-9]{6}\\.json");

    private Layout() {
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
