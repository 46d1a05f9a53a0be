package dev.easel.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The inputs a model accepts, in the provider's order, and the problems found in the provider's
 * own description of them (empty for a schema that is consistent).
 */
public record InputSchema(ModelId model, List<FieldSpec> fields, List<SchemaProblem> problems) {

    public InputSchema {
        Objects.requireNonNull(model, "model");
        fields = List.copyOf(fields);
        problems = List.copyOf(problems);
        long distinct = fields.stream().map(FieldSpec::name).distinct().count();
        if (distinct != fields.size()) {
            throw new IllegalArgumentException("schema of " + model + " names a field twice");
        }
    }

    public InputSchema(ModelId model, List<FieldSpec> fields) {
        this(model, fields, List.of());
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The problem the schema has with {@code name}, if it has one. */
    public Optional<SchemaProblem> problem(String name) {
        return problems.stream().filter(p -> p.field().equals(name)).findFirst();
    }

    /** The fields that take a URI (an image or another file), alone or in an array. */
    public List<FieldSpec> fileInputs() {
        return fields.stream().filter(FieldSpec::isFileInput).toList();
    }

    public String fieldNames() {
        return fields.stream().map(FieldSpec::name).collect(Collectors.joining(", "));
    }
}
