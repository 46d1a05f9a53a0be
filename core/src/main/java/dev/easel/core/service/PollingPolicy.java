package dev.easel.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How often to ask a provider about a job: quickly at first, since many jobs finish in seconds, then
 * less often by {@code factor} up to {@code ceiling}, so that a long job costs few calls.
 */
public record PollingPolicy(Duration first, double factor, Duration ceiling) {

    public static final PollingPolicy DEFAULT = new PollingPolicy(Duration.ofMillis(150), 1.3, Duration.ofSeconds(1));

    public PollingPolicy {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(ceiling, "ceiling");
        if (first.isNegative() || first.isZero() || ceiling.compareTo(first) < 0 || factor < 1.0) {
            throw new IllegalArgumentException("polling needs 0 < first <= ceiling and factor >= 1, got "
                    + first + ", " + factor + ", " + ceiling);
        }
    }

    public Duration next(Duration previous) {
        long millis = (long) Math.ceil(previous.toMillis() * factor);
        return millis >= ceiling.toMillis() ? ceiling : Duration.ofMillis(millis);
    }
}
