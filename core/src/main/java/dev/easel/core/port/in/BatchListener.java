package dev.easel.core.port.in;

import dev.easel.core.error.Violation;
import dev.easel.core.model.Job;
import java.util.List;

/** Hears a batch progress, for progress bars. Called from the worker threads: must be thread-safe and quick. */
public interface BatchListener {

    BatchListener NONE = new BatchListener() {
    };

    /**
     * Items that are invalid, each problem prefixed with its line, told before anything is sent when
     * the batch runs without them ({@link BatchCommand#skipInvalid()}); not called when every item is valid.
     */
    default void onInvalid(List<Violation> problems) {
    }

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
