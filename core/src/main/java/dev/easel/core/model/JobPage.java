package dev.easel.core.model;

import java.util.List;
import java.util.Optional;

/** One page of jobs, newest first, and the job after which the next page starts when there is one. */
public record JobPage(List<Job> jobs, Optional<JobId> next) {

    public JobPage {
        jobs = List.copyOf(jobs);
        next = next == null ? Optional.empty() : next;
    }

    /** The page of {@code query.limit()} jobs out of {@code newestFirst}, which may hold one more to tell if more follow. */
    public static JobPage of(List<Job> newestFirst, int limit) {
        if (newestFirst.size() <= limit) {
            return new JobPage(newestFirst, Optional.empty());
        }
        List<Job> page = newestFirst.subList(0, limit);
        return new JobPage(page, Optional.of(page.get(limit - 1).id()));
    }
}
