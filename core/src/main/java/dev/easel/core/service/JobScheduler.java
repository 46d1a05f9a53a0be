package dev.easel.core.service;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.port.in.JobListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
    /** The polls planned for later, by model, so that a job seen finished can bring its siblings' polls forward. */
    private final Map<ModelId, Set<PlannedPoll>> planned = new ConcurrentHashMap<>();

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
        JobListener watching = new JobListener() {
            @Override
            public void onChange(Job changed) {
                listener.onChange(changed);
            }

            @Override
            public void onStatus(Job polled, ProviderStatus status) {
                listener.onStatus(polled, status);
                if (status.state().isFinished()) {
                    pollSooner(polled.request().model());
                }
            }
        };
        Flight flight = new Flight(deadline, watching, new CompletableFuture<>());
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

    /** Runs {@code task} on a call worker now: light work that must not hold up the caller's thread. */
    public void soon(Runnable task) {
        calls.execute(task);
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
        } else if (followed.job().state().isAtProvider() && due.isAfter(clock.instant())) {
            PlannedPoll poll = new PlannedPoll(flight, followed, due);
            planned.computeIfAbsent(followed.job().request().model(), model -> ConcurrentHashMap.newKeySet()).add(poll);
            at(due, () -> {
                if (poll.take()) {
                    call(flight, followed);
                }
            });
        } else {
            at(due, () -> call(flight, followed));
        }
    }

    private void call(Flight flight, FollowedJob followed) {
        Instant now = clock.instant();
        at(budget.reserve(now), () -> calls.execute(() -> step(flight, followed)));
    }

    /**
     * A job of {@code model} was just seen finished, so its run time is known (within bounds): the
     * model's other jobs at the provider are polled when that run time says they are due, if that
     * comes before the poll planned for them. A wave of jobs submitted together, whose run time
     * nobody knew, is thus noticed finished as soon as its first job is, instead of each at its own
     * next poll, planned as a share of its age (about 100 ms apart for 1 s jobs).
     */
    private void pollSooner(ModelId model) {
        Set<PlannedPoll> polls = planned.get(model);
        Optional<Duration> runTime = driver.expectedRunTime(model);
        if (polls == null || runTime.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (PlannedPoll poll : polls) {
            Instant due = poll.followed().since().plus(runTime.get());
            if (!poll.followed().lastUnfinished().isBefore(due) || poll.flight().result().isDone()) {
                // Seen unfinished after it was due (queued at the provider, or a longer job): the run
                // time says nothing new about it. A flight that ended needs no poll.
                continue;
            }
            Instant sooner = due.isBefore(now) ? now : due;
            if (sooner.plus(WORTH_MOVING).isBefore(poll.due()) && poll.take()) {
                dispatch(poll.flight(), poll.followed(), sooner);
            }
        }
    }

    /**
     * The wait before the next poll of a job whose model's run time is not known yet: its share of
     * half the call budget, if that is longer than {@code wait}. Before one of them finishes, the
     * model's young jobs are all asking the same thing (has its run time passed?), so their polls
     * together take at most half the budget and the other half builds up for what follows their
     * finish: the polls {@link #pollSooner} brings forward, the results, and the next jobs' submits,
     * which would otherwise queue for the budget behind the young jobs' polls. Each wait is that share
     * times a factor between 0.5 and 1.5, spread evenly over successive polls: jobs submitted
     * together would otherwise be polled at the same ages, each learning what the others did, while
     * spread out they look at many ages between them, and the first finish is seen soon after it.
     */
    private Duration unhurried(FollowedJob followed, Duration wait) {
        if (!followed.job().state().isAtProvider() || wait.isZero()) {
            return wait;
        }
        ModelId model = followed.job().request().model();
        Set<PlannedPoll> polls = planned.get(model);
        // Run times recalled from earlier runs do not count here: a batch's young jobs keep spreading
        // their polls (and their calls) until one of them is seen to end.
        if (polls == null || driver.runTimeSeen(model)) {
            return wait;
        }
        Duration share = budget.interval().multipliedBy(2L * (polls.size() + 1));
        double spread = 0.5 + (spreading.incrementAndGet() * GOLDEN_RATIO) % 1.0;
        Duration spreadShare = Duration.ofNanos((long) (share.toNanos() * spread));
        return spreadShare.compareTo(wait) > 0 ? spreadShare : wait;
    }

    /** Successive multiples of its fractional part cover [0, 1) evenly, whatever their number. */
    private static final double GOLDEN_RATIO = 0.6180339887498949;

    private final AtomicLong spreading = new AtomicLong();

    /** A planned poll is brought forward only if that gains at least this much. */
    private static final Duration WORTH_MOVING = Duration.ofMillis(5);

    /** A poll waiting for its moment; taken once, by its timer or by {@link #pollSooner} moving it. */
    private final class PlannedPoll {

        private final Flight flight;
        private final FollowedJob followed;
        private final Instant due;
        private final AtomicBoolean taken = new AtomicBoolean();

        PlannedPoll(Flight flight, FollowedJob followed, Instant due) {
            this.flight = flight;
            this.followed = followed;
            this.due = due;
        }

        Flight flight() {
            return flight;
        }

        FollowedJob followed() {
            return followed;
        }

        Instant due() {
            return due;
        }

        /** Whether the caller takes the poll (it then runs or moves it); false if it was taken already. */
        boolean take() {
            if (!taken.compareAndSet(false, true)) {
                return false;
            }
            Set<PlannedPoll> polls = planned.get(followed.job().request().model());
            if (polls != null) {
                polls.remove(this);
            }
            return true;
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
            Instant due = now.plus(unhurried(again.followed(), again.after()));
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
