package dev.easel.core.model;

import java.util.Objects;

/**
 * Something a provider's published schema gets wrong about one field: a required name its properties
 * do not describe, a field that contradicts itself (a minimum above its maximum), a type Easel does
 * not know. Such a field cannot be checked, so a value given for it is refused with this sentence
 * instead of reaching the provider; a required name without a description must still be given.
 */
public record SchemaProblem(String field, Kind kind, String problem) {

    public enum Kind {
        /** Listed in {@code required} but missing from {@code properties}. */
        UNDESCRIBED_REQUIRED,
        /** The field's own rules leave no valid value, or its default breaks them. */
        CONTRADICTION,
        /** A type or shape Easel does not check (objects, nested arrays...). */
        UNSUPPORTED
    }

    public SchemaProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(problem, "problem");
    }

    public String message() {
        return field + ": " + problem;
    }
}
