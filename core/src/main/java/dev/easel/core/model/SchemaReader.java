package dev.easel.core.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an input schema as providers publish it (a JSON Schema object, already decoded into maps,
 * lists, strings, numbers and booleans): {@code properties} with {@code type}, {@code enum},
 * {@code default}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code format: uri}, arrays with {@code items} and {@code minItems}/{@code maxItems}, and
 * {@code required}.
 *
 * <p>It never fails on what a provider publishes: a field it cannot use becomes a
 * {@link SchemaProblem} of the returned schema, which names the field and says what is wrong.
 * Unknown keywords are ignored.
 */
public final class SchemaReader {

    private static final Set<String> URI_FORMATS = Set.of("uri", "url", "uri-reference", "data-url");

    private SchemaReader() {
    }

    public static InputSchema read(ModelId model, Object schema) {
        List<FieldSpec> fields = new ArrayList<>();
        List<SchemaProblem> problems = new ArrayList<>();
        Map<?, ?> root = schema instanceof Map<?, ?> m ? m : Map.of();
        Set<String> required = new LinkedHashSet<>();
        if (root.get("required") instanceof Collection<?> names) {
            names.forEach(n -> required.add(String.valueOf(n)));
        }
        Map<?, ?> properties = root.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        for (Map.Entry<?, ?> entry : properties.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.isBlank()) {
                problems.add(new SchemaProblem("(unnamed)", SchemaProblem.Kind.UNSUPPORTED, "a property has an empty name"));
                continue;
            }
            try {
                fields.add(field(name, entry.getValue(), required.contains(name)));
            } catch (Unsupported e) {
                problems.add(new SchemaProblem(name, SchemaProblem.Kind.UNSUPPORTED, e.getMessage()));
            } catch (IllegalArgumentException e) {
                problems.add(new SchemaProblem(name, SchemaProblem.Kind.CONTRADICTION,
                        e.getMessage().replaceFirst("^field " + java.util.regex.Pattern.quote(name) + ": ", "")));
            }
        }
        for (String name : required) {
            if (!properties.containsKey(name)) {
                problems.add(new SchemaProblem(name, SchemaProblem.Kind.UNDESCRIBED_REQUIRED,
                        "is listed as required but not described in the properties"));
            }
        }
        return new InputSchema(model, fields, problems);
    }

    private static FieldSpec field(String name, Object value, boolean required) {
        if (!(value instanceof Map<?, ?> node)) {
            throw new Unsupported("is described by " + value + ", not by an object");
        }
        FieldType type = type(node);
        FieldSpec.Builder builder = FieldSpec.builder(name, type)
                .title(text(node.get("title")))
                .description(text(node.get("description")))
                .required(required)
                .defaultValue(node.get("default"));
        Map<?, ?> element = node;
        if (type == FieldType.ARRAY) {
            if (!(node.get("items") instanceof Map<?, ?> items)) {
                throw new Unsupported("is an array without a description of its items");
            }
            FieldType itemType = type(items);
            if (itemType == FieldType.ARRAY) {
                throw new Unsupported("is an array of arrays, which Easel does not check");
            }
            builder.items(itemType).itemCount(count(node, "minItems"), count(node, "maxItems"));
            element = items;
        }
        if (element.get("enum") instanceof Collection<?> values) {
            builder.allowed(new ArrayList<>(values));
        }
        builder.minimum(number(element, "minimum")).maximum(number(element, "maximum"))
                .length(count(element, "minLength"), count(element, "maxLength"));
        if (element.get("format") instanceof String format && URI_FORMATS.contains(format)) {
            builder.uri();
        }
        return builder.build();
    }

    private static FieldType type(Map<?, ?> node) {
        Object type = node.get("type");
        if (type instanceof Collection<?> types) {
            List<?> notNull = types.stream().filter(t -> !"null".equals(t)).toList();
            if (notNull.size() != 1) {
                throw new Unsupported("has several types " + types + ", which Easel does not check");
            }
            type = notNull.get(0);
        }
        if (type == null) {
            return inferred(node).orElseThrow(() -> new Unsupported("has no type"));
        }
        try {
            return FieldType.fromJsonName(String.valueOf(type));
        } catch (IllegalArgumentException e) {
            throw new Unsupported("has " + e.getMessage() + ", so Easel cannot check it");
        }
    }

    /** Some published fields give an enum or a format but no type. */
    private static Optional<FieldType> inferred(Map<?, ?> node) {
        if (node.get("format") instanceof String) {
            return Optional.of(FieldType.STRING);
        }
        if (node.get("enum") instanceof Collection<?> values && !values.isEmpty()) {
            if (values.stream().allMatch(String.class::isInstance)) {
                return Optional.of(FieldType.STRING);
            }
            if (values.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
                return Optional.of(FieldType.INTEGER);
            }
            if (values.stream().allMatch(Number.class::isInstance)) {
                return Optional.of(FieldType.NUMBER);
            }
        }
        return Optional.empty();
    }

    private static BigDecimal number(Map<?, ?> node, String key) {
        Object value = node.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalArgumentException(key + " " + value + " is not a number");
    }

    private static Integer count(Map<?, ?> node, String key) {
        Object value = node.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
        }
        throw new IllegalArgumentException(key + " " + value + " is not a whole number");
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** A shape Easel does not check; becomes a {@link SchemaProblem.Kind#UNSUPPORTED} problem. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }
}
