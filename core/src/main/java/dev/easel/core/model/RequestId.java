package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.util.regex.Pattern;

/** The id a provider gave a submitted request. Safe to put in a URL path. */
public record RequestId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public RequestId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw InvalidRequestException.of("request_id", value,
                    "is not a request id: 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
    }

    public static RequestId of(String value) {
        return new RequestId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
