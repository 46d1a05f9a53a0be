package dev.easel.adapter.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code PT5M}; more than zero. */
public class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    /** The same, where zero is a fair answer (an emulator's queue time, say). */
    public static final class ZeroOrMore extends DurationConverter {
        @Override
        boolean allowsZero() {
            return true;
        }
    }

    boolean allowsZero() {
        return false;
    }

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.startsWith("pt")) {
            try {
                return positive(Duration.parse(value.toUpperCase(java.util.Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
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
        if (end == 0 || end != value.length()) {
            throw invalid(text);
        }
        return positive(total, text);
    }

    private Duration positive(Duration d, String text) {
        if (d.isNegative() || (d.isZero() && !allowsZero())) {
            throw new CommandLine.TypeConversionException("\"" + text + "\" must be " + (allowsZero() ? "zero or more" : "more than zero"));
        }
        return d;
    }

    private static CommandLine.TypeConversionException invalid(String text) {
        return new CommandLine.TypeConversionException("\"" + text
                + "\" is not a duration: use for example 90s, 5m, 1h30m or 500ms");
    }
}
