package dev.easel.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each schema feature hosted models use, read from JSON-shaped maps, with a value it accepts and one it refuses. */
class SchemaFeaturesTest {

    private static final ModelId MODEL = ModelId.of("test/features");

    private static final InputSchema SCHEMA = SchemaReader.read(MODEL, Map.of(
            "type", "object",
            "required", List.of("prompt", "image_urls"),
            "properties", ordered(
                    "prompt", Map.of("type", "string", "minLength", 3, "maxLength", 20),
                    "width", Map.of("type", "integer", "minimum", 256, "maximum", 2048, "default", 1024),
                    "guidance", Map.of("type", "number", "minimum", 0, "maximum", 10.5),
                    "enhance", Map.of("type", "boolean", "default", false),
                    "steps", Map.of("type", "integer", "enum", List.of(4, 8, 16)),
                    "image_urls", Map.of("type", "array", "minItems", 1, "maxItems", 2,
                            "items", Map.of("type", "string", "format", "uri")),
                    "mask_image", Map.of("type", "string", "format", "uri"),
                    "seeds", Map.of("type", "array", "items", Map.of("type", "integer", "minimum", 0)))));

    private static final String IMAGE = "https://example.com/a.png";

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> valid(Object... overrides) {
        Map<String, Object> raw = ordered("prompt", "a cat", "image_urls", List.of(IMAGE));
        raw.putAll(ordered(overrides));
        return raw;
    }

    private static List<String> refused(Map<String, Object> raw) {
        try {
            GenerationRequest.validated(SCHEMA, raw);
        } catch (InvalidRequestException e) {
            return e.violations().stream().map(Violation::message).toList();
        }
        throw new AssertionError("expected the input to be refused: " + raw);
    }

    @Test
    void readsEveryFeatureWithoutProblems() {
        assertThat(SCHEMA.problems()).isEmpty();
        assertThat(SCHEMA.fileInputs()).extracting(FieldSpec::name).containsExactly("image_urls", "mask_image");
    }

    @Test
    void acceptsValuesAsTextTypedByTheSchemaAndAppliesDefaults() {
        GenerationRequest request = GenerationRequest.validated(SCHEMA, valid("width", "768", "guidance", "2.5",
                "enhance", "TRUE", "steps", "8", "seeds", List.of("1", 2), "mask_image", "data:image/png;base64,iVBORw0KGgo="));

        assertThat(request.inputs()).containsEntry("width", 768).containsEntry("guidance", 2.5)
                .containsEntry("enhance", true).containsEntry("steps", 8).containsEntry("seeds", List.of(1, 2))
                .containsEntry("image_urls", List.of(IMAGE));
        assertThat(GenerationRequest.validated(SCHEMA, valid()).inputs()).containsEntry("width", 1024).containsEntry("enhance", false);
    }

    @Test
    void aSingleValueForAnArrayIsAnArrayOfOne() {
        assertThat(GenerationRequest.validated(SCHEMA, valid("image_urls", IMAGE)).inputs())
                .containsEntry("image_urls", List.of(IMAGE));
    }

    @Test
    void stringLength() {
        assertThat(refused(valid("prompt", "ab"))).containsExactly("prompt \"ab\" has 2 characters: from 3 to 20 characters");
        assertThat(refused(valid("prompt", "x".repeat(21)))).singleElement().asString().contains("has 21 characters");
    }

    @Test
    void integerRangeAndType() {
        assertThat(refused(valid("width", 4096))).containsExactly("width 4096 is out of range: from 256 to 2048");
        assertThat(refused(valid("width", "wide"))).containsExactly("width \"wide\" must be an integer (from 256 to 2048)");
        assertThat(refused(valid("width", 1.5))).containsExactly("width 1.5 must be an integer (from 256 to 2048)");
    }

    @Test
    void numberRange() {
        assertThat(refused(valid("guidance", 10.6))).containsExactly("guidance 10.6 is out of range: from 0 to 10.5");
    }

    @Test
    void booleanRefusesAnythingElse() {
        assertThat(refused(valid("enhance", "yes"))).containsExactly("enhance \"yes\" must be a boolean");
        assertThat(refused(valid("enhance", 1))).containsExactly("enhance 1 must be a boolean");
    }

    @Test
    void integerEnum() {
        assertThat(refused(valid("steps", 5))).containsExactly("steps 5 is not one of: 4, 8, 16");
    }

    @Test
    void arrayItemCountAndItems() {
        assertThat(refused(valid("image_urls", List.of()))).containsExactly("image_urls [] has 0 items: from 1 to 2 items");
        assertThat(refused(valid("image_urls", List.of(IMAGE, IMAGE, IMAGE))))
                .containsExactly("image_urls [" + IMAGE + ", " + IMAGE + ", " + IMAGE + "] has 3 items: from 1 to 2 items");
        assertThat(refused(valid("seeds", List.of(1, -1))))
                .containsExactly("seeds [1, -1] item 2 -1 is out of range: at least 0");
        assertThat(refused(valid("seeds", Map.of("a", 1)))).singleElement().asString().contains("must be an array of integers");
    }

    @Test
    void uriInputsTakeUrlsAndDataUrisOnly() {
        assertThat(refused(valid("mask_image", "./photo.png")))
                .containsExactly("mask_image \"./photo.png\" must be a URL (https://…) or a data: URI");
        assertThat(refused(valid("image_urls", List.of("file:///etc/passwd"))))
                .containsExactly("image_urls [file:///etc/passwd] item 1 \"file:///etc/passwd\" must be a URL (https://…) or a data: URI");
    }

    @Test
    void aMissingRequiredArraySaysWhatItTakes() {
        Map<String, Object> raw = ordered("prompt", "a cat");
        assertThat(refused(raw)).containsExactly(
                "image_urls is required: an array of strings (from 1 to 2 items; a URL or a data: URI each)");
    }

    @Test
    void everyViolationAtOnce() {
        assertThat(refused(ordered("prompt", "ab", "width", 1, "enhance", "maybe", "steps", 3, "colour", "red")))
                .hasSize(6);
    }
}
