package dev.easel.core.model.seedream;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import dev.easel.core.model.Prompt;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed inputs for ByteDance Seedream 5.0 Lite text-to-image. Only what is set is sent; the model's
 * schema supplies the rest, so a request built here equals one built from the same raw inputs.
 *
 * <pre>{@code
 * ModelInputs inputs = SeedreamLiteTextToImage.prompt("a red fox in snow")
 *         .resolution(Resolution.SQUARE_2048)
 *         .outputFormat(OutputFormat.JPEG)
 *         .build();
 * }</pre>
 */
public final class SeedreamLiteTextToImage implements ModelInputs {

    public static final ModelId MODEL = ModelId.of("bytedance/seedream-5/lite/text-to-image");
    public static final int MAX_IMAGES_LIMIT = 15;

    private final Map<String, Object> inputs;

    private SeedreamLiteTextToImage(Map<String, Object> inputs) {
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    public static Builder prompt(String prompt) {
        return new Builder(Prompt.of(prompt));
    }

    @Override
    public ModelId model() {
        return MODEL;
    }

    @Override
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** Collects the inputs; each setter checks its value where it is given. */
    public static final class Builder {
        private final Map<String, Object> inputs = new LinkedHashMap<>();

        private Builder(Prompt prompt) {
            inputs.put("prompt", prompt.text());
        }

        public Builder resolution(Resolution resolution) {
            inputs.put("resolution", Objects.requireNonNull(resolution, "resolution").value());
            return this;
        }

        public Builder sequential(SequentialMode mode) {
            inputs.put("sequential_image_generation", Objects.requireNonNull(mode, "mode").value());
            return this;
        }

        /** Upper bound on the number of images, 1 to 15; only effective with {@link SequentialMode#AUTO}. */
        public Builder maxImages(int count) {
            if (count < 1 || count > MAX_IMAGES_LIMIT) {
                throw InvalidRequestException.of("max_images", count,
                        "is not allowed: use an integer from 1 to " + MAX_IMAGES_LIMIT);
            }
            inputs.put("max_images", count);
            return this;
        }

        public Builder outputFormat(OutputFormat format) {
            inputs.put("output_format", Objects.requireNonNull(format, "format").value());
            return this;
        }

        public Builder optimizePrompt(PromptOptimization optimization) {
            inputs.put("optimize_prompt_options", Objects.requireNonNull(optimization, "optimization").value());
            return this;
        }

        public SeedreamLiteTextToImage build() {
            return new SeedreamLiteTextToImage(inputs);
        }
    }
}
