package dev.easel.core.port.in;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Run these items with at most {@code concurrency} jobs at once, each waited for at most
 * {@code timeout}. Every item is validated before anything is submitted: any invalid item stops the
 * batch unless {@code skipInvalid}. Items already stored or under way are not paid for again unless
 * {@code force}.
 */
public record BatchCommand(List<BatchItem> items, int concurrency, Duration timeout, boolean skipInvalid, boolean force) {

    public static final int MAX_CONCURRENCY = 64;

    public BatchCommand {
        items = List.copyOf(items);
        Objects.requireNonNull(timeout, "timeout");
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw dev.easel.core.error.InvalidRequestException.of("concurrency", concurrency,
                    "is not allowed: use an integer from 1 to " + MAX_CONCURRENCY);
        }
    }
}
