package dev.easel.adapter.support.emulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long an emulator itself took to answer each kind of call, from the moment its handler got the
 * request to the moment the answer was written, so that a benchmark can tell the emulator's own time
 * from its client's. Keeps the last {@value #KEPT} times of each kind.
 */
public final class CallTimes {

    static final int KEPT = 10_000;

    private final Map<String, Ring> kinds = new ConcurrentHashMap<>();

    /** Notes that a call of {@code kind} took {@code nanos} inside the emulator. */
    public void record(String kind, long nanos) {
        kinds.computeIfAbsent(kind, k -> new Ring()).add(nanos);
    }

    /** Per kind: how many calls, and the median, 90th percentile and maximum in milliseconds. */
    public Map<String, Object> summary() {
        Map<String, Object> all = new TreeMap<>();
        kinds.forEach((kind, ring) -> {
            long[] sorted = ring.sorted();
            if (sorted.length == 0) {
                return;
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("count", ring.count());
            one.put("p50_ms", millis(sorted[(sorted.length - 1) / 2]));
            one.put("p90_ms", millis(sorted[(int) Math.round(0.9 * (sorted.length - 1))]));
            one.put("max_ms", millis(sorted[sorted.length - 1]));
            all.put(kind, one);
        });
        return all;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static final class Ring {
        private final long[] values = new long[KEPT];
        private long count;

        synchronized void add(long nanos) {
            values[(int) (count % KEPT)] = nanos;
            count++;
        }

        synchronized long count() {
            return count;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, (int) Math.min(count, KEPT));
            Arrays.sort(copy);
            return copy;
        }
    }
}
