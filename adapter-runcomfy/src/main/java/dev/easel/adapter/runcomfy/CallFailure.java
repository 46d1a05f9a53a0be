package dev.easel.adapter.runcomfy;

import java.time.Duration;
import java.util.Optional;

/**
 * A RunComfy call that answered with an error: the HTTP status, the documented {@code error_code}
 * when the body had one (even on HTTP 200), the server's own words, and any {@code Retry-After}.
 * Internal to the adapter: {@link RunComfyErrors} turns it into a core error once retries are over.
 */
final class CallFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** RunComfy's documented error codes: each is a lasting answer, not a passing fault. */
    static final java.util.Set<Long> DOCUMENTED_CODES = java.util.Set.of(400001L, 400002L, 400004L, 403001L, 404001L);

    private final int status;
    private final Long errorCode;
    private final String detail;
    private final transient Duration retryAfter;

    CallFailure(int status, Long errorCode, String detail, Duration retryAfter) {
        super("HTTP " + status + (errorCode == null ? "" : " error_code " + errorCode) + ": " + detail, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    Optional<Long> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    String detail() {
        return detail;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The server refused before doing anything (rate limit), so the call can be sent again, even a submit. */
    boolean isRateLimit() {
        return status == 429;
    }

    /**
     * A server-side fault, worth retrying for calls that change nothing: a 5xx, or an error code
     * RunComfy has not documented (the documented ones all describe a lasting refusal).
     */
    boolean isServerFault() {
        if (errorCode != null) {
            return !DOCUMENTED_CODES.contains(errorCode);
        }
        return status >= 500;
    }
}
