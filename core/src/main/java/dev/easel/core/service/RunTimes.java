package dev.easel.core.service;

import dev.easel.core.model.ModelId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a model's recent jobs took at the provider, so that polling can look in when the next one
 * is due instead of only on a schedule: in a batch of similar jobs, a job is then noticed within
 * one minimum poll interval of finishing. Keeps the last {@value #KEPT} run times per model.
 */
final class RunTimes {

    static final int KEPT = 16;

    private final Map<ModelId, Deque<Duration>> recent = new ConcurrentHashMap<>();

    void record(ModelId model, Duration runTime) {
        if (runTime.isNegative()) {
            return;
        }
        Deque<Duration> times = recent.computeIfAbsent(model, m -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(runTime);
            if (times.size() > KEPT) {
                times.removeFirst();
            }
        }
    }

    /** The median of the recent run times, once at least three were seen. */
    Optional<Duration> typical(ModelId model) {
        Deque<Duration> times = recent.get(model);
        if (times == null) {
            return Optional.empty();
        }
        List<Duration> sorted;
        synchronized (times) {
            if (times.size() < 3) {
                return Optional.empty();
            }
            sorted = new ArrayList<>(times);
        }
        Collections.sort(sorted);
        return Optional.of(sorted.get(sorted.size() / 2));
    }
}
