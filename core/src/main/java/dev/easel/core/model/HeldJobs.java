package dev.easel.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * Unfinished jobs that another live process follows, as far as the journal knows (a process that
 * died still holds its jobs until its lease runs out): how many, and when the last of their leases
 * runs out unless its holder renews it.
 */
public record HeldJobs(long count, Optional<Instant> until) {

    public static final HeldJobs NONE = new HeldJobs(0, Optional.empty());

    public HeldJobs {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
    }
}
