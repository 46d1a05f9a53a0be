package dev.easel.adapter.support.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PictureCacheTest {

    @Test
    void aPictureAskedForByManyAtOnceIsDrawnOnce() throws Exception {
        PictureCache cache = new PictureCache(4);
        AtomicInteger drawn = new AtomicInteger();
        CountDownLatch drawing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> cache.get("a", () -> {
                drawn.incrementAndGet();
                drawing.countDown();
                await(release);
                return new byte[] {1};
            }), pool);
            assertThat(drawing.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> cache.get("a", () -> {
                drawn.incrementAndGet();
                return new byte[] {2};
            }), pool);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(1);
            assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(1);
            assertThat(drawn).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheLastFewAreKeptAndAFailedDrawingIsNot() {
        PictureCache cache = new PictureCache(2);
        AtomicInteger drawn = new AtomicInteger();
        for (String key : new String[] {"a", "b", "c", "a"}) {
            cache.get(key, () -> new byte[] {(byte) drawn.incrementAndGet()});
        }
        assertThat(drawn).as("a was dropped for c, then drawn again").hasValue(4);

        assertThatThrownBy(() -> cache.get("broken", () -> {
            throw new IllegalStateException("no writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(cache.get("broken", () -> new byte[] {9})).containsExactly(9);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
