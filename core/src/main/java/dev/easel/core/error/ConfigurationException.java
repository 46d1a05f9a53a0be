package dev.easel.core.error;

/** A setting is missing or wrong (a URL, a folder, a store). Nothing was submitted. */
public final class ConfigurationException extends EaselException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
