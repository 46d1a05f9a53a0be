package dev.easel.core.service;

import dev.easel.core.model.Job;
import java.time.Instant;

/**
 * A job as the flow follows it: the job, when the provider got it, and when a poll last found it
 * unfinished (to learn how long the model's jobs take).
 */
record FollowedJob(Job job, Instant since, Instant lastUnfinished) {

    static FollowedJob start(Job job, Instant now) {
        Instant since = job.enteredAt(dev.easel.core.model.JobState.SUBMITTED).orElse(now);
        return new FollowedJob(job, since, since);
    }

    FollowedJob with(Job next) {
        Instant since = next.enteredAt(dev.easel.core.model.JobState.SUBMITTED).orElse(this.since);
        return new FollowedJob(next, since, lastUnfinished.isBefore(since) ? since : lastUnfinished);
    }
}
