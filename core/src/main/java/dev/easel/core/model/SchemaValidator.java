package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks raw inputs against a model's schema and returns them typed, in schema order, with defaults
 * applied. Reports every violation at once.
 *
 * <p>It is lenient only where a person's intent is unambiguous: numbers and booleans given as text
 * (from a command line), an enum value in another case, a bare size such as {@code 2048x2048} for
 * the one enum value that starts with it ({@code 2048x2048 (1:1)}), and a single value for an array
 * (an array of that one value).
 */
final class SchemaValidator {

    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d{1,18}");
    private static final List<String> URI_SCHEMES = List.of("https", "http", "data");

    private SchemaValidator() {
    }

    static Map<String, Object> validate(InputSchema schema, Map<String, ?> raw) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> valid = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            if (schema.field(name).isPresent()) {
                continue;
            }
            Optional<SchemaProblem> problem = schema.problem(name);
            if (problem.isEmpty()) {
                violations.add(new Violation(name, raw.get(name),
                        "is not an input of " + schema.model() + "; its inputs are: " + schema.fieldNames()));
            } else if (problem.get().kind() == SchemaProblem.Kind.UNDESCRIBED_REQUIRED) {
                // Required by the provider but not described: the provider itself says it must be sent.
                valid.put(name, raw.get(name));
            } else {
                violations.add(new Violation(name, raw.get(name), "cannot be checked, so it is not sent: the schema of "
                        + schema.model() + " is inconsistent (" + problem.get().problem() + ")"));
            }
        }
        for (SchemaProblem problem : schema.problems()) {
            if (problem.kind() == SchemaProblem.Kind.UNDESCRIBED_REQUIRED && raw.get(problem.field()) == null) {
                violations.add(new Violation(problem.field(), null, "is required by " + schema.model()
                        + " (its schema requires it without describing it)"));
            }
        }
        for (FieldSpec field : schema.fields()) {
            Object given = raw.get(field.name());
            if (given == null) {
                if (field.required()) {
                    violations.add(new Violation(field.name(), null, "is required" + describeAllowed(field)));
                } else {
                    field.defaultOptional().ifPresent(d -> valid.put(field.name(), d));
                }
                continue;
            }
            List<String> problems = new ArrayList<>();
            Object value = check(field, given, problems);
            if (problems.isEmpty()) {
                valid.put(field.name(), value);
            } else {
                problems.forEach(p -> violations.add(new Violation(field.name(), given, p)));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return validOrder(schema, valid);
    }

    /** What is wrong with {@code value} for {@code field}, if anything. */
    static Optional<String> problem(FieldSpec field, Object value) {
        List<String> problems = new ArrayList<>();
        check(field, value, problems);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static Map<String, Object> validOrder(InputSchema schema, Map<String, Object> valid) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        schema.fields().forEach(f -> {
            if (valid.containsKey(f.name())) {
                ordered.put(f.name(), valid.get(f.name()));
            }
        });
        valid.forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static Object check(FieldSpec field, Object given, List<String> problems) {
        if (field.type() != FieldType.ARRAY) {
            return checkElement(field, given, problems, "");
        }
        List<?> items = given instanceof Collection<?> c ? List.copyOf(c)
                : given instanceof Object[] a ? List.of(a) : List.of(given);
        if (given instanceof Map<?, ?>) {
            problems.add("must be an array of " + plural(field.itemType()) + describeAllowed(field));
            return null;
        }
        if (field.minItems() != null && items.size() < field.minItems()) {
            problems.add("has " + items.size() + " item" + (items.size() == 1 ? "" : "s") + ": " + itemCountText(field));
        } else if (field.maxItems() != null && items.size() > field.maxItems()) {
            problems.add("has " + items.size() + " items: " + itemCountText(field));
        }
        List<Object> typed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            typed.add(checkElement(field, items.get(i), problems, "item " + (i + 1) + " " + quote(items.get(i)) + " "));
        }
        return typed;
    }

    private static Object checkElement(FieldSpec field, Object given, List<String> problems, String which) {
        if (given instanceof FileInput file) {
            if (!field.uri()) {
                problems.add(which + "is a file, but this input takes " + article(field.elementType()) + describeAllowed(field));
            }
            return file;
        }
        Optional<Object> typed = given == null ? Optional.empty() : coerce(field.elementType(), given);
        if (typed.isEmpty()) {
            problems.add(which + "must be " + article(field.elementType()) + describeAllowed(field));
            return null;
        }
        Object value = typed.get();
        if (field.required() && value instanceof String s && s.isBlank()) {
            problems.add(which + "must not be empty");
            return null;
        }
        if (!field.allowed().isEmpty()) {
            Optional<Object> match = matchAllowed(field, value);
            if (match.isEmpty()) {
                problems.add(which + allowedSentence(field));
                return null;
            }
            value = match.get();
        }
        if (value instanceof Number n && !inRange(field, n)) {
            problems.add(which + "is out of range: " + rangeText(field));
            return null;
        }
        if (value instanceof String s && !field.uri()) {
            int length = s.codePointCount(0, s.length());
            if ((field.minLength() != null && length < field.minLength())
                    || (field.maxLength() != null && length > field.maxLength())) {
                problems.add(which + "has " + length + " characters: " + lengthText(field));
                return null;
            }
        }
        if (field.uri() && !isUri((String) value)) {
            problems.add(which + "must be a URL (https://…) or a data: URI");
            return null;
        }
        return value;
    }

    private static boolean isUri(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            return scheme != null && URI_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))
                    && (scheme.equalsIgnoreCase("data") || uri.getHost() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Object> coerce(FieldType type, Object given) {
        switch (type) {
            case STRING:
                return given instanceof String ? Optional.of(given) : Optional.empty();
            case BOOLEAN:
                if (given instanceof Boolean) {
                    return Optional.of(given);
                }
                if (given instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Optional.of(Boolean.parseBoolean(s));
                }
                return Optional.empty();
            case INTEGER:
                return asInteger(given);
            case NUMBER:
                if (given instanceof Integer || given instanceof Long || given instanceof Double) {
                    return asNumber(given).map(n -> given);
                }
                return asNumber(given).map(SchemaValidator::simplest);
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static Optional<Object> asInteger(Object given) {
        if (given instanceof String s) {
            return INTEGER_TEXT.matcher(s.trim()).matches()
                    ? Optional.of(simplest(new BigDecimal(s.trim())))
                    : Optional.empty();
        }
        return asNumber(given).filter(d -> d.stripTrailingZeros().scale() <= 0).map(SchemaValidator::simplest);
    }

    private static Optional<BigDecimal> asNumber(Object given) {
        if (given instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (given instanceof BigInteger i) {
            return Optional.of(new BigDecimal(i));
        }
        if (given instanceof Integer || given instanceof Long || given instanceof Short || given instanceof Byte) {
            return Optional.of(BigDecimal.valueOf(((Number) given).longValue()));
        }
        if (given instanceof Double || given instanceof Float) {
            double d = ((Number) given).doubleValue();
            return Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
        }
        if (given instanceof String s) {
            try {
                return Optional.of(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whole numbers become Integer or Long, others Double: what JSON encoders write plainly. */
    private static Object simplest(BigDecimal value) {
        if (value.stripTrailingZeros().scale() <= 0) {
            try {
                long whole = value.longValueExact();
                return whole == (int) whole ? (Object) (int) whole : (Object) whole;
            } catch (ArithmeticException tooLarge) {
                return value.doubleValue();
            }
        }
        return value.doubleValue();
    }

    private static Optional<Object> matchAllowed(FieldSpec field, Object value) {
        for (Object allowed : field.allowed()) {
            if (sameValue(allowed, value)) {
                return Optional.of(allowed);
            }
        }
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        List<Object> lenient = field.allowed().stream()
                .filter(a -> a instanceof String s && (s.equalsIgnoreCase(text) || bareForm(s).equalsIgnoreCase(text)))
                .collect(Collectors.toList());
        return lenient.size() == 1 ? Optional.of(lenient.get(0)) : Optional.empty();
    }

    /** {@code "2048x2048 (1:1)"} → {@code "2048x2048"}; other strings unchanged. */
    private static String bareForm(String enumValue) {
        int paren = enumValue.indexOf(" (");
        return paren > 0 ? enumValue.substring(0, paren) : enumValue;
    }

    private static boolean sameValue(Object allowed, Object value) {
        if (allowed instanceof Number a && value instanceof Number v) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(v.toString())) == 0;
        }
        return allowed.equals(value);
    }

    private static boolean inRange(FieldSpec field, Number n) {
        BigDecimal value = new BigDecimal(n.toString());
        return (field.minimum() == null || value.compareTo(field.minimum()) >= 0)
                && (field.maximum() == null || value.compareTo(field.maximum()) <= 0);
    }

    private static String allowedSentence(FieldSpec field) {
        return field.contiguousIntegerRange()
                .map(r -> "is not allowed: use an integer from " + r[0] + " to " + r[1])
                .orElseGet(() -> "is not one of: " + field.allowed().stream()
                        .map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private static String describeAllowed(FieldSpec field) {
        List<String> rules = new ArrayList<>();
        if (field.type() == FieldType.ARRAY && (field.minItems() != null || field.maxItems() != null)) {
            rules.add(itemCountText(field));
        }
        if (!field.allowed().isEmpty()) {
            rules.add(allowedSentence(field).replaceFirst("^is not (allowed: )?", ""));
        } else if (field.minimum() != null || field.maximum() != null) {
            rules.add(rangeText(field));
        }
        if (field.minLength() != null || field.maxLength() != null) {
            rules.add(lengthText(field));
        }
        if (field.uri()) {
            rules.add("a URL or a data: URI" + (field.type() == FieldType.ARRAY ? " each" : ""));
        }
        String prefix = field.type() == FieldType.ARRAY ? ": an array of " + plural(field.itemType()) : "";
        if (rules.isEmpty()) {
            return prefix;
        }
        return prefix + " (" + String.join("; ", rules) + ")";
    }

    private static String rangeText(FieldSpec field) {
        if (field.minimum() != null && field.maximum() != null) {
            return "from " + field.minimum().toPlainString() + " to " + field.maximum().toPlainString();
        }
        return field.minimum() != null
                ? "at least " + field.minimum().toPlainString()
                : "at most " + field.maximum().toPlainString();
    }

    private static String lengthText(FieldSpec field) {
        return between(field.minLength(), field.maxLength()) + " characters";
    }

    private static String itemCountText(FieldSpec field) {
        return between(field.minItems(), field.maxItems()) + " items";
    }

    private static String between(Integer min, Integer max) {
        if (min != null && max != null) {
            return min.equals(max) ? "exactly " + min : "from " + min + " to " + max;
        }
        return min != null ? "at least " + min : "at most " + max;
    }

    private static String article(FieldType type) {
        return (type == FieldType.INTEGER || type == FieldType.ARRAY ? "an " : "a ") + type.jsonName();
    }

    private static String plural(FieldType type) {
        return type.jsonName() + "s";
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
