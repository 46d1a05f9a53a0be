package dev.easel.core.port.out;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of every job. {@link #record} returns only once the job's new state would
 * survive a crash, and the generation flow calls it before each side effect that follows, so a paid
 * job is never lost: a restart reads the journal and finishes what is unfinished.
 */
public interface JobJournal {

    /** Durably records the job's current state, replacing what was known of it. */
    void record(Job job);

    /**
     * Durably records several jobs at once, as {@link #record} would one by one; journals that can
     * make them durable together (one disk flush for all) should.
     */
    default void recordAll(List<Job> jobs) {
        jobs.forEach(this::record);
    }

    /**
     * Durably records {@code next} only if the journal's latest record of the job still has
     * {@code expected}'s history, so that of two processes driving one journal only one moves a job
     * on (and pays for it). Returns false, recording nothing, when another process got there first.
     */
    boolean recordIfUnchanged(Job expected, Job next);

    Optional<Job> find(JobId id);

    Optional<Job> findByRequestId(RequestId id);

    /** Every journaled job, oldest first. */
    List<Job> jobs();
}
