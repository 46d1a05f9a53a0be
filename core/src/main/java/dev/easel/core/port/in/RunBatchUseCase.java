package dev.easel.core.port.in;

import dev.easel.core.error.Violation;
import java.util.List;

/**
 * Generate many images: validate every item first (an invalid one stops everything unless it is to
 * be skipped, and nothing is submitted), then run them with bounded concurrency. Returns how each
 * item ended, in item order.
 *
 * @throws dev.easel.core.error.InvalidRequestException naming each invalid item by its line
 */
public interface RunBatchUseCase {

    List<BatchOutcome> run(BatchCommand command, BatchListener listener);

    /** Every problem of every item, each prefixed with its line, without running anything. */
    List<Violation> check(List<BatchItem> items);
}
