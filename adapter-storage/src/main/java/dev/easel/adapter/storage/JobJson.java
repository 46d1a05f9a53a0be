package dev.easel.adapter.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.Transition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as Easel writes it: one line of the journal, and the {@code <job-id>.json} record beside its
 * images. Owned by the storage adapter; the core's {@link Job} carries no JSON annotations.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobJson(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("model") String model,
        @JsonProperty("inputs") Map<String, Object> inputs,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("state") String state,
        @JsonProperty("note") String note,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("history") List<Step> history,
        @JsonProperty("output_urls") List<String> outputUrls,
        @JsonProperty("outputs") List<Output> outputs,
        @JsonProperty("cost_usd") BigDecimal cost,
        @JsonProperty("key") String key,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("provider") String provider) {

    /*
     * One mapper for the records of every journal and import in the process: Jackson builds its reader
     * of these types (a few tens of milliseconds, by reflection) once, not once per journal, and the
     * launcher can have it built on another thread before a command needs it (prepareReading()). It is
     * built on its first use: `jobs` reads records; `generate` and `batch` only once their first job is
     * at the provider, to recall the model's run times (decisions 0024, 0029), never before the submit.
     *
     * Records are written field by field with Jackson's streaming generator instead of its data binding:
     * the same text (JobJsonTest compares the two on every kind of value), without building a serializer
     * of each type by reflection first, which was 40-60 ms of CPU before `generate` could journal its job
     * while both cores were busy starting (decision 0028).
     */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Reader {
        static final ObjectReader READER = JSON.readerFor(JobJson.class);
    }

    /** A record as written by {@link #write()}. */
    public static JobJson read(String record) throws JsonProcessingException {
        return Reader.READER.readValue(record);
    }

    /**
     * The record as one line of JSON, as Jackson's data binding writes it with this record's annotations:
     * fields in their order, a null field left out ({@code NON_NULL}), a step's null or empty field left out
     * ({@code NON_EMPTY}).
     */
    public String write() throws JsonProcessingException {
        StringWriter text = new StringWriter(512);
        write(text, false);
        return text.toString();
    }

    /**
     * The record as its file beside the images holds it: indented, as the data binding writes it with
     * {@code INDENT_OUTPUT}, in UTF-8.
     */
    public byte[] writeIndented() throws JsonProcessingException {
        StringWriter text = new StringWriter(1024);
        write(text, true);
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void write(StringWriter text, boolean indented) throws JsonProcessingException {
        try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
            if (indented) {
                out.useDefaultPrettyPrinter();
            }
            out.writeStartObject();
            field(out, "job_id", jobId);
            field(out, "model", model);
            if (inputs != null) {
                out.writeFieldName("inputs");
                value(out, inputs);
            }
            field(out, "request_id", requestId);
            field(out, "state", state);
            field(out, "note", note);
            field(out, "created_at", createdAt);
            field(out, "updated_at", updatedAt);
            if (history != null) {
                out.writeArrayFieldStart("history");
                for (Step step : history) {
                    step.write(out);
                }
                out.writeEndArray();
            }
            if (outputUrls != null) {
                out.writeArrayFieldStart("output_urls");
                for (String url : outputUrls) {
                    out.writeString(url);
                }
                out.writeEndArray();
            }
            if (outputs != null) {
                out.writeArrayFieldStart("outputs");
                for (Output output : outputs) {
                    output.write(out);
                }
                out.writeEndArray();
            }
            if (cost != null) {
                out.writeFieldName("cost_usd");
                out.writeNumber(cost);
            }
            field(out, "key", key);
            field(out, "requested_by", requestedBy);
            field(out, "provider", provider);
            out.writeEndObject();
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // A StringWriter does not fail; a generator reports its own errors as JsonProcessingException.
            throw new UncheckedIOException(e);
        }
    }

    private static void field(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    /**
     * One input value: the types the core's inputs are made of written directly, as the data binding would;
     * any other (none today) handed to the data binding, which the generator's mapper is.
     */
    private static void value(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else if (value instanceof Float number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName((String) entry.getKey());
                value(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                value(out, item);
            }
            out.writeEndArray();
        } else {
            out.writeObject(value);
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A record with every field, as {@link #write()} writes it. */
    static final String SAMPLE = "{\"job_id\":\"20260101-000000-abcdef\",\"model\":\"bytedance/seedream-5/lite/text-to-image\","
            + "\"inputs\":{\"prompt\":\"prepared\",\"seed\":7,\"guidance\":2.5,\"enabled\":true,"
            + "\"images\":[\"https://example.com/a.png\"],\"nested\":{\"key\":\"value\"}},"
            + "\"request_id\":\"00000000-0000-0000-0000-000000000000\",\"state\":\"STORED\",\"note\":\"prepared\","
            + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:01Z\","
            + "\"history\":[{\"state\":\"PENDING\",\"at\":\"2026-01-01T00:00:00Z\"},"
            + "{\"state\":\"STORED\",\"at\":\"2026-01-01T00:00:01Z\",\"note\":\"prepared\"}],"
            + "\"output_urls\":[\"https://example.com/out.png\"],\"outputs\":[{\"key\":\"out/1.png\",\"bytes\":1,"
            + "\"sha256\":\"" + "0".repeat(64) + "\",\"media_type\":\"image/png\",\"width\":1,\"height\":1}],"
            + "\"cost_usd\":0.035,\"key\":\"key\",\"requested_by\":\"cli\",\"provider\":\"runcomfy\"}";

    /**
     * Has Jackson build its reader of records, and the core the classes a job is made of, by reading
     * a record that has every field: what the first record read would otherwise pay. Safe from any thread.
     */
    public static void prepareReading() {
        try {
            read(SAMPLE).toJob();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sample record does not read", e);
        }
    }

    /**
     * The same for writing records: writes a job that has every field, made without the reader (which a
     * command that only writes records never needs). Safe from any thread.
     */
    public static void prepareWriting() {
        try {
            of(sample().toJob()).write();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sample record does not write", e);
        }
    }

    /** {@link #SAMPLE} as a record. */
    static JobJson sample() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("prompt", "prepared");
        inputs.put("seed", 7);
        inputs.put("guidance", 2.5);
        inputs.put("enabled", true);
        inputs.put("images", List.of("https://example.com/a.png"));
        inputs.put("nested", Map.of("key", "value"));
        return new JobJson("20260101-000000-abcdef", "bytedance/seedream-5/lite/text-to-image", inputs,
                "00000000-0000-0000-0000-000000000000", "STORED", "prepared", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", List.of(new Step("PENDING", "2026-01-01T00:00:00Z", null),
                        new Step("STORED", "2026-01-01T00:00:01Z", "prepared")),
                List.of("https://example.com/out.png"),
                List.of(new Output("out/1.png", 1, "0".repeat(64), "image/png", 1, 1)),
                new BigDecimal("0.035"), "key", "cli", "runcomfy");
    }

    /** One transition, with its time as ISO-8601. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(@JsonProperty("state") String state, @JsonProperty("at") String at,
                       @JsonProperty("note") String note) {

        private void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            nonEmpty(out, "state", state);
            nonEmpty(out, "at", at);
            nonEmpty(out, "note", note);
            out.writeEndObject();
        }

        private static void nonEmpty(JsonGenerator out, String name, String value) throws IOException {
            if (value != null && !value.isEmpty()) {
                out.writeStringField(name, value);
            }
        }
    }

    /** One stored image. */
    public record Output(@JsonProperty("key") String key, @JsonProperty("bytes") long bytes,
                         @JsonProperty("sha256") String sha256, @JsonProperty("media_type") String mediaType,
                         @JsonProperty("width") int width, @JsonProperty("height") int height) {

        private void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            field(out, "key", key);
            out.writeNumberField("bytes", bytes);
            field(out, "sha256", sha256);
            field(out, "media_type", mediaType);
            out.writeNumberField("width", width);
            out.writeNumberField("height", height);
            out.writeEndObject();
        }
    }

    public static JobJson of(Job job) {
        return new JobJson(job.id().value(), job.request().model().value(), job.request().inputs(),
                job.requestId().map(RequestId::value).orElse(null), job.state().name(),
                job.note().isEmpty() ? null : job.note(), job.createdAt().toString(), job.updatedAt().toString(),
                job.history().stream().map(t -> new Step(t.state().name(), t.at().toString(), t.note())).toList(),
                job.outputUrls().stream().map(URI::toString).toList(),
                job.images().stream().map(i -> new Output(i.key(), i.bytes(), i.sha256(), i.mediaType().mime(),
                        i.width(), i.height())).toList(),
                job.cost().orElse(null), job.key().orElse(null), job.requestedBy().orElse(null),
                job.provider().orElse(null));
    }

    public Job toJob() {
        List<Transition> steps = history.stream()
                .map(s -> new Transition(JobState.valueOf(s.state()), Instant.parse(s.at()), s.note()))
                .toList();
        List<StoredImage> images = outputs == null ? List.of() : outputs.stream()
                .map(o -> new StoredImage(o.key(), o.bytes(), o.sha256(), mediaType(o.mediaType()), o.width(), o.height()))
                .toList();
        return Job.restore(JobId.of(jobId), GenerationRequest.restored(ModelId.of(model), inputs),
                requestId == null ? null : RequestId.of(requestId), steps,
                outputUrls == null ? List.of() : outputUrls.stream().map(URI::create).toList(), images, cost, key, requestedBy, provider);
    }

    private static MediaType mediaType(String mime) {
        for (MediaType type : MediaType.values()) {
            if (type.mime().equals(mime)) {
                return type;
            }
        }
        throw new IllegalArgumentException("media type \"" + mime + "\" is not one Easel stores");
    }
}
