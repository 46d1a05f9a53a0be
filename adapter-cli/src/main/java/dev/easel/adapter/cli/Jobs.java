package dev.easel.adapter.cli;

import dev.easel.core.model.Job;
import java.util.Locale;

/** How the job commands show jobs to people. */
final class Jobs {

    private Jobs() {
    }

    static String state(Job job) {
        String state = job.state().name().toLowerCase(Locale.ROOT);
        return job.state() == dev.easel.core.model.JobState.SUBMITTING ? state + " (outcome unknown)" : state;
    }

    static String prompt(Job job, int width) {
        String prompt = job.request().prompt().orElse("").replaceAll("\\s+", " ");
        return prompt.length() > width ? prompt.substring(0, width - 1) + "…" : prompt;
    }
}
