package dev.easel.adapter.http;

import dev.easel.core.error.ConfigurationException;
import java.time.Duration;

/**
 * What one client may make the web front do, so that a leaked key, a runaway script or a guessing
 * attacker costs a bounded amount: jobs in flight and requests per minute per API key (or per
 * studio session's key; one shared budget when the server is open), browser sessions' idle and
 * absolute lifetimes and how many may exist, failed sign-ins per client address per minute, and
 * how long a signed file link stays valid.
 */
public record WebLimits(int maxActivePerKey, int requestsPerMinutePerKey, Duration sessionIdle, Duration sessionLifetime,
                        int maxSessions, int signInAttemptsPerMinute, Duration fileLinkLifetime, int maxEventListeners) {

    /** Jobs in flight per key when {@code EASEL_MAX_ACTIVE_PER_KEY} is not set. */
    public static final int DEFAULT_MAX_ACTIVE_PER_KEY = 8;

    public static final WebLimits DEFAULTS = new WebLimits(DEFAULT_MAX_ACTIVE_PER_KEY, 300, Duration.ofHours(2),
            Duration.ofHours(24), 1000, 10, Duration.ofDays(7), 100);

    public WebLimits {
        positive("EASEL_MAX_ACTIVE_PER_KEY", maxActivePerKey);
        positive("requestsPerMinutePerKey", requestsPerMinutePerKey);
        positive("maxSessions", maxSessions);
        positive("signInAttemptsPerMinute", signInAttemptsPerMinute);
        positive("maxEventListeners", maxEventListeners);
        if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionLifetime.compareTo(sessionIdle) < 0
                || fileLinkLifetime.isNegative() || fileLinkLifetime.isZero()) {
            throw new IllegalArgumentException("session and link lifetimes must be positive, the absolute one at least the idle one");
        }
    }

    public WebLimits withMaxActivePerKey(int value) {
        return new WebLimits(value, requestsPerMinutePerKey, sessionIdle, sessionLifetime, maxSessions,
                signInAttemptsPerMinute, fileLinkLifetime, maxEventListeners);
    }

    public WebLimits withRequestsPerMinutePerKey(int value) {
        return new WebLimits(maxActivePerKey, value, sessionIdle, sessionLifetime, maxSessions,
                signInAttemptsPerMinute, fileLinkLifetime, maxEventListeners);
    }

    public WebLimits withSessions(Duration idle, Duration lifetime, int max) {
        return new WebLimits(maxActivePerKey, requestsPerMinutePerKey, idle, lifetime, max,
                signInAttemptsPerMinute, fileLinkLifetime, maxEventListeners);
    }

    public WebLimits withFileLinkLifetime(Duration value) {
        return new WebLimits(maxActivePerKey, requestsPerMinutePerKey, sessionIdle, sessionLifetime, maxSessions,
                signInAttemptsPerMinute, value, maxEventListeners);
    }

    public WebLimits withMaxEventListeners(int value) {
        return new WebLimits(maxActivePerKey, requestsPerMinutePerKey, sessionIdle, sessionLifetime, maxSessions,
                signInAttemptsPerMinute, fileLinkLifetime, value);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ConfigurationException(name + " " + value + " must be at least 1");
        }
    }
}
