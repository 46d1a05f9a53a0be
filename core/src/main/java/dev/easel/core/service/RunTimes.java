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
 *
 * <p>A poll sees only that a job ended between two polls, so each run time is known within bounds:
 * at least until the last poll that found the job unfinished, at most until the one that found it
 * done. The typical run time is the median of the middles of those bounds; when every recent job's
 * bounds overlap (a model whose jobs take the same time, polled at different moments), it is also
 * kept within the overlap, which is much narrower than any one job's bounds when the polls were far
 * apart, as they are before a model's run time is known.
 */
final class RunTimes {

    static final int KEPT = 16;

    private final Map<ModelId, Deque<Bounds>> recent = new ConcurrentHashMap<>();
    /** What the journal said of each model's jobs before this process saw any of them end ({@link #recall}). */
    private final Map<ModelId, List<Bounds>> recalled = new ConcurrentHashMap<>();

    /** A job that ran for at least {@code atLeast} and at most {@code atMost}. */
    void record(ModelId model, Duration atLeast, Duration atMost) {
        if (atLeast.isNegative() || atMost.compareTo(atLeast) < 0) {
            return;
        }
        Deque<Bounds> times = recent.computeIfAbsent(model, m -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(new Bounds(atLeast, atMost));
            if (times.size() > KEPT) {
                times.removeFirst();
            }
        }
    }

    /**
     * What earlier processes saw of the model's jobs (oldest first): each one's time from its submit's
     * answer to its success being noticed, an upper bound on its run time, close to it for a job
     * polled near its due time. Each counts as ended within the last {@value #RECALLED_SHARE_PARTS}th
     * of that time. They stand in until this process has seen one of the model's jobs end: from then
     * on only what it saw itself counts.
     */
    void recall(ModelId model, List<Duration> past) {
        List<Bounds> bounds = new ArrayList<>();
        for (Duration atMost : past) {
            if (!atMost.isNegative()) {
                bounds.add(new Bounds(atMost.minus(atMost.dividedBy(RECALLED_SHARE_PARTS)), atMost));
            }
        }
        if (!bounds.isEmpty()) {
            recalled.put(model, List.copyOf(bounds.subList(Math.max(0, bounds.size() - KEPT), bounds.size())));
        }
    }

    /** A recalled run time is taken to lie within this share of its upper bound ({@link PollingPolicy#NEAR_DUE_PARTS}). */
    static final int RECALLED_SHARE_PARTS = PollingPolicy.NEAR_DUE_PARTS;

    /** Whether this process has seen one of the model's jobs end (asked at every poll: nothing is copied). */
    boolean seenHere(ModelId model) {
        Deque<Bounds> times = recent.get(model);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            return !times.isEmpty();
        }
    }

    /** Whether what is known of the model comes from earlier processes only: a hint, which may be far off. */
    boolean recalledOnly(ModelId model) {
        return !seenHere(model) && recalled.containsKey(model);
    }

    /** The typical run time, once at least three jobs were seen (by this process, else by earlier ones). */
    Optional<Duration> typical(ModelId model) {
        List<Bounds> own = seen(model);
        if (!own.isEmpty()) {
            return typicalOf(own);
        }
        return typicalOf(recalled.getOrDefault(model, List.of()));
    }

    /**
     * What to expect of the model's next jobs: the {@link #typical} run time once it is known; before
     * that, the shortest time within which one of the jobs this process saw was done (a first wave of
     * jobs submitted together learns it from the first of them to finish).
     */
    Optional<Duration> expected(ModelId model) {
        Optional<Duration> typical = typical(model);
        if (typical.isPresent()) {
            return typical;
        }
        return seen(model).stream().map(Bounds::atMost).min(Duration::compareTo);
    }

    private List<Bounds> seen(ModelId model) {
        Deque<Bounds> times = recent.get(model);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return new ArrayList<>(times);
        }
    }

    private static Optional<Duration> typicalOf(List<Bounds> seen) {
        if (seen.size() < 3) {
            return Optional.empty();
        }
        List<Duration> middles = new ArrayList<>();
        Duration longestAtLeast = Duration.ZERO;
        Duration shortestAtMost = seen.get(0).atMost();
        for (Bounds b : seen) {
            middles.add(b.atLeast().plus(b.atMost()).dividedBy(2));
            longestAtLeast = b.atLeast().compareTo(longestAtLeast) > 0 ? b.atLeast() : longestAtLeast;
            shortestAtMost = b.atMost().compareTo(shortestAtMost) < 0 ? b.atMost() : shortestAtMost;
        }
        Collections.sort(middles);
        Duration median = middles.get(middles.size() / 2);
        if (longestAtLeast.compareTo(shortestAtMost) > 0) {
            return Optional.of(median);
        }
        return Optional.of(median.compareTo(longestAtLeast) < 0 ? longestAtLeast
                : median.compareTo(shortestAtMost) > 0 ? shortestAtMost : median);
    }

    private record Bounds(Duration atLeast, Duration atMost) {
    }
}
