package dev.easel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schemas that contradict themselves or use shapes Easel does not check: reported, never a crash. */
class SchemaReaderTest {

    private static final ModelId MODEL = ModelId.of("test/broken");

    @Test
    void reportsEachInconsistencyAndKeepsTheGoodFields() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("prompt", Map.of("type", "string"));
        properties.put("steps", Map.of("type", "integer", "minimum", 50, "maximum", 1));
        properties.put("size", Map.of("type", "integer", "enum", List.of(512, 1024), "default", 768));
        properties.put("extra", Map.of("type", "object"));
        properties.put("refs", Map.of("type", "array"));
        properties.put("ratio", Map.of("type", "number", "minimum", "low"));
        properties.put("odd", "not an object");
        InputSchema schema = SchemaReader.read(MODEL, Map.of("required", List.of("prompt", "image"), "properties", properties));

        assertThat(schema.fields()).extracting(FieldSpec::name).containsExactly("prompt");
        assertThat(schema.problems()).extracting(SchemaProblem::message).containsExactlyInAnyOrder(
                "steps: minimum 50 exceeds maximum 1, so no value is allowed",
                "size: its default 768 is not one of: 512, 1024",
                "extra: has type \"object\" is not one of: string, integer, number, boolean, array, so Easel cannot check it",
                "refs: is an array without a description of its items",
                "ratio: minimum low is not a number",
                "odd: is described by not an object, not by an object",
                "image: is listed as required but not described in the properties");
    }

    @Test
    void aValueForABrokenFieldIsRefusedWithTheSchemaProblemAndAnUndescribedRequiredNameMustBeGiven() {
        InputSchema schema = SchemaReader.read(MODEL, Map.of("required", List.of("prompt", "image"), "properties",
                Map.of("prompt", Map.of("type", "string"), "steps", Map.of("type", "integer", "minimum", 5, "maximum", 1))));

        assertThatThrownBy(() -> GenerationRequest.validated(schema, Map.of("prompt", "a cat", "steps", 3)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).extracting(Violation::message)
                        .containsExactlyInAnyOrder(
                                "steps 3 cannot be checked, so it is not sent: the schema of test/broken is inconsistent"
                                        + " (minimum 5 exceeds maximum 1, so no value is allowed)",
                                "image is required by test/broken (its schema requires it without describing it)"));
        assertThat(GenerationRequest.validated(schema, Map.of("prompt", "a cat", "image", "x")).inputs())
                .containsEntry("image", "x");
    }

    @Test
    void nothingAtAllIsAnEmptySchema() {
        assertThat(SchemaReader.read(MODEL, null).fields()).isEmpty();
        assertThat(SchemaReader.read(MODEL, List.of(1)).problems()).isEmpty();
    }

    @Test
    void infersTypesFromEnumsAndNullableTypes() {
        InputSchema schema = SchemaReader.read(MODEL, Map.of("properties", Map.of(
                "steps", Map.of("enum", List.of(1, 2)),
                "style", Map.of("type", List.of("string", "null")))));
        assertThat(schema.field("steps").orElseThrow().type()).isEqualTo(FieldType.INTEGER);
        assertThat(schema.field("style").orElseThrow().type()).isEqualTo(FieldType.STRING);
    }
}
