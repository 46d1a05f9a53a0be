package dev.easel.adapter.modelark;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How calls that may be repeated are repeated (downloads, and a generation call refused with 429):
 * exponential back-off with jitter, at most {@code maxAttempts} tries and {@code maxTotal} time, and
 * never sooner than a server's {@code Retry-After}. The same rule as the RunComfy adapter's, which
 * this module may not import.
 */
public record Retries(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxTotal) {

    public static final Retries DEFAULT = new Retries(6, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public Retries {
        if (maxAttempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("retries need maxAttempts >= 1 and 0 <= firstBackoff <= maxBackoff");
        }
    }

    /** The wait before try number {@code attempt + 1}, having made {@code attempt} tries. */
    Duration backoff(int attempt, Optional<Duration> retryAfter) {
        long ceiling = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt - 1, 20));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter.filter(r -> r.compareTo(wait) > 0).orElse(wait);
    }

    /** Whether one more try fits, after {@code attempt} tries that began {@code elapsed} ago. */
    boolean allows(int attempt, Duration elapsed, Duration wait) {
        return attempt < maxAttempts && elapsed.plus(wait).compareTo(maxTotal) <= 0;
    }
}
