package dev.easel.adapter.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Jobs in flight per client: a slot is taken before a submit reaches the provider and given back
 * when the server stops following the job (it finished, failed, was cancelled, or timed out). A
 * client at its limit is refused before anything is submitted, so a leaked key or a runaway
 * script can only have so many paid jobs running at once.
 */
final class InFlight {

    private final int max;
    private final Map<String, Integer> active = new HashMap<>();

    InFlight(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code client}; false when it already has {@code max} jobs in flight. */
    synchronized boolean take(String client) {
        int now = active.getOrDefault(client, 0);
        if (now >= max) {
            return false;
        }
        active.put(client, now + 1);
        return true;
    }

    synchronized void give(String client) {
        active.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int active(String client) {
        return active.getOrDefault(client, 0);
    }

    int max() {
        return max;
    }
}
