package dev.easel.adapter.http;

import dev.easel.core.model.Job;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows submitted jobs in the background until their images are stored, and at start finishes
 * whatever the journal holds unfinished, so jobs survive a restart of the server.
 */
final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final TrackJobsUseCase tracking;
    private final JobListener listener;
    private final Duration timeout;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "easel-web-job");
        thread.setDaemon(true);
        return thread;
    });

    JobRunner(TrackJobsUseCase tracking, JobListener listener, Duration timeout) {
        this.tracking = tracking;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** Follows the job in the background; {@code whenDone} runs once the server stops following it, however that ends. */
    void follow(Job job, Runnable whenDone) {
        workers.execute(() -> {
            try {
                tracking.result(job.id().value(), timeout, listener);
            } catch (RuntimeException e) {
                LOG.warn("job {} could not be finished now; it stays journaled: {}", job.id(), e.getMessage());
            } finally {
                whenDone.run();
            }
        });
    }

    void resumeUnfinished() {
        workers.execute(() -> {
            try {
                tracking.resume(8, timeout, listener);
            } catch (RuntimeException e) {
                LOG.warn("resuming the journal's unfinished jobs failed; they stay journaled: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
