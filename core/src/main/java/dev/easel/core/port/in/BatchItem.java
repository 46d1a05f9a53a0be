package dev.easel.core.port.in;

import dev.easel.core.model.ModelId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a batch: where it came from (for messages), its idempotency key (the same line of the
 * same file has the same key), the model and its raw inputs.
 */
public record BatchItem(int line, String key, ModelId model, Map<String, Object> inputs) {

    public BatchItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(model, "model");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
