package dev.easel.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.SchemaProblem;
import dev.easel.core.model.GalleryEntry;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** The web front's JSON, owned by this adapter. */
final class Views {

    private Views() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobView(
            @JsonProperty("job_id") String jobId,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("provider") String provider,
            @JsonProperty("state") String state,
            @JsonProperty("finished") boolean finished,
            @JsonProperty("cancellable") boolean cancellable,
            @JsonProperty("note") String note,
            @JsonProperty("model") String model,
            @JsonProperty("inputs") Map<String, Object> inputs,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("cost_usd") BigDecimal cost,
            @JsonProperty("images") List<ImageView> images) {

        static JobView of(Job job, Function<String, String> url, Predicate<Job> cancellable) {
            JobState state = job.state();
            return new JobView(job.id().value(), job.requestId().map(Object::toString).orElse(null), job.providerName(),
                    state.name().toLowerCase(Locale.ROOT), state.isTerminal(),
                    cancellable.test(job),
                    job.note().isEmpty() ? null : job.note(), job.request().model().value(), job.request().inputs(),
                    job.createdAt().toString(), job.updatedAt().toString(), job.cost().orElse(null),
                    job.images().stream().map(i -> ImageView.of(i, url)).toList());
        }
    }

    record ImageView(@JsonProperty("key") String key, @JsonProperty("url") String url,
                     @JsonProperty("width") int width, @JsonProperty("height") int height,
                     @JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256,
                     @JsonProperty("media_type") String mediaType) {

        static ImageView of(StoredImage image, Function<String, String> url) {
            return new ImageView(image.key(), url.apply(image.key()), image.width(), image.height(), image.bytes(),
                    image.sha256(), image.mediaType().mime());
        }
    }

    record GalleryItem(@JsonProperty("image") ImageView image, @JsonProperty("job") JobView job) {

        static GalleryItem of(GalleryEntry entry, Function<String, String> url, Predicate<Job> cancellable) {
            return new GalleryItem(ImageView.of(entry.image(), url), JobView.of(entry.job(), url, cancellable));
        }
    }

    /** One gallery page; {@code next} is the {@code after} value of the following page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GalleryPage(@JsonProperty("items") List<GalleryItem> items, @JsonProperty("next") String next,
                       @JsonProperty("more") boolean more) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Usage(@JsonProperty("by") String by, @JsonProperty("since") String since,
                 @JsonProperty("groups") List<UsageGroup> groups, @JsonProperty("total_usd") BigDecimal totalUsd) {
    }

    record UsageGroup(@JsonProperty("group") String group, @JsonProperty("jobs") long jobs,
                      @JsonProperty("priced_jobs") long pricedJobs, @JsonProperty("cost_usd") BigDecimal costUsd) {

        static UsageGroup of(dev.easel.core.model.UsageLine line) {
            return new UsageGroup(line.group(), line.jobs(), line.pricedJobs(), line.costUsd());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelSummary(@JsonProperty("id") String id, @JsonProperty("name") String name,
                        @JsonProperty("summary") String summary, @JsonProperty("categories") List<String> categories,
                        @JsonProperty("price") String price) {

        static ModelSummary of(ModelDescription model) {
            return new ModelSummary(model.id().value(), model.name(), model.summary(), model.categories(),
                    model.priceOptional().map(Object::toString).orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FieldView(@JsonProperty("name") String name, @JsonProperty("type") String type,
                     @JsonProperty("title") String title, @JsonProperty("description") String description,
                     @JsonProperty("required") boolean required, @JsonProperty("default") Object defaultValue,
                     @JsonProperty("enum") List<Object> allowed, @JsonProperty("minimum") BigDecimal minimum,
                     @JsonProperty("maximum") BigDecimal maximum, @JsonProperty("items") String items,
                     @JsonProperty("format") String format, @JsonProperty("minLength") Integer minLength,
                     @JsonProperty("maxLength") Integer maxLength, @JsonProperty("minItems") Integer minItems,
                     @JsonProperty("maxItems") Integer maxItems) {

        static FieldView of(FieldSpec f) {
            return new FieldView(f.name(), f.type().jsonName(), f.title(), f.description(), f.required(),
                    f.defaultValue(), f.allowed().isEmpty() ? null : f.allowed(), f.minimum(), f.maximum(),
                    f.type() == FieldType.ARRAY ? f.itemType().jsonName() : null, f.isFileInput() ? "uri" : null,
                    f.minLength(), f.maxLength(), f.minItems(), f.maxItems());
        }
    }

    record Schema(@JsonProperty("id") String id, @JsonProperty("name") String name,
                  @JsonProperty("summary") String summary, @JsonProperty("inputs") List<FieldView> inputs,
                  @JsonProperty("problems") List<String> problems) {

        static Schema of(ModelDescription model) {
            return new Schema(model.id().value(), model.name(), model.summary(),
                    model.inputs().fields().stream().map(FieldView::of).toList(),
                    model.inputs().problems().stream().map(SchemaProblem::message).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(@JsonProperty("error") String error, @JsonProperty("message") String message,
                   @JsonProperty("violations") List<ViolationView> violations) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ViolationView(@JsonProperty("field") String field, @JsonProperty("value") Object value,
                         @JsonProperty("message") String message) {
    }

    /**
     * How long a job may stay SUBMITTING while a process is still sending it: longer than any
     * provider call may last. A client of the gateway gets a job's id only once the provider has
     * answered its submit, so a job it finds SUBMITTING for longer was left so by a server that
     * stopped while sending it: its outcome is unknown, and it is never sent again.
     */
    static final Duration SUBMIT_OUTCOME_UNKNOWN_AFTER = Duration.ofMinutes(10);

    /** Whether the job was left SUBMITTING by a process that stopped: nobody will move it on. */
    static boolean outcomeUnknown(Job job, Instant now) {
        return job.state() == JobState.SUBMITTING && job.updatedAt().plus(SUBMIT_OUTCOME_UNKNOWN_AFTER).isBefore(now);
    }

    /**
     * Why a job whose {@link #outcomeUnknown outcome is unknown} reads as failed. The gateway answers a
     * submit only once the provider has accepted it, so a job whose id a client got that way was
     * received, and is charged for, though Easel cannot follow it (decision 0023's window).
     */
    static String unknownOutcome(Job job) {
        return "the server stopped before it recorded the provider's answer to this request: if this id came from"
                + " a submit's answer, the provider received the request and charges for it, but Easel cannot follow it"
                + " or fetch its image; it was not sent again. Look for it in the provider's dashboard before sending"
                + " it again; `easel status " + job.id() + "` on the server tells more";
    }

    /**
     * A job in RunComfy's words, for the gateway. A job left SUBMITTING by a server that stopped reads
     * as failed, so that a client stops asking about a job nobody will move on.
     */
    static String runComfyStatus(Job job, Instant now) {
        if (outcomeUnknown(job, now)) {
            return "failed";
        }
        return switch (job.state()) {
            case PENDING, SUBMITTING, SUBMITTED, QUEUED -> "in_queue";
            case RUNNING, SUCCEEDED -> "in_progress";
            case STORED -> "completed";
            case FAILED, EXPIRED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }
}
