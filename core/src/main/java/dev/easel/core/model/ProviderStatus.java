package dev.easel.core.model;

import java.util.Objects;
import java.util.OptionalInt;

/** What a status call said: the state, its raw word, and the queue position while queued. */
public record ProviderStatus(RemoteState state, String rawState, OptionalInt queuePosition) {

    public ProviderStatus {
        Objects.requireNonNull(state, "state");
        rawState = rawState == null ? "" : rawState;
        queuePosition = queuePosition == null ? OptionalInt.empty() : queuePosition;
    }

    public static ProviderStatus of(RemoteState state) {
        return new ProviderStatus(state, state.name().toLowerCase(java.util.Locale.ROOT), OptionalInt.empty());
    }
}
