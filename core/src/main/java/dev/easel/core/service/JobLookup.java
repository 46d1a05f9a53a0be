package dev.easel.core.service;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.JobNotFoundException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.util.Optional;

/** Finds a journaled job by Easel job id or provider request id, as a person types either. */
record JobLookup(JobJournal journal) {

    Optional<Job> find(String jobOrRequestId) {
        String id = jobOrRequestId == null ? "" : jobOrRequestId.trim();
        if (JobId.looksLikeJobId(id)) {
            return journal.find(JobId.of(id));
        }
        try {
            return journal.findByRequestId(RequestId.of(id));
        } catch (InvalidRequestException notAnId) {
            throw new JobNotFoundException("\"" + jobOrRequestId + "\" is neither an Easel job id"
                    + " (such as 20261121-053812-k3f9qa) nor a provider request id");
        }
    }

    Job require(String jobOrRequestId) {
        return find(jobOrRequestId).orElseThrow(() -> new JobNotFoundException("no journaled job has the id "
                + jobOrRequestId.trim() + " (an Easel job id or a provider request id); `easel jobs` lists them"));
    }
}
