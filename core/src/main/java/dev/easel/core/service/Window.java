package dev.easel.core.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Starts work for each item with at most {@code atOnce} holding a slot, starting the next as a slot
 * frees, without a thread waiting: how a batch keeps its concurrency on the shared scheduler. A slot
 * may free before its item's work ends (a batch frees it when the provider has finished the job, while
 * its outputs are still being stored); the window ends when every item's work has ended.
 */
final class Window {

    private Window() {
    }

    /** Work started for one item: its result, and when it gives its slot back (at the latest when the result ends). */
    record Started<R>(CompletableFuture<R> result, CompletableFuture<?> slotFreed) {
        Started {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(slotFreed, "slotFreed");
        }

        /** Work that holds its slot until it ends. */
        static <R> Started<R> untilDone(CompletableFuture<R> result) {
            return new Started<>(result, result);
        }
    }

    /** The results in the items' order; each item holds its slot until its work ends. */
    static <T, R> CompletableFuture<List<CompletableFuture<R>>> each(List<T> items, int atOnce,
                                                                     Function<T, CompletableFuture<R>> start) {
        return eachFreeing(items, atOnce, item -> Started.untilDone(start.apply(item)));
    }

    /**
     * The results in the items' order, complete once every item's work has ended; an item's slot
     * goes to the next item when its work frees it or ends, whichever comes first. A failed item's
     * future makes its slot hold the failure's future.
     */
    static <T, R> CompletableFuture<List<CompletableFuture<R>>> eachFreeing(List<T> items, int atOnce,
                                                                            Function<T, Started<R>> start) {
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
        // One slot of the window: starts items until one still holds it (items that free it at once,
        // such as ones already stored, are passed over in this loop rather than by recursion).
        slot[0] = () -> {
            while (true) {
                int i = next.getAndIncrement();
                if (i >= items.size()) {
                    return;
                }
                Started<R> started;
                try {
                    started = start.apply(items.get(i));
                } catch (RuntimeException failed) {
                    started = Started.untilDone(CompletableFuture.failedFuture(failed));
                }
                synchronized (results) {
                    results.set(i, started.result());
                }
                started.result().whenComplete((value, error) -> endOne.run());
                CompletableFuture<?> freed = started.slotFreed() == started.result() ? started.result()
                        : CompletableFuture.anyOf(started.slotFreed(), started.result());
                if (!freed.isDone()) {
                    freed.whenComplete((value, error) -> slot[0].run());
                    return;
                }
            }
        };
        for (int i = 0; i < Math.min(atOnce, items.size()); i++) {
            slot[0].run();
        }
        return all;
    }
}
