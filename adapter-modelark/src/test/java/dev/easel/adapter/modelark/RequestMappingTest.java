package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ModelId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMappingTest {

    private final ModelArkCatalog catalog = ModelArkCatalog.standard();

    private String body(ResponseFormat format, ModelId model, Map<String, Object> inputs) throws Exception {
        GenerationRequest request = GenerationRequest.validated(catalog.find(model).orElseThrow().inputs(), inputs);
        return new ObjectMapper().writeValueAsString(new RequestMapping(catalog, format).body(request));
    }

    @Test
    void mapsRunComfysInputsAsMODELARK_APISays() throws Exception {
        String body = body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_5_LITE, Map.of("prompt", "a lighthouse",
                "resolution", "2848x1600 (16:9)", "sequential_image_generation", "auto", "max_images", 3,
                "output_format", "jpeg", "optimize_prompt_options", "fast"));

        assertThat(new ObjectMapper().readTree(body)).isEqualTo(new ObjectMapper().readTree("""
                {"model": "seedream-5-0-lite-260128", "prompt": "a lighthouse", "size": "2848x1600",
                 "sequential_image_generation": "auto", "sequential_image_generation_options": {"max_images": 3},
                 "optimize_prompt_options": {"mode": "fast"}, "output_format": "jpeg", "response_format": "url",
                 "watermark": false}"""));
    }

    @Test
    void noWatermarkUnlessAskedAndMaxImagesOnlyWithAuto() throws Exception {
        String plain = body(ResponseFormat.B64_JSON, ModelArkCatalog.SEEDREAM_5_LITE, Map.of("prompt", "p", "resolution", "3K"));
        assertThat(plain).contains("\"watermark\":false").contains("\"size\":\"3K\"").contains("\"response_format\":\"b64_json\"")
                .contains("\"sequential_image_generation\":\"disabled\"").doesNotContain("max_images");

        assertThat(body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_5_LITE, Map.of("prompt", "p", "watermark", true)))
                .contains("\"watermark\":true");
    }

    @Test
    void seedream4ModelsHaveTheirOwnIdsAndNoOutputFormat() throws Exception {
        assertThat(body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_4_5, Map.of("prompt", "p")))
                .contains("\"model\":\"seedream-4-5-251128\"").doesNotContain("output_format");
        assertThat(body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_4_0, Map.of("prompt", "p")))
                .contains("\"model\":\"seedream-4-0-250828\"");
        assertThatThrownBy(() -> body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_4_0, Map.of("prompt", "p", "resolution", "3K")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("resolution");
    }

    @Test
    void theEditModelSendsItsReferenceImages() throws Exception {
        String body = body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_5_LITE_EDIT, Map.of("prompt", "same cat, in snow",
                "image", java.util.List.of("https://example.com/cat.png", "data:image/png;base64,iVBORw0KGgo=")));

        assertThat(new ObjectMapper().readTree(body).path("image").toString())
                .isEqualTo("[\"https://example.com/cat.png\",\"data:image/png;base64,iVBORw0KGgo=\"]");
        assertThat(body).contains("\"model\":\"seedream-5-0-lite-260128\"");
        assertThatThrownBy(() -> body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_5_LITE_EDIT, Map.of("prompt", "p")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image");
    }

    @Test
    void sixteenImagesAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> body(ResponseFormat.URL, ModelArkCatalog.SEEDREAM_5_LITE, Map.of("prompt", "p",
                "sequential_image_generation", "auto", "max_images", 16)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_images");
    }
}
