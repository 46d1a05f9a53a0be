package dev.easel.adapter.cli;

import dev.easel.core.model.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code PT5M}; more than zero
 * ({@link Durations}, the parser duration settings such as EASEL_JOURNAL_LEASE use too).
 */
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

    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text, allowsZero());
        } catch (IllegalArgumentException invalid) {
            throw new CommandLine.TypeConversionException(invalid.getMessage());
        }
    }
}
