package dev.easel.adapter.runcomfy;

import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Opens outputs as streams: only from allowed hosts (each redirect is checked too), never with the
 * API token, retrying server faults, and failing the read when the body ends before its
 * Content-Length, so a truncated file is never taken for a whole one.
 */
final class Downloads {

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final HostPolicy hosts;
    private final RetryPolicy retries;
    private final Duration readTimeout;

    Downloads(HttpClient http, HostPolicy hosts, RetryPolicy retries, Duration readTimeout) {
        this.http = http;
        this.hosts = hosts;
        this.retries = retries;
        this.readTimeout = readTimeout;
    }

    InputStream open(URI output) {
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            String problem;
            try {
                HttpResponse<InputStream> response = follow(output);
                int status = response.statusCode();
                if (status == 200) {
                    return new LengthCheckingInputStream(response.body(), response.headers().firstValueAsLong("Content-Length"));
                }
                response.body().close();
                if (status == 403 || status == 404 || status == 410) {
                    throw new OutputExpiredException("the output " + output + " is no longer served (HTTP " + status
                            + "): the provider's copy expired before it was downloaded");
                }
                if (status != 429 && status < 500) {
                    throw new ProviderException("downloading " + output + " failed with HTTP " + status);
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(RunComfyErrors::parseRetryAfter);
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("interrupted while downloading " + output, e);
            }
            Duration wait = retries.backoff(attempt, retryAfter);
            if (attempt >= retries.maxAttempts()
                    || Duration.between(start, Instant.now()).plus(wait).compareTo(retries.maxTotal()) > 0) {
                throw new ProviderUnavailableException("could not download " + output + " after " + attempt
                        + " tries (" + problem + ")");
            }
            pause(wait);
        }
    }

    private HttpResponse<InputStream> follow(URI first) throws IOException, InterruptedException {
        URI current = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!hosts.allows(current)) {
                throw new ProviderException("refusing to download " + current + ": its host is not one outputs may"
                        + " come from (" + hosts + "); add it to EASEL_DOWNLOAD_HOSTS if you trust it");
            }
            HttpRequest request = HttpRequest.newBuilder(current).GET().timeout(readTimeout).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                response.body().close();
                current = current.resolve(location.get());
                continue;
            }
            return response;
        }
        throw new ProviderException("downloading " + first + " was redirected more than " + MAX_REDIRECTS + " times");
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
