package dev.easel.core.testing;

import dev.easel.core.service.TaskTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A timer in virtual time for single-threaded tests (the scheduler's workers run tasks on the
 * caller's thread): a scheduled task is queued, and the first caller drains the queue in time
 * order, moving the {@link MutableClock} forward to each task's moment instead of waiting.
 */
public final class VirtualTimer implements TaskTimer {

    private final MutableClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;
    private boolean draining;

    public VirtualTimer(MutableClock clock) {
        this.clock = clock;
    }

    private record Entry(Instant due, long order, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        queue.add(new Entry(clock.instant().plus(delay), sequence++, task));
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!queue.isEmpty()) {
                Entry next = queue.poll();
                if (next.due().isAfter(clock.instant())) {
                    clock.advance(Duration.between(clock.instant(), next.due()));
                }
                next.task().run();
            }
        } finally {
            draining = false;
        }
    }

    @Override
    public void close() {
        queue.clear();
    }
}
