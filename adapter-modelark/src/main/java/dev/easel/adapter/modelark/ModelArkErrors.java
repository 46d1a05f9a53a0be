package dev.easel.adapter.modelark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.support.ErrorAnswers;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.error.Violation;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ModelArk's error answers ({@code {"error": {"code", "message", "type"}}}, or any other body
 * a proxy may send) and maps them once to the core's typed errors, keeping ModelArk's own words,
 * scrubbed of the key, so a person can act on them.
 */
final class ModelArkErrors {

    /** ModelArk names the parameter it refuses between backticks: "The parameter `size` specified …". */
    private static final Pattern PARAMETER = Pattern.compile("`([a-z_.]+)`");
    /** ModelArk's parameter → the Easel input a person gave. */
    private static final Map<String, String> EASEL_INPUT = Map.of(
            "size", "resolution",
            "sequential_image_generation_options", "max_images",
            "sequential_image_generation_options.max_images", "max_images",
            "optimize_prompt_options", "optimize_prompt_options",
            "optimize_prompt_options.mode", "optimize_prompt_options");

    private final ObjectMapper json;
    private final SecretScrubber scrubber;

    ModelArkErrors(ObjectMapper json, SecretScrubber scrubber) {
        this.json = json;
        this.scrubber = scrubber;
    }

    ErrorDecoder errorDecoder() {
        return (methodKey, response) -> failure(response.status(), ErrorAnswers.body(response), ErrorAnswers.retryAfter(response));
    }

    ArkFailure failure(int status, String body, Optional<Duration> retryAfter) {
        String detail = body == null ? "" : body.strip();
        String code = null;
        try {
            Wire.ErrorBody parsed = detail.isEmpty() ? null : json.readValue(detail, Wire.ErrorBody.class);
            if (parsed != null && parsed.error() != null) {
                code = parsed.error().code();
                detail = Optional.ofNullable(parsed.error().message()).orElse(detail);
            }
        } catch (IOException notJson) {
            // A proxy's error page, say: keep the text as the detail.
        }
        return new ArkFailure(status, code == null ? null : scrubber.scrub(code, 200), scrub(detail), retryAfter.orElse(null));
    }

    /** The core error a person reads; sensitive content is not here, it fails the job (see the provider). */
    EaselException toCoreError(ArkFailure failure) {
        String said = failure.detail().isEmpty() ? "" : ": " + failure.detail();
        String code = failure.code().orElse("");
        if (failure.status() == 401 || code.startsWith("AuthenticationError")) {
            return new AuthenticationException("ModelArk refused the API key (" + failure.describe() + ")" + said
                    + ". Check ARK_API_KEY: it must be an API key of your BytePlus ModelArk console.");
        }
        if (code.startsWith("AccountOverdueError") || code.startsWith("AccountOverdue")) {
            return new InsufficientBalanceException("ModelArk says the account is overdue (" + failure.describe() + ")"
                    + said + ". Top up the BytePlus account, then try again.");
        }
        if (failure.status() == 403) {
            return new AuthenticationException("ModelArk refused access (" + failure.describe() + ")" + said
                    + ". Check that the key's account has activated this model in the ModelArk console.");
        }
        if (failure.status() == 404 || code.startsWith("InvalidEndpointOrModel")) {
            return new UnknownModelException("ModelArk does not know the model, or the account cannot use it ("
                    + failure.describe() + ")" + said);
        }
        if (failure.status() == 400 || failure.status() == 422) {
            return new InvalidRequestException(List.of(new Violation(inputNamedIn(failure.detail()), null,
                    "was refused by ModelArk (" + failure.describe() + ")" + said)));
        }
        if (failure.isRateLimit() || failure.status() >= 500) {
            return new ProviderUnavailableException("ModelArk could not answer (" + failure.describe() + ")" + said
                    + ". Try again later.");
        }
        return new ProviderException("ModelArk refused the call (" + failure.describe() + ")" + said);
    }

    /** Text from a server or a connection, scrubbed of the key and shortened. */
    String scrub(String text) {
        return scrubber.scrub(text);
    }

    private static String inputNamedIn(String message) {
        Matcher m = PARAMETER.matcher(message);
        if (m.find()) {
            return EASEL_INPUT.getOrDefault(m.group(1), m.group(1));
        }
        return "input";
    }
}
