package dev.easel.adapter.modelark;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the images ModelArk links to: only from allowed hosts (each redirect is checked), never with
 * the API key or any other credential, retrying server faults, and failing a read that ends before
 * its Content-Length so a truncated file is never taken for a whole one. Every hop is HTTPS, except
 * to this machine (loopback) or when plain HTTP is allowed for a test server ({@code EASEL_ALLOW_HTTP}).
 */
final class Downloads {

    /**
     * MODELARK_API.md does not name the host of the image URLs; BytePlus serves them from its object
     * storage under these domains. EASEL_DOWNLOAD_HOSTS adds others.
     */
    static final String DEFAULT_HOSTS = "*.bytepluses.com,*.byteplus.com,*.volces.com";
    private static final int MAX_REDIRECTS = 5;

    private final List<String> hosts;
    private final Retries retries;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SecretScrubber scrubber;
    private final boolean allowPlainHttp;

    Downloads(String patterns, URI apiBase, boolean allowPlainHttp, Retries retries, Duration connectTimeout,
            Duration readTimeout, SecretScrubber scrubber) {
        this.scrubber = scrubber;
        this.allowPlainHttp = allowPlainHttp;
        this.hosts = hostPatterns(patterns, apiBase);
        this.retries = retries;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Comma-separated host names or {@code *.domain} patterns, plus the API's own host. */
    static List<String> hostPatterns(String patterns, URI apiBase) {
        List<String> all = new ArrayList<>();
        Arrays.stream(patterns.split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .forEach(p -> {
                    if (!p.matches("(\\*\\.)?[a-z0-9.-]+|\\[[0-9a-f:]+\\]")) {
                        throw new ConfigurationException("download host \"" + p
                                + "\" is not a host name or *.domain pattern (EASEL_DOWNLOAD_HOSTS)");
                    }
                    all.add(p);
                });
        if (apiBase.getHost() != null) {
            all.add(apiBase.getHost().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(all);
    }

    boolean allows(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowPlainHttp && !isLoopback(host)) {
            return false;
        }
        return hosts.stream().anyMatch(p -> p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p));
    }

    /** Loopback by name or address: plain HTTP to it never leaves the machine. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    InputStream open(URI output) {
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            String problem;
            try {
                HttpURLConnection connection = follow(output);
                int status = connection.getResponseCode();
                if (status == 200) {
                    return new LengthChecked(connection.getInputStream(), connection.getContentLengthLong());
                }
                discard(connection);
                if (status == 403 || status == 404 || status == 410) {
                    throw new OutputExpiredException("the image " + shown(output) + " is no longer served (HTTP " + status
                            + "): ModelArk keeps images 24 hours");
                }
                if (status != 429 && status < 500) {
                    throw new ProviderException("downloading " + shown(output) + " failed with HTTP " + status);
                }
                retryAfter = Optional.ofNullable(connection.getHeaderField("Retry-After"))
                        .flatMap(ModelArkErrors::parseRetryAfter);
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrubber.scrub(e.getMessage()));
            }
            Duration wait = retries.backoff(attempt, retryAfter);
            if (!retries.allows(attempt, Duration.between(start, Instant.now()), wait)) {
                throw new ProviderUnavailableException("could not download " + shown(output) + " after " + attempt
                        + " tries (" + problem + ")");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("interrupted while waiting to retry a download", e);
            }
        }
    }

    /** Follows redirects by hand so that every hop's host is checked. No credentials are set. */
    private HttpURLConnection follow(URI first) throws IOException {
        URI current = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!allows(current)) {
                throw new ProviderException("refusing to download " + shown(current) + ": its host is not one images may come from (" + String.join(",", hosts)
                        + "); add it to EASEL_DOWNLOAD_HOSTS if you trust it"
                        + (current.getScheme().equalsIgnoreCase("http") ? ", or, for plain http off this machine,"
                        + " EASEL_ALLOW_HTTP=true" : ""));
            }
            HttpURLConnection connection = (HttpURLConnection) current.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setRequestProperty("User-Agent", "easel/0.1");
            int status = connection.getResponseCode();
            String location = connection.getHeaderField("Location");
            if (status >= 300 && status < 400 && location != null) {
                discard(connection);
                current = current.resolve(location);
                continue;
            }
            return connection;
        }
        throw new ProviderException("downloading " + shown(first) + " was redirected more than " + MAX_REDIRECTS + " times");
    }

    /** An image's address as it may be shown: it came from ModelArk, so it is scrubbed like any of its text. */
    private String shown(URI address) {
        return scrubber.scrub(address.toString());
    }

    private static void discard(HttpURLConnection connection) {
        try (InputStream body = connection.getErrorStream() != null ? connection.getErrorStream() : connection.getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            connection.disconnect();
        }
    }

    /** Reports a body that ends early, or breaks, as an {@link OutputInterruptedException}, so it is fetched again. */
    private static final class LengthChecked extends FilterInputStream {
        private final long expected;
        private long seen;

        LengthChecked(InputStream in, long expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException broken) {
                throw broken instanceof OutputInterruptedException ? broken
                        : new OutputInterruptedException("the download broke after " + seen + " bytes: " + broken.getMessage(), broken);
            }
            if (n < 0 && expected >= 0 && seen != expected) {
                throw new OutputInterruptedException("the download ended after " + seen + " of " + expected + " bytes");
            }
            seen += Math.max(n, 0);
            return n;
        }
    }
}
