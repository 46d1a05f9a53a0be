package dev.easel.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * The inputs as records keep them: a {@link FileInput} appears as its {@link FileInput#record()}
     * (digest, size, origin), never as the data it carries.
     */
    public Map<String, Object> inputs() {
        return replaceFiles(FileInput::record);
    }

    /** The inputs as the provider receives them: each {@link FileInput} as its URI. */
    public Map<String, Object> submittedInputs() {
        return replaceFiles(FileInput::uri);
    }

    /** The files among the inputs, in order. */
    public List<FileInput> files() {
        List<FileInput> files = new ArrayList<>();
        for (Object value : inputs.values()) {
            if (value instanceof FileInput file) {
                files.add(file);
            } else if (value instanceof List<?> list) {
                list.stream().filter(FileInput.class::isInstance).map(FileInput.class::cast).forEach(files::add);
            }
        }
        return files;
    }

    private Map<String, Object> replaceFiles(Function<FileInput, Object> replacement) {
        if (files().isEmpty()) {
            return inputs;
        }
        Map<String, Object> replaced = new LinkedHashMap<>();
        inputs.forEach((name, value) -> {
            if (value instanceof FileInput file) {
                replaced.put(name, replacement.apply(file));
            } else if (value instanceof List<?> list) {
                replaced.put(name, list.stream().map(v -> v instanceof FileInput f ? replacement.apply(f) : v).toList());
            } else {
                replaced.put(name, value);
            }
        });
        return Collections.unmodifiableMap(replaced);
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
        return model + " " + inputs();
    }
}
