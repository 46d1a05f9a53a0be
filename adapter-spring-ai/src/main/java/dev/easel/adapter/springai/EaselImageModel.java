package dev.easel.adapter.springai;

import dev.easel.core.Easel;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobNotStoredException;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.ImageResponseMetadata;

/**
 * Spring AI's {@link ImageModel} backed by Easel: the prompt and its options become the model's inputs,
 * validated by the model's schema (every problem named, nothing paid for invalid input), and each
 * image returned is Easel's stored copy (a {@code file:} URI for the file store, the object's URL for
 * S3). Options Easel cannot honour are refused, never ignored: a width and height the model has no
 * size for, a base64 response format, a style the model has no input for, or options of a class
 * whose extra settings Easel cannot see (use {@link EaselImageOptions} or {@code ImageOptionsBuilder}).
 */
public final class EaselImageModel implements ImageModel {

    /** The input that carries sizes, in the Seedream models' schemas. */
    static final String RESOLUTION = "resolution";
    static final int MAX_N = 16;

    private final Easel easel;
    private final ModelId defaultModel;
    private final EaselImageOptions defaults;

    private EaselImageModel(Easel easel, ModelId defaultModel, EaselImageOptions defaults) {
        this.easel = Objects.requireNonNull(easel, "easel");
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
        this.defaults = defaults;
    }

    /** Seedream 5 Lite text-to-image unless the prompt's options name another model. */
    public static EaselImageModel of(Easel easel) {
        return new EaselImageModel(easel, SeedreamLiteTextToImage.MODEL, EaselImageOptions.builder().build());
    }

    /** With options applied to every prompt; a prompt's own options win. */
    public static EaselImageModel of(Easel easel, EaselImageOptions defaults) {
        ModelId model = defaults.getModel() == null ? SeedreamLiteTextToImage.MODEL : ModelId.of(defaults.getModel());
        return new EaselImageModel(easel, model, defaults);
    }

    @Override
    public ImageResponse call(ImagePrompt request) {
        List<Violation> violations = new ArrayList<>();
        String prompt = prompt(request.getInstructions(), violations);
        ImageOptions options = request.getOptions();
        if (options != null && !(options instanceof EaselImageOptions) && !isPortable(options)) {
            violations.add(new Violation("options", options.getClass().getSimpleName(), "are not understood by Easel:"
                    + " their settings beyond ImageOptions would be lost; use EaselImageOptions or ImageOptionsBuilder"));
        }
        ModelId model = modelOf(options, violations);
        int n = count(first(options == null ? null : options.getN(), defaults.getN(), 1), violations);
        Map<String, Object> inputs = new LinkedHashMap<>(defaults.getInputs());
        if (options instanceof EaselImageOptions easelOptions) {
            inputs.putAll(easelOptions.getInputs());
        }
        inputs.put("prompt", prompt);
        if (model != null) {
            ModelDescription description = easel.describe(model);
            size(description.inputs(), first(options == null ? null : options.getWidth(), defaults.getWidth(), null),
                    first(options == null ? null : options.getHeight(), defaults.getHeight(), null), violations)
                    .ifPresent(size -> inputs.put(RESOLUTION, size));
            style(description.inputs(), first(options == null ? null : options.getStyle(), defaults.getStyle(), null),
                    violations).ifPresent(style -> inputs.put("style", style));
        }
        String format = first(options == null ? null : options.getResponseFormat(), defaults.getResponseFormat(), "url");
        if (!format.equalsIgnoreCase("url")) {
            violations.add(new Violation("responseFormat", format, "is not supported: Easel answers with the URL of its"
                    + " stored copy (use url)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return generate(new Inputs(model, inputs), n);
    }

    private ImageResponse generate(ModelInputs inputs, int n) {
        List<ImageGeneration> generations = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (Job job : easel.generate(inputs, n)) {
            if (job.state() != JobState.STORED) {
                throw new JobNotStoredException(job);
            }
            jobIds.add(job.id().value());
            for (StoredImage image : job.images()) {
                generations.add(new ImageGeneration(new Image(easel.locationUri(image).toString(), null)));
            }
        }
        ImageResponseMetadata metadata = new ImageResponseMetadata();
        metadata.put("job_ids", jobIds);
        metadata.put("model", inputs.model().value());
        return new ImageResponse(generations, metadata);
    }

    private static String prompt(List<ImageMessage> messages, List<Violation> violations) {
        List<String> texts = new ArrayList<>();
        for (ImageMessage message : messages == null ? List.<ImageMessage>of() : messages) {
            if (message.getWeight() != null && message.getWeight() != 1.0f) {
                violations.add(new Violation("weight", message.getWeight(), "is not supported: prompts carry no weights here"));
            }
            if (message.getMedia() != null && !message.getMedia().isEmpty()) {
                violations.add(new Violation("media", message.getMedia().size() + " item(s)", "is not supported: give"
                        + " reference images as the edit model's input, EaselImageOptions.builder().input(\"image\", urls)"));
            }
            if (message.getText() != null && !message.getText().isBlank()) {
                texts.add(message.getText().strip());
            }
        }
        return String.join("\n", texts);
    }

    private ModelId modelOf(ImageOptions options, List<Violation> violations) {
        String id = options == null || options.getModel() == null ? null : options.getModel();
        if (id == null) {
            return defaultModel;
        }
        try {
            return ModelId.of(id);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("model", id, "is not a model id: " + e.getMessage()));
            return null;
        }
    }

    private static int count(Integer n, List<Violation> violations) {
        if (n < 1 || n > MAX_N) {
            violations.add(new Violation("n", n, "must be from 1 to " + MAX_N));
            return 1;
        }
        return n;
    }

    /** Width and height name one of the model's sizes ({@code 2304x1728} for {@code "2304x1728 (4:3)"}). */
    private static Optional<Object> size(InputSchema schema, Integer width, Integer height, List<Violation> violations) {
        if (width == null && height == null) {
            return Optional.empty();
        }
        if (width == null || height == null) {
            violations.add(new Violation(width == null ? "width" : "height", null, "is required with "
                    + (width == null ? "height" : "width") + ": Easel picks one of the model's sizes from both"));
            return Optional.empty();
        }
        Optional<FieldSpec> field = schema.field(RESOLUTION);
        String size = width + "x" + height;
        Optional<Object> match = field.flatMap(f -> f.allowed().stream()
                .filter(v -> v instanceof String s && (s.equals(size) || s.startsWith(size + " "))).findFirst());
        if (match.isEmpty()) {
            String sizes = field.map(f -> f.allowed().stream().map(String::valueOf)
                    .filter(v -> v.matches("\\d+x\\d+.*")).map(v -> v.replaceAll(" .*", ""))
                    .collect(Collectors.joining(", "))).orElse("");
            violations.add(new Violation("width x height", size, sizes.isEmpty()
                    ? "cannot be chosen: " + schema.model() + " takes no size"
                    : "is not a size " + schema.model() + " makes; it makes: " + sizes));
        }
        return match;
    }

    private static Optional<Object> style(InputSchema schema, String style, List<Violation> violations) {
        if (style == null) {
            return Optional.empty();
        }
        if (schema.field("style").isEmpty()) {
            violations.add(new Violation("style", style, "is not supported: " + schema.model() + " has no style input"));
            return Optional.empty();
        }
        return Optional.of(style);
    }

    /** Spring AI's own options class holds the portable settings only, so nothing would be lost. */
    private static boolean isPortable(ImageOptions options) {
        return options.getClass().getName().startsWith("org.springframework.ai.image.ImageOptionsBuilder");
    }

    private static <T> T first(T given, T fallback, T otherwise) {
        return given != null ? given : fallback != null ? fallback : otherwise;
    }

    /** Raw inputs for one model. */
    private record Inputs(ModelId model, Map<String, Object> inputs) implements ModelInputs {
    }
}
