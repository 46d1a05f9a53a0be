package dev.easel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.seedream.OutputFormat;
import dev.easel.core.model.seedream.PromptOptimization;
import dev.easel.core.model.seedream.Resolution;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.model.seedream.SequentialMode;
import dev.easel.core.testing.TestCatalog;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationRequestTest {

    private static final InputSchema SEEDREAM = TestCatalog.seedreamDescription().inputs();

    private static final InputSchema EVERY_RULE = new InputSchema(ModelId.of("test/every-rule"), List.of(
            FieldSpec.builder("text", FieldType.STRING).required().build(),
            FieldSpec.builder("steps", FieldType.INTEGER).minimum(1).maximum(50).defaultValue(20).build(),
            FieldSpec.builder("strength", FieldType.NUMBER).minimum(0).maximum(1).build(),
            FieldSpec.builder("safe", FieldType.BOOLEAN).defaultValue(true).build(),
            FieldSpec.builder("size", FieldType.INTEGER).allowed(List.of(512, 1024)).build()));

    private static GenerationRequest seedream(Map<String, ?> raw) {
        return GenerationRequest.validated(SEEDREAM, raw);
    }

    private static List<Violation> violations(InputSchema schema, Map<String, ?> raw) {
        try {
            GenerationRequest.validated(schema, raw);
        } catch (InvalidRequestException e) {
            return e.violations();
        }
        throw new AssertionError("expected the input to be refused: " + raw);
    }

    @Test
    void appliesEveryDefaultInSchemaOrder() {
        GenerationRequest request = seedream(Map.of("prompt", "a red fox in snow"));

        assertThat(request.model()).isEqualTo(SeedreamLiteTextToImage.MODEL);
        assertThat(request.inputs()).containsExactly(
                Map.entry("prompt", "a red fox in snow"),
                Map.entry("resolution", "2304x1728 (4:3)"),
                Map.entry("sequential_image_generation", "disabled"),
                Map.entry("max_images", 15),
                Map.entry("output_format", "png"),
                Map.entry("optimize_prompt_options", "standard"));
    }

    @Test
    void reportsEveryViolationAtOnceEachNamingFieldValueAndWhatIsAllowed() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("prompt", "");
        raw.put("resolution", "1234x5678");
        raw.put("max_images", 16);
        raw.put("output_format", "gif");
        raw.put("seed", 7);

        assertThatThrownBy(() -> seedream(raw))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).extracting(Violation::message)
                        .containsExactlyInAnyOrder(
                                "seed 7 is not an input of bytedance/seedream-5/lite/text-to-image; its inputs are: "
                                        + "prompt, resolution, sequential_image_generation, max_images, output_format, optimize_prompt_options",
                                "prompt \"\" must not be empty",
                                "resolution \"1234x5678\" is not one of: 2K, 3K, 2048x2048 (1:1), 2304x1728 (4:3), 1728x2304 (3:4), "
                                        + "2848x1600 (16:9), 1600x2848 (9:16), 2496x1664 (3:2), 1664x2496 (2:3), 3136x1344 (21:9), "
                                        + "3072x3072 (1:1), 3456x2592 (4:3), 2592x3456 (3:4), 4096x2304 (16:9), 2304x4096 (9:16), "
                                        + "3744x2496 (3:2), 2496x3744 (2:3), 4704x2016 (21:9)",
                                "max_images 16 is not allowed: use an integer from 1 to 15",
                                "output_format \"gif\" is not one of: png, jpeg"))
                .hasMessageStartingWith("5 problems: ");
    }

    @Test
    void aMissingRequiredFieldIsReportedEvenWithADefault() {
        assertThat(violations(SEEDREAM, Map.of())).extracting(Violation::message).containsExactly("prompt is required");
    }

    @Test
    void acceptsTheBareSizeAndOtherCaseForEnumValues() {
        GenerationRequest request = seedream(Map.of("prompt", "p", "resolution", "2048x2048", "output_format", "JPEG"));

        assertThat(request.inputs()).containsEntry("resolution", "2048x2048 (1:1)").containsEntry("output_format", "jpeg");
    }

    @Test
    void readsNumbersGivenAsTextFromACommandLine() {
        GenerationRequest request = seedream(Map.of("prompt", "p", "max_images", "3"));

        assertThat(request.inputs()).containsEntry("max_images", 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"three", "2.5", "", "1e3"})
    void refusesTextThatIsNoInteger(String value) {
        assertThat(violations(SEEDREAM, Map.of("prompt", "p", "max_images", value)))
                .extracting(Violation::message)
                .containsExactly("max_images \"" + value + "\" must be an integer (use an integer from 1 to 15)");
    }

    @Test
    void checksTypesRangesAndBooleans() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("text", 12);
        raw.put("steps", 51);
        raw.put("strength", new BigDecimal("-0.1"));
        raw.put("safe", "maybe");
        raw.put("size", 768);

        assertThat(violations(EVERY_RULE, raw)).extracting(Violation::message).containsExactlyInAnyOrder(
                "text 12 must be a string",
                "steps 51 is out of range: from 1 to 50",
                "strength -0.1 is out of range: from 0 to 1",
                "safe \"maybe\" must be a boolean",
                "size 768 is not one of: 512, 1024");
    }

    @Test
    void acceptsValuesOnTheEdgesOfRanges() {
        GenerationRequest request = GenerationRequest.validated(EVERY_RULE,
                Map.of("text", "t", "steps", 50, "strength", 1.0, "safe", "false", "size", 1024L));

        assertThat(request.inputs()).containsEntry("steps", 50).containsEntry("strength", 1.0)
                .containsEntry("safe", false).containsEntry("size", 1024);
    }

    @Test
    void aWholeNumberWrittenAsADecimalIsAnInteger() {
        assertThat(GenerationRequest.validated(EVERY_RULE, Map.of("text", "t", "steps", 10.0)).inputs())
                .containsEntry("steps", 10);
    }

    @Test
    void theTypedBuilderMakesTheSameRequestAsRawInputs() {
        SeedreamLiteTextToImage typed = SeedreamLiteTextToImage.prompt("a lighthouse")
                .resolution(Resolution.WIDE_2848x1600)
                .sequential(SequentialMode.AUTO)
                .maxImages(4)
                .outputFormat(OutputFormat.JPEG)
                .optimizePrompt(PromptOptimization.FAST)
                .build();

        assertThat(seedream(typed.inputs())).isEqualTo(seedream(Map.of(
                "prompt", "a lighthouse", "resolution", "2848x1600 (16:9)", "sequential_image_generation", "auto",
                "max_images", 4, "output_format", "jpeg", "optimize_prompt_options", "fast")));
    }

    @Test
    void theTypedBuilderRefusesBadValuesWhereTheyAreGiven() {
        assertThatThrownBy(() -> SeedreamLiteTextToImage.prompt("p").maxImages(16))
                .hasMessage("max_images 16 is not allowed: use an integer from 1 to 15");
        assertThatThrownBy(() -> SeedreamLiteTextToImage.prompt("  "))
                .hasMessageContaining("prompt \"  \" must not be empty");
    }

    @Test
    void resolutionParsesTheExactValueAndTheBareSize() {
        assertThat(Resolution.parse("2304x1728 (4:3)")).isEqualTo(Resolution.LANDSCAPE_2304x1728);
        assertThat(Resolution.parse("4704x2016")).isEqualTo(Resolution.ULTRAWIDE_4704x2016);
        assertThat(Resolution.parse("2k")).isEqualTo(Resolution.AUTO_2K);
        assertThat(Resolution.AUTO_3K.size()).isEmpty();
        assertThat(Resolution.values()).hasSize(18);
        assertThatThrownBy(() -> Resolution.parse("9999x1"))
                .hasMessageStartingWith("resolution \"9999x1\" is not one of: 2K, 3K, 2048x2048 (1:1)");
    }
}
