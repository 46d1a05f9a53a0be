package dev.easel.adapter.langchain4j;

import dev.easel.core.Easel;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobNotStoredException;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LangChain4j's {@link ImageModel} backed by Easel: each request is validated against the model's
 * schema, journaled, paid once and stored, and the {@link Image}s returned point at Easel's stored
 * copies (a {@code file:} URI for the file store, the object's URL for S3), which do not expire.
 *
 * <p>{@code generate(prompt, n)} runs n jobs side by side, one image each, so that n images come back
 * whatever the model's own batching does. {@code edit} sends the image to the edit model's image
 * input (a data URI when the image is a local file or inline bytes).
 */
public final class EaselImageModel implements ImageModel {

    private final Easel easel;
    private final ModelId model;
    private final ModelId editModel;
    private final Map<String, Object> inputs;

    private EaselImageModel(Builder builder) {
        this.easel = Objects.requireNonNull(builder.easel, "easel");
        this.model = builder.model;
        this.editModel = builder.editModel;
        this.inputs = Map.copyOf(builder.inputs);
    }

    public static Builder builder(Easel easel) {
        return new Builder(easel);
    }

    @Override
    public Response<Image> generate(String prompt) {
        Job job = run(model, prompt, Map.of());
        return Response.from(images(job).get(0), null, null, metadata(job));
    }

    @Override
    public Response<List<Image>> generate(String prompt, int n) {
        List<Image> images = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Job ended : easel.generate(request(model, prompt, Map.of()), n)) {
            Job job = stored(ended);
            images.addAll(images(job));
            ids.add(job.id().value());
        }
        return Response.from(images, null, null, Map.of("job_ids", ids, "model", model.value()));
    }

    @Override
    public Response<Image> edit(Image image, String prompt) {
        ModelId target = editModel == null ? model : editModel;
        FieldSpec field = easel.describe(target).inputs().fields().stream().filter(FieldSpec::isFileInput).findFirst()
                .orElseThrow(() -> InvalidRequestException.of("model", target.value(),
                        "takes no image input: set an edit model, such as bytedance/seedream-5/lite/edit"));
        String reference = reference(image);
        Object value = field.type() == FieldType.ARRAY ? List.of(reference) : reference;
        Job job = run(target, prompt, Map.of(field.name(), value));
        return Response.from(images(job).get(0), null, null, metadata(job));
    }

    private Job run(ModelId target, String prompt, Map<String, Object> extra) {
        return stored(easel.generate(request(target, prompt, extra)));
    }

    private ModelInputs request(ModelId target, String prompt, Map<String, Object> extra) {
        Map<String, Object> all = new LinkedHashMap<>(inputs);
        all.put("prompt", prompt);
        all.putAll(extra);
        return new Inputs(target, all);
    }

    private static Job stored(Job job) {
        if (job.state() != JobState.STORED) {
            throw new JobNotStoredException(job);
        }
        return job;
    }

    private List<Image> images(Job job) {
        return job.images().stream().map(this::image).toList();
    }

    private Image image(StoredImage stored) {
        return Image.builder().url(easel.locationUri(stored)).mimeType(stored.mediaType().mime()).build();
    }

    private static Map<String, Object> metadata(Job job) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("job_id", job.id().value());
        metadata.put("model", job.request().model().value());
        job.requestId().ifPresent(id -> metadata.put("request_id", id.value()));
        return metadata;
    }

    /** What the provider can fetch: an http(s) or data URI as given; a local file or inline bytes as a data URI. */
    private static String reference(Image image) {
        if (image.base64Data() != null) {
            return "data:" + (image.mimeType() == null ? "image/png" : image.mimeType()) + ";base64," + image.base64Data();
        }
        URI url = Objects.requireNonNull(image.url(), "the image has neither a URL nor base64 data");
        if (!"file".equalsIgnoreCase(url.getScheme())) {
            return url.toString();
        }
        try {
            Path file = Path.of(url);
            String mime = image.mimeType() != null ? image.mimeType() : Files.probeContentType(file);
            return "data:" + (mime == null ? "image/png" : mime) + ";base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException | InvalidPathException e) {
            throw new UncheckedIOException(new IOException("cannot read the image to edit, " + url + ": " + e.getMessage(), e));
        }
    }

    /** Raw inputs for one model. */
    private record Inputs(ModelId model, Map<String, Object> inputs) implements ModelInputs {
    }

    /** The model to run (Seedream 5 Lite text-to-image unless told), an edit model, and inputs applied to every request. */
    public static final class Builder {
        private final Easel easel;
        private ModelId model = SeedreamLiteTextToImage.MODEL;
        private ModelId editModel;
        private final Map<String, Object> inputs = new LinkedHashMap<>();

        private Builder(Easel easel) {
            this.easel = easel;
        }

        public Builder model(String id) {
            this.model = ModelId.of(id);
            return this;
        }

        /** The model {@code edit} runs; without it, {@code edit} uses the main model, which must take an image. */
        public Builder editModel(String id) {
            this.editModel = ModelId.of(id);
            return this;
        }

        /** An input given to every request, such as {@code resolution}; checked by the model's schema when used. */
        public Builder input(String name, Object value) {
            this.inputs.put(name, value);
            return this;
        }

        public EaselImageModel build() {
            return new EaselImageModel(this);
        }
    }
}
