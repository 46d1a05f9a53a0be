package dev.easel.adapter.modelark;

import dev.easel.core.error.ConfigurationException;

/**
 * The ModelArk API key. It prints as {@code ApiKey[redacted]} so that no log line, message or
 * exception carries it by accident; only the request interceptor reads {@link #reveal()}.
 */
final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("the ModelArk API key is empty: set ARK_API_KEY");
        }
        String trimmed = value.trim();
        if (trimmed.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new ConfigurationException("the ModelArk API key contains spaces or control characters: check ARK_API_KEY");
        }
        return new ApiKey(trimmed);
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
