package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.util.Locale;

/**
 * How {@code easel usage} groups costs: by model, by day (UTC), or by the API key that asked for the
 * jobs through {@code easel serve} (by the key's name; {@link #LOCAL} for jobs from this machine's
 * commands and from a server without keys).
 */
public enum UsageGrouping {
    MODEL,
    DAY,
    KEY;

    /** The group of jobs no API key asked for. */
    public static final String LOCAL = "local";

    public static UsageGrouping of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("by", value, "is not one of: model, day, key");
        }
    }
}
