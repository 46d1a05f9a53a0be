package dev.easel.core.model;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a result call said: the state, the output URLs when it succeeded (in the provider's order),
 * the provider's failure text when it failed, and the cost when the provider told it.
 */
public record ProviderResult(RemoteState state, List<URI> outputs, Optional<String> error, Optional<BigDecimal> cost) {

    public ProviderResult {
        Objects.requireNonNull(state, "state");
        outputs = List.copyOf(outputs);
        error = error == null ? Optional.empty() : error;
        cost = cost == null ? Optional.empty() : cost;
    }
}
