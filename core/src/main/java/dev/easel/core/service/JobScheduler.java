package dev.easel.core.service;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.port.in.JobListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Follows every job in flight with a few threads: a timer wakes each job when its next step is due
 * and hands the step to a worker, so a waiting job holds no thread. Calls to the provider (submit,
 * polls) run on the call workers within the provider's {@link CallBudget}; downloads into the store
 * run on their own workers, so a slow download never delays the polls. 400 jobs in flight cost the
 * same threads as one.
 */
public final class JobScheduler implements AutoCloseable {

    private final JobDriver driver;
    private final TaskTimer timer;
    private final Executor calls;
    private final Executor storing;
    private final CallBudget budget;
    private final Clock clock;
    private final Runnable shutdown;

    public JobScheduler(JobDriver driver, TaskTimer timer, Executor calls, Executor storing, CallBudget budget, Clock clock) {
        this(driver, timer, calls, storing, budget, clock, timer::close);
    }

    private JobScheduler(JobDriver driver, TaskTimer timer, Executor calls, Executor storing, CallBudget budget,
                         Clock clock, Runnable shutdown) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.storing = Objects.requireNonNull(storing, "storing");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shutdown = shutdown;
    }

    /** A scheduler on its own daemon threads: one timer, {@code callThreads} and {@code storeThreads} workers. */
    public static JobScheduler start(JobDriver driver, Clock clock, int callThreads, int storeThreads, CallBudget budget) {
        ExecutorService calls = Executors.newFixedThreadPool(callThreads, DaemonThreads.named("easel-calls"));
        ExecutorService storing = Executors.newFixedThreadPool(storeThreads, DaemonThreads.named("easel-store"));
        TaskTimer timer = TaskTimer.system();
        return new JobScheduler(driver, timer, calls, storing, budget, clock, () -> {
            timer.close();
            calls.shutdownNow();
            storing.shutdownNow();
        });
    }

    /** The name of the provider its jobs go to. */
    public String providerName() {
        return driver.providerName();
    }

    /**
     * Moves the job on until it ends or {@code deadline} passes, in the background. The future
     * completes with the job as it then is (ended, SUBMITTING, or still at the provider and
     * resumable), or with the error that stopped it (a refused submit, an unknown submit outcome, a
     * store that failed); cancelling the future stops following the job, which stays journaled.
     */
    public CompletableFuture<Job> follow(Job job, Instant deadline, JobListener listener) {
        Flight flight = new Flight(deadline, listener, new CompletableFuture<>());
        dispatch(flight, FollowedJob.start(job, clock.instant()), clock.instant());
        return flight.result();
    }

    /**
     * Runs {@code task} on a call worker once {@code delay} has passed: for light work on the
     * scheduler's timer, such as a look at the journal, never a wait. Refused once the scheduler is closed.
     */
    public void later(Duration delay, Runnable task) {
        timer.schedule(delay, () -> calls.execute(task));
    }

    private record Flight(Instant deadline, JobListener listener, CompletableFuture<Job> result) {
    }

    /**
     * Runs the job's next step at {@code due} or later: a store at once on the store workers; a call
     * to the provider on the call workers once the budget allows it. The budget is asked when the
     * call is due, not when it is planned, so a poll planned for later never holds back a call due now
     * (the next job's submit, say).
     */
    private void dispatch(Flight flight, FollowedJob followed, Instant due) {
        if (followed.job().state() == JobState.SUCCEEDED) {
            at(due, () -> storing.execute(() -> step(flight, followed)));
        } else {
            at(due, () -> {
                Instant now = clock.instant();
                at(budget.reserve(now), () -> calls.execute(() -> step(flight, followed)));
            });
        }
    }

    /** Runs {@code task} (which must be quick) at {@code moment}: now if it has come, else on the timer. */
    private void at(Instant moment, Runnable task) {
        Duration delay = Duration.between(clock.instant(), moment);
        if (delay.isNegative() || delay.isZero()) {
            task.run();
        } else {
            timer.schedule(delay, task);
        }
    }

    private void step(Flight flight, FollowedJob followed) {
        if (flight.result().isDone()) {
            return;
        }
        try {
            JobDriver.Step step = driver.step(followed, flight.listener());
            if (step instanceof JobDriver.Done done) {
                flight.result().complete(done.job());
                return;
            }
            JobDriver.Again again = (JobDriver.Again) step;
            Instant now = clock.instant();
            if (!again.after().isZero() && !now.isBefore(flight.deadline())) {
                flight.result().complete(again.followed().job());
                return;
            }
            Instant due = now.plus(again.after());
            dispatch(flight, again.followed(), due.isAfter(flight.deadline()) ? flight.deadline() : due);
        } catch (RuntimeException failed) {
            flight.result().completeExceptionally(failed);
        }
    }

    /** Stops the threads it started; jobs still in flight stay journaled and are resumable. */
    @Override
    public void close() {
        shutdown.run();
    }
}
