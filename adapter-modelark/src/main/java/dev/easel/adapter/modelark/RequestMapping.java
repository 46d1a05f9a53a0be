package dev.easel.adapter.modelark;

import dev.easel.core.error.UnknownModelException;
import dev.easel.core.model.GenerationRequest;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated Easel request into ModelArk's body, as MODELARK_API.md maps RunComfy's inputs:
 * {@code resolution "2304x1728 (4:3)"} becomes {@code size "2304x1728"} (2K and 3K as they are),
 * {@code max_images} goes into {@code sequential_image_generation_options} (only with {@code auto},
 * where it has an effect), {@code optimize_prompt_options "fast"} becomes {@code {"mode": "fast"}},
 * and {@code watermark} is false unless the request asks for one, because RunComfy adds none.
 */
final class RequestMapping {

    private final ModelArkCatalog catalog;
    private final ResponseFormat responseFormat;

    RequestMapping(ModelArkCatalog catalog, ResponseFormat responseFormat) {
        this.catalog = catalog;
        this.responseFormat = responseFormat;
    }

    Wire.GenerationBody body(GenerationRequest request) {
        ModelArkCatalog.ArkModel model = catalog.arkModel(request.model())
                .orElseThrow(() -> new UnknownModelException("ModelArk does not run " + request.model()
                        + " in Easel; it runs: " + catalog.models().stream().map(m -> m.id().value()).toList()));
        Map<String, Object> inputs = request.submittedInputs();
        String sequential = text(inputs, "sequential_image_generation");
        Object maxImages = inputs.get("max_images");
        Wire.SequentialOptions options = "auto".equals(sequential) && maxImages instanceof Number n
                ? new Wire.SequentialOptions(n.intValue()) : null;
        String optimize = text(inputs, "optimize_prompt_options");
        return new Wire.GenerationBody(
                model.arkId(),
                text(inputs, "prompt"),
                images(inputs.get("image")),
                size(text(inputs, "resolution")),
                sequential,
                options,
                optimize == null ? null : new Wire.PromptOptions(optimize),
                model.choosesFormat() ? text(inputs, "output_format") : null,
                responseFormat.wireName(),
                Boolean.TRUE.equals(inputs.get("watermark")));
    }

    /** {@code "2304x1728 (4:3)"} → {@code "2304x1728"}; {@code 2K}, {@code 3K} and bare sizes as they are. */
    static String size(String resolution) {
        if (resolution == null) {
            return null;
        }
        int space = resolution.indexOf(' ');
        return space < 0 ? resolution : resolution.substring(0, space);
    }

    /** Reference images as ModelArk takes them: a list of URLs or data URIs. */
    private static List<String> images(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? null : List.of(value.toString());
    }

    private static String text(Map<String, Object> inputs, String name) {
        Object value = inputs.get(name);
        return value == null ? null : value.toString();
    }
}
