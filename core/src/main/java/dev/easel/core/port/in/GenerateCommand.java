package dev.easel.core.port.in;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Generate with {@code model} from raw {@code inputs} (validated by the use case against the model's
 * schema), waiting at most {@code timeout} for the provider to finish; {@code requestedBy} names the
 * API key that asked for it through a server (empty for this machine's own commands).
 */
public record GenerateCommand(ModelId model, Map<String, Object> inputs, Duration timeout, Optional<String> requestedBy) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public GenerateCommand {
        Objects.requireNonNull(model, "model");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        requestedBy = requestedBy == null ? Optional.empty() : requestedBy;
    }

    public GenerateCommand(ModelId model, Map<String, Object> inputs, Duration timeout) {
        this(model, inputs, timeout, Optional.empty());
    }

    public static GenerateCommand of(ModelInputs inputs) {
        return new GenerateCommand(inputs.model(), inputs.inputs(), DEFAULT_TIMEOUT);
    }

    public GenerateCommand withTimeout(Duration value) {
        return new GenerateCommand(model, inputs, value, requestedBy);
    }

    /** The new job this command asks for, once its inputs are validated into {@code request}. */
    public Job newJob(JobId id, GenerationRequest request, Instant at) {
        Job pending = Job.pending(id, request, at);
        return requestedBy.map(pending::requestedBy).orElse(pending);
    }

    /** Asked for by the API key named {@code name} (its name, never the key). */
    public GenerateCommand requestedBy(String name) {
        return new GenerateCommand(model, inputs, timeout, Optional.of(name));
    }
}
