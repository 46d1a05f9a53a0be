package dev.easel.core.port.in;

import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generate with {@code model} from raw {@code inputs} (validated by the use case against the model's
 * schema), waiting at most {@code timeout} for the provider to finish.
 */
public record GenerateCommand(ModelId model, Map<String, Object> inputs, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public GenerateCommand {
        Objects.requireNonNull(model, "model");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static GenerateCommand of(ModelInputs inputs) {
        return new GenerateCommand(inputs.model(), inputs.inputs(), DEFAULT_TIMEOUT);
    }

    public GenerateCommand withTimeout(Duration value) {
        return new GenerateCommand(model, inputs, value);
    }
}
