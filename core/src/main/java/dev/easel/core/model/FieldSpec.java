package dev.easel.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One input of a model: its JSON type, whether it is required, its default, the values it allows
 * (an empty list allows any value of the type), an inclusive range for numbers, and the provider's
 * title and description to show people.
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
        BigDecimal maximum) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a field needs a name");
        }
        title = title == null || title.isBlank() ? name : title;
        description = description == null ? "" : description;
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("field " + name + ": minimum " + minimum + " exceeds maximum " + maximum);
        }
    }

    public static Builder builder(String name, FieldType type) {
        return new Builder(name, type);
    }

    public Optional<Object> defaultOptional() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * The integer range that {@link #allowed} spells out one by one (RunComfy lists {@code max_images}
     * as 1, 2, … 15), so that messages can say "from 1 to 15" instead of fifteen numbers.
     */
    public Optional<long[]> contiguousIntegerRange() {
        if (type != FieldType.INTEGER || allowed.size() < 3) {
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

    /** A fluent way to declare a field, mostly for tests and typed model builders. */
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
            this.required = true;
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
            this.minimum = new BigDecimal(value.toString());
            return this;
        }

        public Builder maximum(Number value) {
            this.maximum = new BigDecimal(value.toString());
            return this;
        }

        public FieldSpec build() {
            return new FieldSpec(name, type, title, description, required, defaultValue, allowed, minimum, maximum);
        }
    }
}
