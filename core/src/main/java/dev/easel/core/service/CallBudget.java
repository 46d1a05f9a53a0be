package dev.easel.core.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How fast Easel calls one provider: at most {@code perSecond} calls a second on average, with bursts
 * of up to {@code burst} calls at once. A caller reserves a moment for its call instead of waiting
 * for it, so no thread sleeps while over budget (a cell-rate algorithm: the next free moment moves
 * on by one interval per call).
 */
public final class CallBudget {

    private final Duration interval;
    private final int burst;
    private Instant nextFree = Instant.MIN;

    public CallBudget(double perSecond, int burst) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a call budget needs perSecond > 0 and burst >= 1, got "
                    + perSecond + " and " + burst);
        }
        this.interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
        this.burst = burst;
    }

    /** The time between calls at the average rate. */
    public Duration interval() {
        return interval;
    }

    /** The first moment at or after {@code earliest} at which one more call keeps within the budget; reserved. */
    public synchronized Instant reserve(Instant earliest) {
        Objects.requireNonNull(earliest, "earliest");
        Instant floor = earliest.minus(interval.multipliedBy(burst - 1L));
        if (nextFree.isBefore(floor)) {
            nextFree = floor;
        }
        Instant granted = nextFree.isAfter(earliest) ? nextFree : earliest;
        nextFree = nextFree.plus(interval);
        return granted;
    }
}
