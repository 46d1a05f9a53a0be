package dev.easel.core.testing;

import dev.easel.core.model.Job;
import dev.easel.core.port.out.JobRecords;
import java.util.LinkedHashMap;
import java.util.Map;

/** Job records kept in memory, by job id, so tests can check what was written. */
public class InMemoryJobRecords implements JobRecords {

    private final Map<String, Job> records = new LinkedHashMap<>();

    @Override
    public synchronized void put(Job job) {
        records.put(job.id().value(), job);
    }

    public synchronized Map<String, Job> records() {
        return Map.copyOf(records);
    }
}
