package dev.easel.adapter.runcomfy;

import dev.easel.adapter.support.HttpCallFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A RunComfy call that answered with an error: the HTTP status, the documented {@code error_code}
 * when the body had one (even on HTTP 200), the server's own words, and any {@code Retry-After}.
 * Internal to the adapter: {@link RunComfyErrors} turns it into a core error once retries are over.
 */
final class CallFailure extends HttpCallFailure {

    private static final long serialVersionUID = 1L;

    /** RunComfy's documented error codes: each is a lasting answer, not a passing fault. */
    static final Set<Long> DOCUMENTED_CODES = Set.of(400001L, 400002L, 400004L, 403001L, 404001L);

    private final Long errorCode;

    CallFailure(int status, Long errorCode, String detail, Duration retryAfter) {
        super("HTTP " + status + (errorCode == null ? "" : " error_code " + errorCode) + ": " + detail, status, detail,
                retryAfter);
        this.errorCode = errorCode;
    }

    Optional<Long> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * A server-side fault, worth retrying for calls that change nothing: a 5xx, or an error code
     * RunComfy has not documented (the documented ones all describe a lasting refusal).
     */
    boolean isServerFault() {
        if (errorCode != null) {
            return !DOCUMENTED_CODES.contains(errorCode);
        }
        return status() >= 500;
    }
}
