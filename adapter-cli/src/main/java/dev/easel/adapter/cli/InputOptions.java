package dev.easel.adapter.cli;

import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The model and its inputs as flags, shared by {@code generate} and {@code batch}. */
final class InputOptions {

    @Option(names = "--resolution", paramLabel = "R", order = 10,
            description = "2K, 3K, or a size such as \"2304x1728 (4:3)\" or just 2304x1728 (default: the model's, 2304x1728).")
    String resolution;

    @Option(names = "--sequential", paramLabel = "auto|disabled", order = 11,
            description = "auto lets the model return several images (up to --max-images).")
    String sequential;

    @Option(names = "--max-images", paramLabel = "N", order = 12,
            description = "Upper bound on the number of images, 1 to 15 (with --sequential auto).")
    Integer maxImages;

    @Option(names = "--format", paramLabel = "png|jpeg", order = 13, description = "Output format (default png).")
    String format;

    @Option(names = "--optimize", paramLabel = "standard|fast", order = 14,
            description = "Prompt optimisation: standard (better) or fast.")
    String optimize;

    @Option(names = "--model", paramLabel = "ID", order = 15, description = "Model id (default: ${DEFAULT-VALUE}).")
    String model = SeedreamLiteTextToImage.MODEL.value();

    @Option(names = "--param", paramLabel = "KEY=VALUE", order = 16,
            description = "Any model input by its schema name; repeatable. See `easel schema`.")
    Map<String, String> params = new LinkedHashMap<>();

    ModelId modelId() {
        return ModelId.of(model);
    }

    /** The inputs the flags set: --param first, the typed flags over them. */
    Map<String, Object> inputs() {
        Map<String, Object> inputs = new LinkedHashMap<>(params);
        putIfGiven(inputs, "resolution", resolution);
        putIfGiven(inputs, "sequential_image_generation", sequential);
        putIfGiven(inputs, "max_images", maxImages);
        putIfGiven(inputs, "output_format", format);
        putIfGiven(inputs, "optimize_prompt_options", optimize);
        return inputs;
    }

    private static void putIfGiven(Map<String, Object> inputs, String name, Object value) {
        if (value != null) {
            inputs.put(name, value);
        }
    }
}
