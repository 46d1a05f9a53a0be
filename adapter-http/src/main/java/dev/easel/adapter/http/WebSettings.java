package dev.easel.adapter.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the web front runs: the API keys that may use it (none: open, for a server on loopback only),
 * the secret that signs file URLs (so links handed to gateway clients keep working without a key),
 * the largest request body, and how long a job is followed in the background.
 */
public record WebSettings(List<String> apiKeys, byte[] urlSecret, long maxRequestBytes, Duration jobTimeout) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

    public WebSettings {
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(urlSecret, "urlSecret");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        if (urlSecret.length < 16) {
            throw new IllegalArgumentException("the URL secret needs at least 16 bytes");
        }
        for (String key : apiKeys) {
            if (key.length() < 16) {
                throw new dev.easel.core.error.ConfigurationException(
                        "every key in EASEL_API_KEYS must be at least 16 characters long");
            }
        }
    }

    public boolean open() {
        return apiKeys.isEmpty();
    }
}
