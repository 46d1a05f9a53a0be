package dev.easel.adapter.cli;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.port.in.JobListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/** One line on stderr for each step of a job, with the time since it started. */
final class ProgressPrinter implements JobListener {

    private final PrintWriter err;
    private final Clock clock;
    private OptionalInt lastPosition = OptionalInt.empty();

    ProgressPrinter(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    /** Progress lines on {@code err}, or nothing with --quiet. */
    static JobListener unlessQuiet(boolean quiet, PrintWriter err) {
        return quiet ? JobListener.NONE : new ProgressPrinter(err, Clock.systemUTC());
    }

    @Override
    public void onChange(Job job) {
        String line = switch (job.state()) {
            case PENDING -> "job " + job.id() + ": validated and journaled";
            case SUBMITTING -> "job " + job.id() + ": submitting to " + job.request().model();
            case SUBMITTED -> "job " + job.id() + ": submitted, request " + job.requestId().map(Object::toString).orElse("?");
            case QUEUED -> "job " + job.id() + ": queued";
            case RUNNING -> "job " + job.id() + ": running";
            case SUCCEEDED -> "job " + job.id() + ": finished, downloading " + job.outputUrls().size() + " output"
                    + (job.outputUrls().size() == 1 ? "" : "s") + (job.note().isEmpty() ? "" : "; " + job.note());
            case STORED -> "job " + job.id() + ": stored " + job.images().size() + " image"
                    + (job.images().size() == 1 ? "" : "s");
            case FAILED, CANCELLED, EXPIRED -> "job " + job.id() + ": " + job.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (job.note().isEmpty() ? "" : ": " + job.note());
        };
        print(job, line);
    }

    @Override
    public void onStatus(Job job, ProviderStatus status) {
        if (job.state() == JobState.QUEUED && status.queuePosition().isPresent() && !status.queuePosition().equals(lastPosition)) {
            lastPosition = status.queuePosition();
            print(job, "job " + job.id() + ": queue position " + status.queuePosition().getAsInt());
        }
    }

    private void print(Job job, String line) {
        Duration elapsed = Duration.between(job.createdAt(), clock.instant());
        err.printf("[%5.1fs] %s%n", elapsed.toMillis() / 1000.0, line);
        err.flush();
    }
}
