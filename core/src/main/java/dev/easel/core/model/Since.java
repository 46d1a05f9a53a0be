package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --since} value as people write it: a day ({@code 2026-11-01}, from its midnight in the
 * given zone), an instant ({@code 2026-11-01T08:00:00Z}), or a time back from now ({@code 30m},
 * {@code 24h}, {@code 7d}).
 */
public final class Since {

    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([mhd])");

    private Since() {
    }

    public static Instant parse(String text, Instant now, ZoneId zone) {
        String value = text == null ? "" : text.trim();
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of("since", text, "is not a date (2026-11-01), an instant"
                    + " (2026-11-01T08:00:00Z) or a time back from now (30m, 24h, 7d)");
        }
    }
}
