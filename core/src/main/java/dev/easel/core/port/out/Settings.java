package dev.easel.core.port.out;

import dev.easel.core.error.ConfigurationException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Configuration as plain keys and values (such as {@code runcomfy.base-url}), already merged from
 * flags, environment, file and defaults by the composition root. Plugins read what they need.
 */
public record Settings(Map<String, String> values) {

    public Settings {
        values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value, or a {@link ConfigurationException} whose message is {@code howToSet}. */
    public String require(String key, String howToSet) {
        return get(key).orElseThrow(() -> new ConfigurationException(howToSet));
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    /** Keys only: values may be secrets. */
    @Override
    public String toString() {
        return "Settings" + new TreeMap<>(values).keySet();
    }
}
