package dev.easel.adapter.runcomfy;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.SecretScrubber;
import java.util.Objects;

/**
 * The RunComfy API token. It prints as {@code ApiToken[redacted]} so that no log line, message or
 * exception can carry it by accident; only the request interceptor reads {@link #reveal()}.
 */
public final class ApiToken {

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    public static ApiToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("the RunComfy API token is empty: set RUNCOMFY_API_TOKEN");
        }
        if (value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new ConfigurationException(
                    "the RunComfy API token contains spaces or control characters: check RUNCOMFY_API_TOKEN");
        }
        return new ApiToken(value.trim());
    }

    String reveal() {
        return value;
    }

    /** The scrubber every text that came back from RunComfy goes through: the token and its fragments removed, capped. */
    SecretScrubber scrubber() {
        return SecretScrubber.of(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiToken that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }
}
