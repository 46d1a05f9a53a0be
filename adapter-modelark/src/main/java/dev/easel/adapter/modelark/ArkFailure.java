package dev.easel.adapter.modelark;

import dev.easel.adapter.support.HttpCallFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A ModelArk call that answered with an error: the HTTP status, ModelArk's {@code code} and
 * {@code message} (already scrubbed of the key), and any {@code Retry-After}. Internal to the
 * adapter: {@link ModelArkErrors} turns it into a core error.
 */
final class ArkFailure extends HttpCallFailure {

    private static final long serialVersionUID = 1L;

    private final String code;

    ArkFailure(int status, String code, String detail, Duration retryAfter) {
        super("HTTP " + status + (code == null ? "" : " " + code) + ": " + detail, status, detail, retryAfter);
        this.code = code;
    }

    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** ModelArk refused the prompt, a reference image or a generated image as sensitive content. */
    boolean isSensitiveContent() {
        return code != null && code.contains("SensitiveContentDetected");
    }

    String describe() {
        return "HTTP " + status() + (code == null ? "" : ", " + code);
    }
}
