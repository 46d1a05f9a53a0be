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

    /*
     * equals and hashCode written out: a record's own are linked by a bootstrap method on their first
     * call, which took 10-14 ms of `easel generate`'s main thread before its first submit (the catalog
     * compares model ids as it reads an entry; decision 0024).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ModelId id && value.equals(id.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
