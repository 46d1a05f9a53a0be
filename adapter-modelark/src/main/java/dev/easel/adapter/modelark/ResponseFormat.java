package dev.easel.adapter.modelark;

import dev.easel.core.error.ConfigurationException;
import java.util.Locale;

/**
 * How ModelArk hands the images back: {@code url} (kept 24 hours by ModelArk, downloaded by Easel)
 * or {@code b64_json} (inline in the answer, decoded as a stream). Set by ARK_RESPONSE_FORMAT.
 */
public enum ResponseFormat {
    URL("url"),
    B64_JSON("b64_json");

    private final String wireName;

    ResponseFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ResponseFormat parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ResponseFormat format : values()) {
            if (format.wireName.equals(wanted)) {
                return format;
            }
        }
        throw new ConfigurationException("ARK_RESPONSE_FORMAT \"" + value + "\" is not one of: url, b64_json");
    }
}
