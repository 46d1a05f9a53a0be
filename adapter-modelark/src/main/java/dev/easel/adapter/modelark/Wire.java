package dev.easel.adapter.modelark;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * ModelArk's JSON as records owned by this adapter. The 200 answer is not here: it is read as a
 * stream by {@link AnswerReader}, because it may carry whole images inline.
 */
final class Wire {

    private Wire() {
    }

    /** The body of {@code POST /images/generations}; absent fields are left out, not sent as null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GenerationBody(
            @JsonProperty("model") String model,
            @JsonProperty("prompt") String prompt,
            @JsonProperty("image") List<String> image,
            @JsonProperty("size") String size,
            @JsonProperty("sequential_image_generation") String sequentialImageGeneration,
            @JsonProperty("sequential_image_generation_options") SequentialOptions sequentialOptions,
            @JsonProperty("optimize_prompt_options") PromptOptions optimizePromptOptions,
            @JsonProperty("output_format") String outputFormat,
            @JsonProperty("response_format") String responseFormat,
            @JsonProperty("watermark") Boolean watermark) {
    }

    record SequentialOptions(@JsonProperty("max_images") int maxImages) {
    }

    record PromptOptions(@JsonProperty("mode") String mode) {
    }

    /** {@code {"error": {"code", "message", "type"}}}, ModelArk's answer to a refused call. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(@JsonProperty("error") ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(
            @JsonProperty("code") String code,
            @JsonProperty("message") String message,
            @JsonProperty("type") String type) {
    }
}
