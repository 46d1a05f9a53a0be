package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.util.regex.Pattern;

/** A provider's model identifier, such as {@code bytedance/seedream-5/lite/text-to-image}. */
public record ModelId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

    public ModelId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw InvalidRequestException.of("model", value,
                    "is not a model id: use lower-case segments of letters, digits, '.', '_' or '-' "
                            + "separated by '/', for example bytedance/seedream-5/lite/text-to-image");
        }
    }

    public static ModelId of(String value) {
        return new ModelId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
