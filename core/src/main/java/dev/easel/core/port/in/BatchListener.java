package dev.easel.core.port.in;

import dev.easel.core.model.Job;

/** Hears a batch progress, for progress bars. Called from the worker threads: must be thread-safe and quick. */
public interface BatchListener {

    BatchListener NONE = new BatchListener() {
    };

    /** The batch was validated and is about to run {@code toRun} items ({@code total} in all). */
    default void onStart(int total, int toRun) {
    }

    /** A job of the batch changed state. */
    default void onChange(BatchItem item, Job job) {
    }

    /** An item ended. */
    default void onDone(BatchOutcome outcome) {
    }
}
