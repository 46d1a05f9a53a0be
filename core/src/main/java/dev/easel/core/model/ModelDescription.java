package dev.easel.core.model;

import java.util.Objects;

/** A model a catalog knows: its id, a display name, one line about it, and its input schema. */
public record ModelDescription(ModelId id, String name, String summary, InputSchema inputs) {

    public ModelDescription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(inputs, "inputs");
        if (!inputs.model().equals(id)) {
            throw new IllegalArgumentException("schema of " + inputs.model() + " given for model " + id);
        }
        name = name == null || name.isBlank() ? id.value() : name;
        summary = summary == null ? "" : summary;
    }
}
