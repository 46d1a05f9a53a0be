package dev.easel.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One input of a model: its JSON type, whether it is required, its default, and what it allows.
 *
 * <p>{@code allowed} (an empty list allows any value of the type), the inclusive range
 * {@code minimum}..{@code maximum}, the text lengths {@code minLength}..{@code maxLength} and
 * {@code uri} (the value is a URL or a data URI: an image or another file) describe the value, or,
 * for an {@link FieldType#ARRAY}, each of its items, whose type is {@code itemType};
 * {@code minItems}..{@code maxItems} bound an array's length. Bounds are null when absent.
 *
 * <p>A field that contradicts itself (a minimum above its maximum, a default it does not allow, an
 * array without an item type) cannot be made: the constructor says what is wrong.
 */
public record FieldSpec(
        String name,
        FieldType type,
        String title,
        String description,
        boolean required,
        Object defaultValue,
        List<Object> allowed,
        BigDecimal minimum,
        BigDecimal maximum,
        Integer minLength,
        Integer maxLength,
        boolean uri,
        FieldType itemType,
        Integer minItems,
        Integer maxItems) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a field needs a name");
        }
        title = title == null || title.isBlank() ? name : title;
        description = description == null ? "" : description;
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        if (type == FieldType.ARRAY && (itemType == null || itemType == FieldType.ARRAY)) {
            throw new IllegalArgumentException("field " + name + ": an array needs items of type string, integer, number"
                    + " or boolean" + (itemType == null ? "" : ", not arrays of arrays"));
        }
        if (type != FieldType.ARRAY && (itemType != null || minItems != null || maxItems != null)) {
            throw new IllegalArgumentException("field " + name + ": only an array has items (its type is " + type.jsonName() + ")");
        }
        if (uri && elementType(type, itemType) != FieldType.STRING) {
            throw new IllegalArgumentException("field " + name + ": format uri needs strings, not " + type.jsonName());
        }
        requireOrdered(name, "minimum", minimum, "maximum", maximum);
        requireOrdered(name, "minLength", minLength, "maxLength", maxLength);
        requireOrdered(name, "minItems", minItems, "maxItems", maxItems);
        requireNotNegative(name, "minLength", minLength);
        requireNotNegative(name, "maxLength", maxLength);
        requireNotNegative(name, "minItems", minItems);
        requireNotNegative(name, "maxItems", maxItems);
    }

    /** Checks what a constructor alone cannot: that the default and the enum obey the field's own rules. */
    private FieldSpec checked() {
        if (defaultValue != null) {
            SchemaValidator.problem(this, defaultValue).ifPresent(problem -> {
                throw new IllegalArgumentException("field " + name + ": its default " + quote(defaultValue) + " " + problem);
            });
        }
        return this;
    }

    public static Builder builder(String name, FieldType type) {
        return new Builder(name, type);
    }

    public Optional<Object> defaultOptional() {
        return Optional.ofNullable(defaultValue);
    }

    /** True when the field takes URIs: an image or another file, alone or in an array. */
    public boolean isFileInput() {
        return uri;
    }

    /** The type of the value, or of each item for an array. */
    public FieldType elementType() {
        return elementType(type, itemType);
    }

    /**
     * The integer range that {@link #allowed} spells out one by one (RunComfy lists {@code max_images}
     * as 1, 2, … 15), so that messages can say "from 1 to 15" instead of fifteen numbers.
     */
    public Optional<long[]> contiguousIntegerRange() {
        if (elementType() != FieldType.INTEGER || allowed.size() < 3) {
            return Optional.empty();
        }
        long first = ((Number) allowed.get(0)).longValue();
        for (int i = 1; i < allowed.size(); i++) {
            if (((Number) allowed.get(i)).longValue() != first + i) {
                return Optional.empty();
            }
        }
        return Optional.of(new long[] {first, first + allowed.size() - 1});
    }

    private static FieldType elementType(FieldType type, FieldType itemType) {
        return type == FieldType.ARRAY ? itemType : type;
    }

    private static <T extends Comparable<T>> void requireOrdered(String field, String lowName, T low, String highName, T high) {
        if (low != null && high != null && low.compareTo(high) > 0) {
            throw new IllegalArgumentException("field " + field + ": " + lowName + " " + plain(low) + " exceeds "
                    + highName + " " + plain(high) + ", so no value is allowed");
        }
    }

    private static void requireNotNegative(String field, String what, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException("field " + field + ": " + what + " " + value + " is negative");
        }
    }

    private static String plain(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    /** A fluent way to declare a field, for catalogs, tests and typed model builders. */
    public static final class Builder {
        private final String name;
        private final FieldType type;
        private String title;
        private String description;
        private boolean required;
        private Object defaultValue;
        private List<Object> allowed = List.of();
        private BigDecimal minimum;
        private BigDecimal maximum;
        private Integer minLength;
        private Integer maxLength;
        private boolean uri;
        private FieldType itemType;
        private Integer minItems;
        private Integer maxItems;

        private Builder(String name, FieldType type) {
            this.name = name;
            this.type = type;
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder required() {
            return required(true);
        }

        public Builder required(boolean value) {
            this.required = value;
            return this;
        }

        public Builder defaultValue(Object value) {
            this.defaultValue = value;
            return this;
        }

        public Builder allowed(List<?> values) {
            this.allowed = List.copyOf(values);
            return this;
        }

        public Builder minimum(Number value) {
            this.minimum = value == null ? null : new BigDecimal(value.toString());
            return this;
        }

        public Builder maximum(Number value) {
            this.maximum = value == null ? null : new BigDecimal(value.toString());
            return this;
        }

        public Builder length(Integer min, Integer max) {
            this.minLength = min;
            this.maxLength = max;
            return this;
        }

        /** The value (or each item) is a URL or a data URI. */
        public Builder uri() {
            this.uri = true;
            return this;
        }

        public Builder items(FieldType value) {
            this.itemType = value;
            return this;
        }

        public Builder itemCount(Integer min, Integer max) {
            this.minItems = min;
            this.maxItems = max;
            return this;
        }

        /** @throws IllegalArgumentException when the field contradicts itself, saying how */
        public FieldSpec build() {
            return new FieldSpec(name, type, title, description, required, defaultValue, allowed, minimum, maximum,
                    minLength, maxLength, uri, itemType, minItems, maxItems).checked();
        }
    }
}
