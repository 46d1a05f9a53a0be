package dev.easel.core.error;

/**
 * One thing wrong with one input: the field, the value given (null when it was missing) and a
 * sentence saying what is allowed.
 */
public record Violation(String field, Object value, String problem) {

    public Violation {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("a violation needs the name of the field");
        }
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("a violation needs a description of the problem");
        }
    }

    /** The message a person reads, for instance {@code max_images 16 is not allowed: …}. */
    public String message() {
        return value == null ? field + " " + problem : field + " " + quote(value) + " " + problem;
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
