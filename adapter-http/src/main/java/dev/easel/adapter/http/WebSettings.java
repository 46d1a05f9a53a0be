package dev.easel.adapter.http;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the web front runs: the API keys that may use it, each {@code name:key} or a key alone (none:
 * open, for a server on loopback only),
 * the secret that signs file URLs (so links handed to gateway clients keep working without a key),
 * the largest request body, how long a job is followed in the background, the public address the
 * server is reached at (links, the Host check and Secure cookies; none: loopback only), the
 * limits that bound what one client can make the server do, and the name of the provider that runs
 * the jobs (shown by the studio and {@code /api/v1/session}; the gateway speaks RunComfy's shape
 * whichever it is).
 */
public record WebSettings(List<String> apiKeys, byte[] urlSecret, long maxRequestBytes, Duration jobTimeout,
                          Optional<URI> publicUrl, WebLimits limits, String provider) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

    public WebSettings {
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(urlSecret, "urlSecret");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(provider, "provider");
        publicUrl = publicUrl == null ? Optional.empty() : publicUrl;
        if (urlSecret.length < 16) {
            throw new IllegalArgumentException("the URL secret needs at least 16 bytes");
        }
        ApiKey.parse(apiKeys);
    }

    /** The API keys with their names ({@code name:key} entries, or a key alone named by its place: {@code key1}...). */
    List<ApiKey> keys() {
        return ApiKey.parse(apiKeys);
    }

    /** Loopback only, default limits, jobs on RunComfy (Easel's default provider). */
    public WebSettings(List<String> apiKeys, byte[] urlSecret, long maxRequestBytes, Duration jobTimeout) {
        this(apiKeys, urlSecret, maxRequestBytes, jobTimeout, Optional.empty(), WebLimits.DEFAULTS, "runcomfy");
    }

    public WebSettings withPublicUrl(URI value) {
        return new WebSettings(apiKeys, urlSecret, maxRequestBytes, jobTimeout, Optional.of(value), limits, provider);
    }

    public WebSettings withLimits(WebLimits value) {
        return new WebSettings(apiKeys, urlSecret, maxRequestBytes, jobTimeout, publicUrl, value, provider);
    }

    public WebSettings withProvider(String value) {
        return new WebSettings(apiKeys, urlSecret, maxRequestBytes, jobTimeout, publicUrl, limits, value);
    }

    public boolean open() {
        return apiKeys.isEmpty();
    }

    /** Whether links and cookies are for HTTPS (the public URL says so; a TLS proxy in front). */
    public boolean secure() {
        return publicUrl.map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    }

    /**
     * Reads {@code EASEL_PUBLIC_URL}: an absolute http(s) URL with a host and no path beyond "/",
     * such as {@code https://easel.example.com} or {@code http://192.168.1.20:8080}.
     */
    public static URI parsePublicUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.trim().replaceAll("/+$", ""));
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationException("EASEL_PUBLIC_URL \"" + value + "\" is not a URL: use for instance https://easel.example.com");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigurationException("EASEL_PUBLIC_URL \"" + value + "\" must be http(s)://host[:port] with"
                    + " no path, query or user: for instance https://easel.example.com");
        }
        return uri;
    }
}
