package dev.easel.adapter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.easel.core.model.Job;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A job as {@code --json} prints it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("provider") String provider,
        @JsonProperty("state") String state,
        @JsonProperty("note") String note,
        @JsonProperty("model") String model,
        @JsonProperty("inputs") Map<String, Object> inputs,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("cost_usd") BigDecimal cost,
        @JsonProperty("images") List<Image> images) {

    record Image(@JsonProperty("path") String path, @JsonProperty("key") String key, @JsonProperty("bytes") long bytes,
                 @JsonProperty("sha256") String sha256, @JsonProperty("media_type") String mediaType,
                 @JsonProperty("width") int width, @JsonProperty("height") int height) {
    }

    static JobView of(Job job, Function<dev.easel.core.model.StoredImage, String> locate) {
        return new JobView(job.id().value(), job.requestId().map(Object::toString).orElse(null), job.providerName(),
                job.state().name().toLowerCase(java.util.Locale.ROOT), job.note().isEmpty() ? null : job.note(),
                job.request().model().value(), job.request().inputs(), job.createdAt().toString(),
                job.updatedAt().toString(), job.cost().orElse(null),
                job.images().stream().map(i -> new Image(locate.apply(i), i.key(), i.bytes(), i.sha256(),
                        i.mediaType().mime(), i.width(), i.height())).toList());
    }
}
