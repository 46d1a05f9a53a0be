package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.support.ErrorAnswers;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.RequestNotFoundException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.error.Violation;
import feign.Response;
import feign.codec.Decoder;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads RunComfy's error answers, in every shape seen: a non-2xx status with {@code {"detail": …}}, or
 * any status (200 included) with {@code {"error_code": …, "error_message": …}}, and maps them once to
 * the core's typed errors with a message a person can act on. Every text from the server goes
 * through one {@link SecretScrubber} (the token and its fragments removed, then capped) before it
 * goes anywhere.
 */
final class RunComfyErrors {

    private final ObjectMapper json;
    private final SecretScrubber scrubber;

    RunComfyErrors(ObjectMapper json, SecretScrubber scrubber) {
        this.json = json;
        this.scrubber = scrubber;
    }

    /** For non-2xx answers. */
    ErrorDecoder errorDecoder() {
        return (methodKey, response) -> failure(response.status(), ErrorAnswers.body(response), ErrorAnswers.retryAfter(response));
    }

    /** For 2xx answers: a body with {@code error_code} is an error, whatever the status. */
    Decoder decoder() {
        return (Response response, Type type) -> {
            byte[] body = ErrorAnswers.body(response).getBytes(StandardCharsets.UTF_8);
            JsonNode tree = body.length == 0 ? json.nullNode() : json.readTree(body);
            if (tree.hasNonNull("error_code")) {
                throw failure(response.status(), new String(body, StandardCharsets.UTF_8), Optional.empty());
            }
            return json.readerFor(json.constructType(type)).readValue(tree);
        };
    }

    CallFailure failure(int status, String body, Optional<Duration> retryAfter) {
        Long code = null;
        String detail = body == null ? "" : body.strip();
        try {
            JsonNode tree = detail.isEmpty() ? null : json.readTree(detail);
            if (tree != null && tree.isObject()) {
                JsonNode codeNode = tree.get("error_code");
                if (codeNode != null && codeNode.canConvertToLong()) {
                    code = codeNode.asLong();
                } else if (codeNode != null && codeNode.isTextual() && codeNode.asText().matches("\\d{1,12}")) {
                    code = Long.parseLong(codeNode.asText());
                }
                detail = firstText(tree, "error_message", "detail", "message", "error").orElse(detail);
            }
        } catch (IOException notJson) {
            // The body is plain text (a proxy's error page, say); keep it as the detail.
        }
        return new CallFailure(status, code, scrub(detail), retryAfter.orElse(null));
    }

    /** The core error a person reads once retries are over. */
    EaselException toCoreError(CallFailure failure, String call) {
        String said = failure.detail().isEmpty() ? "" : ": " + failure.detail();
        long code = failure.errorCode().orElse(0L);
        if (code == 400002 || failure.status() == 402) {
            return new InsufficientBalanceException("RunComfy says the account balance is insufficient"
                    + " (" + describe(failure) + ")" + said + ". Top up the account, then try again.");
        }
        if (code == 400001) {
            return new UnknownModelException("RunComfy does not know the model or resource of this " + call
                    + " (" + describe(failure) + ")" + said);
        }
        if (code == 404001 || (failure.status() == 404 && !call.equals("submit"))) {
            return new RequestNotFoundException("RunComfy does not know this request: unknown, deleted or expired"
                    + " (" + describe(failure) + ")" + said);
        }
        if (code == 403001 || failure.status() == 401 || failure.status() == 403) {
            return new AuthenticationException("RunComfy refused the API token (" + describe(failure) + ")" + said
                    + ". Check RUNCOMFY_API_TOKEN: it must be a Model API key from your RunComfy profile.");
        }
        if (code == 400004) {
            return new AuthenticationException("RunComfy reports a problem with the account (" + describe(failure) + ")"
                    + said + ". Check the account in your RunComfy profile.");
        }
        if (failure.status() == 400 || failure.status() == 422) {
            return new InvalidRequestException(List.of(new Violation("input", null,
                    "was refused by RunComfy (" + describe(failure) + ")" + said)));
        }
        if (failure.isRateLimit() || failure.status() >= 500) {
            return new ProviderUnavailableException("RunComfy could not answer the " + call + " call ("
                    + describe(failure) + ")" + said + ". Try again later.");
        }
        return new ProviderException("RunComfy refused the " + call + " call (" + describe(failure) + ")" + said);
    }

    private static String describe(CallFailure failure) {
        return "HTTP " + failure.status() + failure.errorCode().map(c -> ", error_code " + c).orElse("");
    }

    private Optional<String> firstText(JsonNode tree, String... fields) {
        for (String field : fields) {
            JsonNode node = tree.get(field);
            if (node != null && !node.isNull()) {
                return Optional.of(node.isTextual() ? node.asText() : node.toString());
            }
        }
        return Optional.empty();
    }

    /** Text from a server, with the token and any fragment of it (were it ever echoed) removed, then shortened. */
    String scrub(String text) {
        return scrubber.scrub(text);
    }

    /** As {@link #scrub(String)}, cut shorter: for a word such as a state name. */
    String scrub(String text, int maxLength) {
        return scrubber.scrub(text, maxLength);
    }
}
