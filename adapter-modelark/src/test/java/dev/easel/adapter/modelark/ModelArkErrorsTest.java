package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.error.UnknownModelException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ModelArk's recorded error answers, mapped to the core's types. */
class ModelArkErrorsTest {

    private final ModelArkErrors errors = new ModelArkErrors(new ObjectMapper(), SecretScrubber.of("ark-123456"));

    private ArkFailure failure(int status, String recorded) {
        return errors.failure(status, Recorded.text(recorded), Optional.empty());
    }

    @Test
    void aRefusedKeyIsAnAuthenticationProblem() {
        assertThat(errors.toCoreError(failure(401, "error-authentication.json")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("AuthenticationError").hasMessageContaining("ARK_API_KEY");
    }

    @Test
    void anOverdueAccountIsABalanceProblem() {
        assertThat(errors.toCoreError(failure(403, "error-account-overdue.json")))
                .isInstanceOf(InsufficientBalanceException.class)
                .hasMessageContaining("overdue balance");
    }

    @Test
    void anInvalidParameterNamesTheEaselInputWithModelArksWords() {
        InvalidRequestException invalid = (InvalidRequestException) errors.toCoreError(failure(400, "error-invalid-size.json"));

        assertThat(invalid.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("resolution");
            assertThat(v.message()).contains("InvalidParameter").contains("image size must be at least 3686400 pixels");
        });
    }

    @Test
    void aMissingParameterIsInvalidInput() {
        assertThat(errors.toCoreError(failure(400, "error-missing-prompt.json")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("MissingParameter");
    }

    @Test
    void sensitiveContentIsRecognisedByItsCode() {
        ArkFailure refused = failure(400, "error-sensitive-prompt.json");

        assertThat(refused.isSensitiveContent()).isTrue();
        assertThat(refused.detail()).contains("input text may contain sensitive information");
        assertThat(failure(400, "error-invalid-size.json").isSensitiveContent()).isFalse();
    }

    @Test
    void anUnknownModelAndARateLimitAndAProxyPage() {
        assertThat(errors.toCoreError(failure(404, "error-model-not-found.json"))).isInstanceOf(UnknownModelException.class);
        ArkFailure limited = failure(429, "error-rate-limit.json");
        assertThat(limited.isRateLimit()).isTrue();
        assertThat(errors.toCoreError(limited)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("RateLimitExceeded");
        assertThat(errors.toCoreError(errors.failure(418, "<html>teapot</html>", Optional.empty())))
                .isInstanceOf(ProviderException.class).hasMessageContaining("teapot");
    }

    @Test
    void textFromTheServerIsScrubbed() {
        ArkFailure echoed = errors.failure(401, "{\"error\":{\"code\":\"AuthenticationError\",\"message\":\"key ark-123456 is bad\"}}",
                Optional.empty());

        assertThat(errors.toCoreError(echoed).getMessage()).doesNotContain("ark-123456").contains("[redacted]");
    }
}
