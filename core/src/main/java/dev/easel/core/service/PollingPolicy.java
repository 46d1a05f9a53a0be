package dev.easel.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before asking a provider about a job again: a fixed {@code fraction} of the
 * job's age so far, never less than {@code minimum} nor more than {@code ceiling}. A job that
 * finishes is thus noticed within about {@code fraction} of its run time (50 ms late for a 0.5 s job,
 * 100 ms for a 1 s job), while a long job is asked about rarely: a 1 s job costs about 20 calls, a
 * 10 s job about 45, and past 20 s one call every {@code ceiling}.
 */
public record PollingPolicy(Duration minimum, double fraction, Duration ceiling) {

    public static final PollingPolicy DEFAULT = new PollingPolicy(Duration.ofMillis(50), 0.1, Duration.ofSeconds(2));

    public PollingPolicy {
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(ceiling, "ceiling");
        if (minimum.isNegative() || minimum.isZero() || ceiling.compareTo(minimum) < 0 || fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("polling needs 0 < minimum <= ceiling and 0 < fraction <= 1, got "
                    + minimum + ", " + fraction + ", " + ceiling);
        }
    }

    /** The wait before the next poll of a job that has been at the provider for {@code age}. */
    public Duration waitAfter(Duration age) {
        long millis = (long) (Math.max(0, age.toMillis()) * fraction);
        if (millis <= minimum.toMillis()) {
            return minimum;
        }
        return millis >= ceiling.toMillis() ? ceiling : Duration.ofMillis(millis);
    }
}
