package dev.easel.adapter.support;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider's HTTP call that answered with an error: the status, the server's own words (already
 * scrubbed of the credential) and any {@code Retry-After}. Each adapter extends it with its service's
 * error code and reads it once into core's typed errors; it never leaves the adapter. No stack trace:
 * it is an answer, not a fault of Easel's.
 */
public abstract class HttpCallFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;
    private final transient Duration retryAfter;

    protected HttpCallFailure(String message, int status, String detail, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The server refused before doing anything (a rate limit), so the call may be sent again, even one that is billed. */
    public boolean isRateLimit() {
        return status == 429;
    }
}
