package dev.easel.adapter.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per name (an API key, a client address): {@code permits} per {@code window},
 * refilled continuously. {@link #take(String)} either spends a permit or says how long until the
 * next one. The map of names is bounded: when full, the names idle longest are forgotten (a
 * forgotten name starts with a full bucket, which only errs towards letting a request through).
 */
final class Throttle {

    private static final int MAX_NAMES = 10_000;

    private final int permits;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    Throttle(int permits, Duration window, Clock clock) {
        this.permits = permits;
        this.window = window;
        this.clock = clock;
    }

    /** Spends one permit for {@code name}, or returns how long until one is available (nothing is spent). */
    synchronized Optional<Duration> take(String name) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(name, n -> new Bucket(permits, now));
        double perMilli = (double) permits / window.toMillis();
        bucket.tokens = Math.min(permits, bucket.tokens + Math.max(0, Duration.between(bucket.at, now).toMillis()) * perMilli);
        bucket.at = now;
        forgetOldest();
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Optional.empty();
        }
        long millis = (long) Math.ceil((1 - bucket.tokens) / perMilli);
        return Optional.of(Duration.ofMillis(Math.max(1, millis)));
    }

    private void forgetOldest() {
        Iterator<Map.Entry<String, Bucket>> oldest = buckets.entrySet().iterator();
        while (buckets.size() > MAX_NAMES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Seconds for a {@code Retry-After} header: whole seconds, at least one. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
