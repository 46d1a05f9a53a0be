package dev.easel.adapter.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a provider's calls that may be repeated are repeated (downloads, reads, and a call the server
 * refused before doing anything): exponential back-off with jitter, at most {@code maxAttempts}
 * tries and {@code maxTotal} time in all, and never sooner than a server's {@code Retry-After}.
 * Which calls may be repeated is the adapter's decision, not this policy's.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxTotal) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("retry policy needs maxAttempts >= 1 and 0 <= firstBackoff <= maxBackoff");
        }
    }

    /**
     * The wait before try number {@code attempt + 1}, having made {@code attempt} tries: between half
     * and all of {@code firstBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}, or the server's
     * {@code retryAfter} when that is longer.
     */
    public Duration backoff(int attempt, Optional<Duration> retryAfter) {
        long ceiling = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt - 1, 20));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter.filter(r -> r.compareTo(wait) > 0).orElse(wait);
    }

    /** Whether one more try fits, after {@code attempt} tries that began {@code elapsed} ago, waiting {@code wait} first. */
    public boolean allows(int attempt, Duration elapsed, Duration wait) {
        return attempt < maxAttempts && elapsed.plus(wait).compareTo(maxTotal) <= 0;
    }
}
