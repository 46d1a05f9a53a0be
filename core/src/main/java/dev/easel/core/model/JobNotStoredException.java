package dev.easel.core.model;

import dev.easel.core.error.EaselException;
import java.util.Objects;

/**
 * A job that ended without stored images (failed, cancelled, expired), or is still unfinished when
 * the caller stopped waiting, raised by faces whose interface has no room for a job's state (the
 * LangChain4j and Spring AI image models). The job stays journaled: an unfinished one can be resumed.
 */
public final class JobNotStoredException extends EaselException {

    private final transient Job job;

    public JobNotStoredException(Job job) {
        super(describe(job));
        this.job = job;
    }

    public Job job() {
        return job;
    }

    private static String describe(Job job) {
        Objects.requireNonNull(job, "job");
        String reason = job.note().isBlank() ? "" : ": " + job.note();
        return job.state().isTerminal()
                ? "job " + job.id() + " ended " + job.state() + reason
                : "job " + job.id() + " is still " + job.state() + " after the timeout; it stays journaled and can be resumed";
    }
}
