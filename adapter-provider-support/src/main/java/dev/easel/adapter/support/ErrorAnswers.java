package dev.easel.adapter.support;

import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** What a provider's error decoder reads from a Feign answer before its adapter interprets it. */
public final class ErrorAnswers {

    /** An error body longer than this is not read further: its start says what went wrong. */
    private static final int MAX_BODY = 64 * 1024;

    private ErrorAnswers() {
    }

    /** The body's first 64 KiB as UTF-8 text; empty when there is none or it cannot be read. */
    public static String body(Response response) {
        if (response.body() == null) {
            return "";
        }
        try (InputStream in = response.body().asInputStream()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The answer's {@code Retry-After} (the header's name in any case), as {@link RetryAfter#parse} reads it. */
    public static Optional<Duration> retryAfter(Response response) {
        return response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .flatMap(e -> e.getValue().stream())
                .findFirst()
                .flatMap(RetryAfter::parse);
    }
}
