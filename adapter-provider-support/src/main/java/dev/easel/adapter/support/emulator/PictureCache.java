package dev.easel.adapter.support.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The last few pictures an emulator drew, by a key of the emulator's (size, format, look): enough
 * for every download of a job and bounded in memory. Each is drawn once, however many downloads ask
 * for it at the same time, and drawing one never holds up the others.
 */
public final class PictureCache {

    private final Map<String, CompletableFuture<byte[]>> pictures;

    public PictureCache(int capacity) {
        this.pictures = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<byte[]>> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The picture under {@code key}, drawn now by {@code draw} if no one has it; a drawing that failed
     * is not kept, and its failure is thrown to the caller that drew (to those who waited for it, as a
     * {@link java.util.concurrent.CompletionException}).
     */
    public byte[] get(String key, Supplier<byte[]> draw) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> existing = pictures.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(draw.get());
            } catch (RuntimeException e) {
                pictures.remove(key);
                mine.completeExceptionally(e);
                throw e;
            }
            existing = mine;
        }
        return existing.join();
    }
}
