package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.util.Locale;

/** How {@code easel usage} groups costs: by model, or by day (UTC). */
public enum UsageGrouping {
    MODEL,
    DAY;

    public static UsageGrouping of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("by", value, "is not one of: model, day");
        }
    }
}
