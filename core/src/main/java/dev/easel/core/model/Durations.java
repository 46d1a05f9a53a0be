package dev.easel.core.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations users write, in flags ({@code --timeout}) and settings ({@code EASEL_JOURNAL_LEASE})
 * alike: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code PT5M}; positive.
 */
public final class Durations {

    /** What {@link #parse} accepts, for error messages. */
    public static final String EXAMPLES = "90s, 5m, 1h30m, 500ms or PT5M";

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /** The positive duration {@code text} names; IllegalArgumentException saying what is allowed otherwise. */
    public static Duration parse(String text) {
        return parse(text, false);
    }

    /** The duration {@code text} names, zero allowed or not; IllegalArgumentException saying what is allowed otherwise. */
    public static Duration parse(String text, boolean zeroAllowed) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt")) {
            try {
                return checked(Duration.parse(value.toUpperCase(Locale.ROOT)), text, zeroAllowed);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        try {
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                end = m.end();
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw invalid(text);
        }
        if (end == 0 || end != value.length()) {
            throw invalid(text);
        }
        return checked(total, text, zeroAllowed);
    }

    private static Duration checked(Duration d, String text, boolean zeroAllowed) {
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            throw new IllegalArgumentException("\"" + text + "\" must be " + (zeroAllowed ? "zero or more" : "more than zero"));
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration: use for example " + EXAMPLES);
    }
}
