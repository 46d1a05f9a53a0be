package dev.easel.adapter.support;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** A provider's API base URL, as a setting gives it: read, and refused where it would send the credential in clear. */
public final class ApiBase {

    private ApiBase() {
    }

    /**
     * The http(s) URL {@code value} without trailing slashes.
     *
     * @param setting the setting's name in messages, such as {@code RUNCOMFY_BASE_URL}
     * @param example a URL to suggest, the provider's default
     * @throws ConfigurationException naming the setting and the value when it is not an http(s) URL with a host
     */
    public static URI parse(String setting, String value, URI example) {
        URI uri;
        try {
            uri = new URI(value.trim().replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new ConfigurationException(setting + " \"" + value + "\" is not a URL");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConfigurationException(setting + " \"" + value + "\" must be an http(s) URL such as " + example);
        }
        return uri;
    }

    /**
     * The URL {@code value} names, or empty if it is not one: for work that can be skipped, such as
     * a plugin's {@code endpoint} warmed early; the provider's own client reports a wrong setting.
     */
    public static Optional<URI> ifUrl(String value) {
        try {
            return Optional.of(URI.create(value));
        } catch (IllegalArgumentException notAUrl) {
            return Optional.empty();
        }
    }

    /**
     * Refuses plain HTTP to another machine unless it is allowed for a test server: the credential
     * would travel in clear.
     *
     * @param credential what would leak, in messages: {@code API token}, {@code API key}
     * @throws ConfigurationException naming the setting, the URL and the way out ({@code EASEL_ALLOW_HTTP})
     */
    public static void requireEncrypted(String setting, URI base, boolean allowPlainHttp, String credential) {
        if ("http".equalsIgnoreCase(base.getScheme()) && !allowPlainHttp && !HostPolicy.isLoopback(base.getHost())) {
            throw new ConfigurationException(setting + " \"" + base + "\" is plain http: the " + credential + " would"
                    + " travel in clear. Use https, or set EASEL_ALLOW_HTTP=true for a test server you trust");
        }
    }
}
