package dev.easel.adapter.cli;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.port.in.BatchItem;
import dev.easel.core.port.in.BatchListener;
import dev.easel.core.port.in.BatchOutcome;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A batch's progress on stderr: done, running (at the provider), storing (finished there, being
 * downloaded and kept: a batch's slot frees as soon as the provider has finished), failed, rate and
 * ETA. On a terminal it is a progress
 * bar redrawn in place; otherwise (a log file, CI) a plain line at most once a second and at the end.
 */
final class BatchProgress implements BatchListener, AutoCloseable {

    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(1);

    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Set<Integer> running = ConcurrentHashMap.newKeySet();
    private final Set<Integer> storing = ConcurrentHashMap.newKeySet();
    private int total;
    private int done;
    private int failed;
    private Instant started;
    private Instant lastLine = Instant.EPOCH;
    private ProgressBar bar;

    BatchProgress(PrintWriter err, boolean terminal, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public synchronized void onStart(int all, int toRun) {
        total = all;
        started = clock.instant();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(all).showSpeed()
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 100))
                    .build();
        }
        report(true);
    }

    @Override
    public void onChange(BatchItem item, Job job) {
        if (job.state().isTerminal()) {
            return;
        }
        boolean changed = job.state() == JobState.SUCCEEDED
                ? running.remove(item.line()) | storing.add(item.line())
                : running.add(item.line());
        if (changed) {
            update();
        }
    }

    @Override
    public synchronized void onDone(BatchOutcome outcome) {
        running.remove(outcome.item().line());
        storing.remove(outcome.item().line());
        done++;
        if (outcome.kind() == BatchOutcome.Kind.FAILED || outcome.kind() == BatchOutcome.Kind.NOT_STARTED) {
            failed++;
        }
        if (bar != null) {
            bar.step();
        }
        update();
    }

    private synchronized void update() {
        if (bar != null) {
            bar.setExtraMessage(" · " + running.size() + " running, " + storing(", ") + failed + " failed");
        } else {
            report(done == total);
        }
    }

    private void report(boolean force) {
        if (bar != null || started == null) {
            return;
        }
        Instant now = clock.instant();
        if (!force && Duration.between(lastLine, now).compareTo(PLAIN_INTERVAL) < 0) {
            return;
        }
        lastLine = now;
        double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
        double rate = done / seconds;
        String eta = rate > 0 && done < total ? String.format(", ETA %.0fs", (total - done) / rate) : "";
        err.printf("[%5.1fs] %d/%d done, %d running, %s%d failed, %.1f jobs/s%s%n", seconds, done, total,
                running.size(), storing(", "), failed, rate, eta);
        err.flush();
    }

    /** "N storing" and the separator, or nothing while no job is being stored. */
    private String storing(String separator) {
        int count = storing.size();
        return count == 0 ? "" : count + " storing" + separator;
    }

    /** Before a line goes to stdout on the same terminal: clear the bar's line (it is redrawn next tick). */
    synchronized void clearLine() {
        if (bar != null) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
        }
    }
}
