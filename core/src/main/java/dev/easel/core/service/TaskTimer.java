package dev.easel.core.service;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once a delay has passed, on the timer's own thread: the task must be quick (the
 * scheduler only hands work to its workers from it). Injected so that tests advance a clock instead
 * of waiting.
 */
public interface TaskTimer extends AutoCloseable {

    void schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** One daemon thread that wakes tasks at their time. */
    static TaskTimer system() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("easel-timer"));
        executor.setRemoveOnCancelPolicy(true);
        return new TaskTimer() {
            @Override
            public void schedule(Duration delay, Runnable task) {
                executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
