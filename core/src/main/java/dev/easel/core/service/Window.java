package dev.easel.core.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Starts work for each item with at most {@code atOnce} under way, starting the next as one ends,
 * without a thread waiting: how a batch keeps its concurrency on the shared scheduler.
 */
final class Window {

    private Window() {
    }

    /** The results in the items' order; a failed item's future makes its slot hold the failure's future. */
    static <T, R> CompletableFuture<List<CompletableFuture<R>>> each(List<T> items, int atOnce,
                                                                     Function<T, CompletableFuture<R>> start) {
        List<CompletableFuture<R>> results = new ArrayList<>(Collections.nCopies(items.size(), null));
        CompletableFuture<List<CompletableFuture<R>>> all = new CompletableFuture<>();
        if (items.isEmpty()) {
            all.complete(results);
            return all;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        Runnable endOne = () -> {
            if (ended.incrementAndGet() == items.size()) {
                synchronized (results) {
                    all.complete(List.copyOf(results));
                }
            }
        };
        Runnable[] slot = new Runnable[1];
        // One slot of the window: starts items until one is still under way (items that end at once,
        // such as ones already stored, are passed over in this loop rather than by recursion).
        slot[0] = () -> {
            while (true) {
                int i = next.getAndIncrement();
                if (i >= items.size()) {
                    return;
                }
                CompletableFuture<R> started;
                try {
                    started = start.apply(items.get(i));
                } catch (RuntimeException failed) {
                    started = CompletableFuture.failedFuture(failed);
                }
                synchronized (results) {
                    results.set(i, started);
                }
                if (!started.isDone()) {
                    started.whenComplete((value, error) -> {
                        endOne.run();
                        slot[0].run();
                    });
                    return;
                }
                endOne.run();
            }
        };
        for (int i = 0; i < Math.min(atOnce, items.size()); i++) {
            slot[0].run();
        }
        return all;
    }
}
