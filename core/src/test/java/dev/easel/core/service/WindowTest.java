package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowTest {

    private final List<Integer> items = IntStream.rangeClosed(1, 5).boxed().toList();
    private final List<CompletableFuture<String>> results = new ArrayList<>();
    private final List<CompletableFuture<Void>> slots = new ArrayList<>();

    private Window.Started<String> start(int item) {
        CompletableFuture<String> result = new CompletableFuture<>();
        CompletableFuture<Void> slot = new CompletableFuture<>();
        results.add(result);
        slots.add(slot);
        return new Window.Started<>(result, slot);
    }

    @Test
    void startsTheNextItemWhenASlotFreesAndEndsWhenEveryResultHas() {
        CompletableFuture<List<CompletableFuture<String>>> all = Window.eachFreeing(items, 2, this::start);
        assertThat(results).hasSize(2);

        slots.get(0).complete(null);
        assertThat(results).as("the freed slot went to item 3 while item 1 still works").hasSize(3);
        assertThat(all).isNotDone();

        results.get(1).complete("two");
        assertThat(results).as("an item that ends frees its slot too").hasSize(4);
        slots.get(2).complete(null);
        slots.get(3).complete(null);
        assertThat(results).hasSize(5);
        results.get(0).complete("one");
        results.get(2).complete("three");
        results.get(3).complete("four");
        assertThat(all).isNotDone();
        results.get(4).complete("five");

        assertThat(all.join()).extracting(CompletableFuture::join).containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    void neverHasMoreItemsHoldingASlotThanAllowed() {
        Window.eachFreeing(items, 2, this::start);

        for (int freed = 0; freed < 3; freed++) {
            long holding = slots.stream().filter(s -> !s.isDone()).count();
            assertThat(holding).isEqualTo(2);
            slots.get(freed).complete(null);
        }
        assertThat(results).hasSize(5);
    }

    @Test
    void eachHoldsTheSlotUntilTheResultEnds() {
        List<CompletableFuture<String>> plain = new ArrayList<>();
        CompletableFuture<List<CompletableFuture<String>>> all = Window.each(items, 1, item -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            plain.add(f);
            return f;
        });
        for (int i = 0; i < 5; i++) {
            assertThat(plain).hasSize(i + 1);
            plain.get(i).complete("r" + i);
        }
        assertThat(all.join()).hasSize(5);
    }
}
