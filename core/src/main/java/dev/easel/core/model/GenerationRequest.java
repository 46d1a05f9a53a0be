package dev.easel.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model id and inputs that passed that model's schema, with its defaults applied. The only way to
 * make one from user input is {@link #validated}, so a provider never receives input that breaks the
 * schema: nothing is spent on it.
 */
public final class GenerationRequest {

    private final ModelId model;
    private final Map<String, Object> inputs;

    private GenerationRequest(ModelId model, Map<String, Object> inputs) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /**
     * Validates {@code raw} against {@code schema}.
     *
     * @throws dev.easel.core.error.InvalidRequestException naming every field that breaks a rule
     */
    public static GenerationRequest validated(InputSchema schema, Map<String, ?> raw) {
        return new GenerationRequest(schema.model(), SchemaValidator.validate(schema, raw));
    }

    /**
     * A request read back from Easel's own records (the journal), where it was stored after it had
     * been validated. Not for user input.
     */
    public static GenerationRequest restored(ModelId model, Map<String, Object> inputs) {
        return new GenerationRequest(model, inputs);
    }

    public ModelId model() {
        return model;
    }

    public Map<String, Object> inputs() {
        return inputs;
    }

    public Optional<String> prompt() {
        return Optional.ofNullable(inputs.get("prompt")).map(String::valueOf);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GenerationRequest that && model.equals(that.model) && inputs.equals(that.inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, inputs);
    }

    @Override
    public String toString() {
        return model + " " + inputs;
    }
}
