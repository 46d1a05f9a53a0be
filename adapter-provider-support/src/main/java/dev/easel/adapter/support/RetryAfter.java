package dev.easel.adapter.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: whole or decimal seconds, or an HTTP date (a date past is no wait). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the header asks for; empty when it is missing or says nothing Easel can read. */
    public static Optional<Duration> parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.matches("\\d{1,6}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        if (trimmed.matches("\\d{1,6}\\.\\d{1,3}")) {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(Instant.now(), at.toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
