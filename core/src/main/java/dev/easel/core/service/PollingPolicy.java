package dev.easel.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before asking a provider about a job again: a fixed {@code fraction} of the
 * job's age so far, never less than {@code minimum} nor more than {@code ceiling}. A job that
 * finishes is thus noticed within about {@code fraction} of its run time (50 ms late for a 0.5 s job,
 * 100 ms for a 1 s job), while a long job is asked about rarely: a 1 s job costs about 20 calls, a
 * 10 s job about 45, and past 20 s one call every {@code ceiling}. Once the model's typical run time
 * is known, a job is asked about when it is due and then, for a quarter of that time, every
 * {@link #nearDueWait 2 % of it} (never more often than {@code nearDue}): a job that ends near its
 * due time is noticed within 2 % of its run time (20 ms for a 1 s job, 1.2 s for a minute's), and that
 * window costs about a dozen calls whatever the job's length.
 */
public record PollingPolicy(Duration minimum, double fraction, Duration ceiling, Duration nearDue) {

    public static final PollingPolicy DEFAULT = new PollingPolicy(Duration.ofMillis(50), 0.1, Duration.ofSeconds(2),
            Duration.ofMillis(20));

    public PollingPolicy {
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(nearDue, "nearDue");
        if (minimum.isNegative() || minimum.isZero() || ceiling.compareTo(minimum) < 0 || fraction <= 0 || fraction > 1
                || nearDue.isNegative() || nearDue.isZero() || nearDue.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException("polling needs 0 < minimum <= ceiling, 0 < fraction <= 1 and"
                    + " 0 < nearDue <= ceiling, got " + minimum + ", " + fraction + ", " + ceiling + ", " + nearDue);
        }
    }

    /** Polls every {@code minimum} near a job's expected end. */
    public PollingPolicy(Duration minimum, double fraction, Duration ceiling) {
        this(minimum, fraction, ceiling, minimum);
    }

    /** The share of a model's typical run time between polls around a job's due time. */
    static final int NEAR_DUE_PARTS = 50;

    /**
     * How often a job is asked about around its due time, given the model's {@code typical} run time:
     * every 2 % of it, never more often than {@code nearDue} nor less often than {@code ceiling}. A
     * fixed short interval would cost a long job hundreds of calls to a provider that rate-limits.
     */
    public Duration nearDueWait(Duration typical) {
        long share = typical.toMillis() / NEAR_DUE_PARTS;
        return Duration.ofMillis(Math.min(ceiling.toMillis(), Math.max(nearDue.toMillis(), share)));
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
