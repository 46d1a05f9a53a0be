package dev.easel.core.port.out;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.JobId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Where and how a store should keep one output: the job it belongs to, its 1-based index, the day
 * that names its folder, the request that made it (so the image can tell how it was made), and the
 * largest number of bytes to accept.
 */
public record NewImage(JobId job, int index, LocalDate day, GenerationRequest request, long maxBytes) {

    public NewImage {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(request, "request");
        if (index < 1) {
            throw new IllegalArgumentException("index counts from 1, got " + index);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    /** The file name without extension, {@code <job-id>-<n>}. */
    public String baseName() {
        return job.value() + "-" + index;
    }
}
