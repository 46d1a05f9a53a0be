package dev.easel.adapter.modelark;

import java.time.Duration;
import java.util.Optional;

/**
 * A ModelArk call that answered with an error: the HTTP status, ModelArk's {@code code} and
 * {@code message} (already scrubbed of the key), and any {@code Retry-After}. Internal to the
 * adapter: {@link ModelArkErrors} turns it into a core error.
 */
final class ArkFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String detail;
    private final transient Duration retryAfter;

    ArkFailure(int status, String code, String detail, Duration retryAfter) {
        super("HTTP " + status + (code == null ? "" : " " + code) + ": " + detail, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    String detail() {
        return detail;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Refused before anything ran (a rate limit), so even the generation call may be sent again. */
    boolean isRateLimit() {
        return status == 429;
    }

    /** ModelArk refused the prompt, a reference image or a generated image as sensitive content. */
    boolean isSensitiveContent() {
        return code != null && code.contains("SensitiveContentDetected");
    }

    String describe() {
        return "HTTP " + status + (code == null ? "" : ", " + code);
    }
}
