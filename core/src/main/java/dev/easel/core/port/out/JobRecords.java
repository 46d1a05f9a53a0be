package dev.easel.core.port.out;

import dev.easel.core.model.Job;

/**
 * The record of a stored job kept beside its images ({@code <job-id>.json}: model, inputs, request id,
 * timings, outputs), so that the images alone, copied anywhere, still say how they were made. Written
 * once the images are stored; never read back by Easel, which asks the journal.
 */
public interface JobRecords {

    /** Writes the job's record beside its images, whole or not at all. */
    void put(Job job);
}
