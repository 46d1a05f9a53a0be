package dev.easel.core.model;

import java.time.Instant;
import java.util.Objects;

/** A job entered {@code state} at {@code at}; {@code note} says why when that helps (a failure). */
public record Transition(JobState state, Instant at, String note) {

    public Transition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        note = note == null ? "" : note;
    }
}
