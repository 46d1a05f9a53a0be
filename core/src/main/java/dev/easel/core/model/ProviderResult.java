package dev.easel.core.model;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service said of a finished request (or, while the state is not finished, that it is not
 * yet): the outputs when it succeeded (in the service's order), the service's text when it failed,
 * and the cost when the service told it. A success may carry an error text too, when some of the
 * outputs failed and the others did not: the text says which.
 */
public record ProviderResult(RemoteState state, List<URI> outputs, Optional<String> error, Optional<BigDecimal> cost) {

    public ProviderResult {
        Objects.requireNonNull(state, "state");
        outputs = List.copyOf(outputs);
        error = error == null ? Optional.empty() : error;
        cost = cost == null ? Optional.empty() : cost;
    }

    public static ProviderResult succeeded(List<URI> outputs, Optional<BigDecimal> cost) {
        return new ProviderResult(RemoteState.SUCCEEDED, outputs, Optional.empty(), cost);
    }

    public static ProviderResult failed(String reason) {
        return new ProviderResult(RemoteState.FAILED, List.of(), Optional.of(reason), Optional.empty());
    }
}
