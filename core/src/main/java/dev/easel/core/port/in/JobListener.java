package dev.easel.core.port.in;

import dev.easel.core.model.Job;
import dev.easel.core.model.ProviderStatus;

/**
 * Hears how a job moves, for progress displays. Called on the thread that drives the job; must be
 * quick and must not throw.
 */
public interface JobListener {

    JobListener NONE = new JobListener() {
    };

    /** The job moved to a new state (already journaled). */
    default void onChange(Job job) {
    }

    /** A status poll answered; called on every poll, changed or not. */
    default void onStatus(Job job, ProviderStatus status) {
    }
}
