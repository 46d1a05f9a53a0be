package dev.easel.core.testing;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/** A journal in memory that also keeps every record in order, so tests can check what was journaled when. */
public class InMemoryJobJournal implements JobJournal {

    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final List<Job> records = new ArrayList<>();
    private final List<Job> unwaited = new ArrayList<>();

    @Override
    public synchronized void record(Job job) {
        jobs.put(job.id(), job);
        records.add(job);
    }

    /** Recorded at once, as the default does, and remembered as not waited for. */
    @Override
    public synchronized void recordWithoutWaiting(Job job) {
        record(job);
        unwaited.add(job);
    }

    @Override
    public synchronized boolean recordIfUnchanged(Job expected, Job next) {
        Job latest = jobs.get(expected.id());
        if (latest == null || !latest.history().equals(expected.history())) {
            return false;
        }
        record(next);
        return true;
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<Job> findByRequestId(RequestId id) {
        return jobs.values().stream().filter(j -> j.requestId().filter(id::equals).isPresent()).findFirst();
    }

    @Override
    public synchronized List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The records whose caller did not wait for them ({@link #recordWithoutWaiting}), in order. */
    public synchronized List<Job> unwaited() {
        return List.copyOf(unwaited);
    }

    /** Every record, in the order it was made. */
    public synchronized List<Job> records() {
        return List.copyOf(records);
    }
}
