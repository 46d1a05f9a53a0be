package dev.easel.core.service;

import dev.easel.core.model.Job;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.JobJournal;

/**
 * Records a job's new state, then tells the listener: nothing that a side effect follows is announced
 * before it is durable.
 */
record Journaling(JobJournal journal) {

    Job record(Job job, JobListener listener) {
        journal.record(job);
        listener.onChange(job);
        return job;
    }

    /** Starts recording without waiting for the disk ({@link JobJournal#recordWithoutWaiting}), then tells the listener. */
    Job recordWithoutWaiting(Job job, JobListener listener) {
        journal.recordWithoutWaiting(job);
        listener.onChange(job);
        return job;
    }

    /** Records a change no side effect waits for ({@link JobJournal#note}), then tells the listener. */
    Job note(Job job, JobListener listener) {
        journal.note(job);
        listener.onChange(job);
        return job;
    }
}
