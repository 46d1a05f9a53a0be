package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
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
 * (from a command line), an enum value in another case, and a bare size such as {@code 2048x2048}
 * for the one enum value that starts with it ({@code 2048x2048 (1:1)}).
 */
final class SchemaValidator {

    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d{1,18}");

    private SchemaValidator() {
    }

    static Map<String, Object> validate(InputSchema schema, Map<String, ?> raw) {
        List<Violation> violations = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (schema.field(name).isEmpty()) {
                violations.add(new Violation(name, raw.get(name),
                        "is not an input of " + schema.model() + "; its inputs are: " + schema.fieldNames()));
            }
        }
        Map<String, Object> valid = new LinkedHashMap<>();
        for (FieldSpec field : schema.fields()) {
            Object given = raw.get(field.name());
            if (given == null) {
                if (field.required()) {
                    violations.add(new Violation(field.name(), null, "is required"));
                } else {
                    field.defaultOptional().ifPresent(d -> valid.put(field.name(), d));
                }
                continue;
            }
            check(field, given, violations).ifPresent(v -> valid.put(field.name(), v));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return valid;
    }

    private static Optional<Object> check(FieldSpec field, Object given, List<Violation> violations) {
        Optional<Object> typed = coerce(field, given);
        if (typed.isEmpty()) {
            violations.add(new Violation(field.name(), given, "must be " + article(field.type()) + describeAllowed(field)));
            return Optional.empty();
        }
        Object value = typed.get();
        if (field.required() && value instanceof String s && s.isBlank()) {
            violations.add(new Violation(field.name(), given, "must not be empty"));
            return Optional.empty();
        }
        if (!field.allowed().isEmpty()) {
            Optional<Object> match = matchAllowed(field, value);
            if (match.isEmpty()) {
                violations.add(new Violation(field.name(), given, allowedSentence(field)));
                return Optional.empty();
            }
            value = match.get();
        }
        if (value instanceof Number n && !inRange(field, n)) {
            violations.add(new Violation(field.name(), given, "is out of range: " + rangeText(field)));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static Optional<Object> coerce(FieldSpec field, Object given) {
        switch (field.type()) {
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
                throw new IllegalStateException("unhandled type " + field.type());
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
        if (!field.allowed().isEmpty()) {
            return " (" + allowedSentence(field).replaceFirst("^is not (allowed: )?", "") + ")";
        }
        if (field.minimum() != null || field.maximum() != null) {
            return " (" + rangeText(field) + ")";
        }
        return "";
    }

    private static String rangeText(FieldSpec field) {
        if (field.minimum() != null && field.maximum() != null) {
            return "from " + field.minimum().toPlainString() + " to " + field.maximum().toPlainString();
        }
        return field.minimum() != null
                ? "at least " + field.minimum().toPlainString()
                : "at most " + field.maximum().toPlainString();
    }

    private static String article(FieldType type) {
        return (type == FieldType.INTEGER ? "an " : "a ") + type.jsonName().toLowerCase(Locale.ROOT);
    }
}
