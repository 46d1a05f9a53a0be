package dev.easel.adapter.http;

import dev.easel.core.model.Job;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows submitted jobs in the background until their images are stored, and takes over the
 * journal's orphaned jobs (at the start, and while it runs those of other processes that died), so
 * jobs survive a restart of the server or the death of the process that followed them. The core's
 * scheduler does the following on a few threads: no thread here waits for a job.
 */
final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** How many taken-over jobs are under way at once; the scheduler's threads do the work. */
    private static final int TAKEN_OVER_AT_ONCE = 64;

    private final TrackJobsUseCase tracking;
    private final JobListener listener;
    private final Duration timeout;
    private final Set<CompletableFuture<Job>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile TrackJobsUseCase.TakeOver takeOver;

    JobRunner(TrackJobsUseCase tracking, JobListener listener, Duration timeout) {
        this.tracking = tracking;
        this.listener = listener;
        this.timeout = timeout;
    }

    /**
     * Follows a job this server has just submitted in the background; {@code whenDone} runs once the
     * server stops following it, however that ends.
     */
    void follow(Job job, Runnable whenDone) {
        CompletableFuture<Job> followed = tracking.followSubmitted(job, timeout, listener);
        inFlight.add(followed);
        followed.whenComplete((ended, error) -> {
            inFlight.remove(followed);
            whenDone.run();
            // A cancelled follow is the server stopping (close): the job stays journaled, nothing to report.
            if (error != null && !(error instanceof CancellationException)) {
                LOG.warn("job {} could not be finished now; it stays journaled: {}", job.id(), rootMessage(error));
            }
        });
    }

    /**
     * Takes over the journal's unfinished jobs that no live process follows, now and, when the
     * journal has leases, periodically, so that jobs of a process that died are finished here.
     */
    void takeOverOrphans() {
        takeOver = tracking.takeOver(TAKEN_OVER_AT_ONCE, timeout, listener, warning -> LOG.warn("{}", warning));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** Stops following; the jobs stay journaled and the next start resumes them. */
    @Override
    public void close() {
        if (takeOver != null) {
            takeOver.close();
        }
        inFlight.forEach(followed -> followed.cancel(false));
    }
}
