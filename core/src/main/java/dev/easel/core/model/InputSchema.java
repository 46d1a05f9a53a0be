package dev.easel.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The inputs a model accepts, in the provider's order. */
public record InputSchema(ModelId model, List<FieldSpec> fields) {

    public InputSchema {
        Objects.requireNonNull(model, "model");
        fields = List.copyOf(fields);
        long distinct = fields.stream().map(FieldSpec::name).distinct().count();
        if (distinct != fields.size()) {
            throw new IllegalArgumentException("schema of " + model + " names a field twice");
        }
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String fieldNames() {
        return fields.stream().map(FieldSpec::name).collect(Collectors.joining(", "));
    }
}
