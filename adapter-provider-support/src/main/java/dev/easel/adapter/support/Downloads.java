package dev.easel.adapter.support;

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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Opens a provider's outputs as streams: only from allowed hosts (each redirect is checked too),
 * never with the API's credential or any other, retrying server faults (429 with its
 * {@code Retry-After}, 5xx, broken connections) within the {@link RetryPolicy}, and failing the read
 * when the body ends before its Content-Length, so a truncated file is never taken for a whole one.
 * An output the server no longer has (403, 404, 410) is an {@link OutputExpiredException}; a body
 * that breaks is an {@link OutputInterruptedException}, so the flow fetches it again.
 */
public final class Downloads {

    private static final int MAX_REDIRECTS = 5;

    private final HostPolicy hosts;
    private final RetryPolicy retries;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SecretScrubber scrubber;
    private final Wording wording;

    /**
     * How an adapter speaks of what it downloads in its errors.
     *
     * @param noun what one output is called ({@code output}, {@code image}); the refusal says its plural
     * @param whyExpired what an expired output's message adds after the HTTP status
     * @param namesPlainHttpSwitch whether a refused plain-http address's message names {@code EASEL_ALLOW_HTTP}
     */
    public record Wording(String noun, String whyExpired, boolean namesPlainHttpSwitch) {
    }

    public Downloads(HostPolicy hosts, RetryPolicy retries, Duration connectTimeout, Duration readTimeout,
            SecretScrubber scrubber, Wording wording) {
        this.scrubber = scrubber;
        this.hosts = hosts;
        this.retries = retries;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.wording = wording;
    }

    /**
     * The output's body, from its first byte.
     *
     * @throws OutputExpiredException when the server says it no longer has it
     * @throws ProviderUnavailableException when the tries the policy allows all failed
     * @throws ProviderException when the address, or a redirect, is refused, or the server refused for good
     */
    public InputStream open(URI output) {
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            String problem;
            try {
                HttpURLConnection connection = follow(output);
                int status = connection.getResponseCode();
                if (status == 200) {
                    long length = connection.getContentLengthLong();
                    return new LengthCheckingInputStream(connection.getInputStream(),
                            length >= 0 ? OptionalLong.of(length) : OptionalLong.empty());
                }
                discard(connection);
                if (status == 403 || status == 404 || status == 410) {
                    throw new OutputExpiredException("the " + wording.noun() + " " + shown(output) + " is no longer served"
                            + " (HTTP " + status + "): " + wording.whyExpired());
                }
                if (status != 429 && status < 500) {
                    throw new ProviderException("downloading " + shown(output) + " failed with HTTP " + status);
                }
                retryAfter = Optional.ofNullable(connection.getHeaderField("Retry-After")).flatMap(RetryAfter::parse);
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrubber.scrub(e.getMessage()));
            }
            Duration wait = retries.backoff(attempt, retryAfter);
            if (!retries.allows(attempt, Duration.between(start, Instant.now()), wait)) {
                throw new ProviderUnavailableException("could not download " + shown(output) + " after " + attempt
                        + " tries (" + problem + ")");
            }
            pause(wait);
        }
    }

    /** Opens the URL, following redirects by hand so that every hop's host is checked. No credentials are set. */
    private HttpURLConnection follow(URI first) throws IOException {
        URI current = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!hosts.allows(current)) {
                boolean plainHttp = "http".equalsIgnoreCase(current.getScheme());
                throw new ProviderException("refusing to download " + shown(current) + ": its host is not one "
                        + wording.noun() + "s may come from (" + hosts + "); add it to EASEL_DOWNLOAD_HOSTS if you trust it"
                        + (wording.namesPlainHttpSwitch() && plainHttp
                                ? ", or, for plain http off this machine, EASEL_ALLOW_HTTP=true" : ""));
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

    /** An output's address as it may be shown: it came from the provider, so it is scrubbed like any of its text. */
    private String shown(URI address) {
        return scrubber.scrub(address.toString());
    }

    /** Reads and closes an answer we do not use, so the connection can be reused. */
    private static void discard(HttpURLConnection connection) {
        try (InputStream body = connection.getErrorStream() != null ? connection.getErrorStream() : connection.getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            connection.disconnect();
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting to retry a download", e);
        }
    }

    /**
     * Fails the read that reaches the end early, instead of reporting a short body as complete, and
     * reports every broken read as an {@link OutputInterruptedException} so the output is fetched again.
     */
    static final class LengthCheckingInputStream extends FilterInputStream {
        private final OptionalLong expected;
        private long seen;

        LengthCheckingInputStream(InputStream in, OptionalLong expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException broken) {
                throw interrupted(broken);
            }
            if (b < 0) {
                checkComplete();
            } else {
                seen++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException broken) {
                throw interrupted(broken);
            }
            if (n < 0) {
                checkComplete();
            } else {
                seen += n;
            }
            return n;
        }

        private void checkComplete() throws IOException {
            if (expected.isPresent() && seen != expected.getAsLong()) {
                throw new OutputInterruptedException("the download ended after " + seen + " of "
                        + expected.getAsLong() + " bytes");
            }
        }

        private IOException interrupted(IOException broken) {
            return broken instanceof OutputInterruptedException ? broken
                    : new OutputInterruptedException("the download broke after " + seen + " bytes: " + broken.getMessage(), broken);
        }
    }
}
