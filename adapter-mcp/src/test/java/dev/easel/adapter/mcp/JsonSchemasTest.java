package dev.easel.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    private static final ModelId MODEL = ModelId.of("acme/edit");

    @Test
    void everyRuleOfAFieldReachesTheJsonSchema() {
        InputSchema schema = new InputSchema(MODEL, List.of(
                FieldSpec.builder("prompt", FieldType.STRING).required().length(1, 2000).description("what to draw").build(),
                FieldSpec.builder("image", FieldType.ARRAY).items(FieldType.STRING).uri().itemCount(1, 14).build(),
                FieldSpec.builder("steps", FieldType.INTEGER).minimum(1).maximum(50).defaultValue(20).build(),
                FieldSpec.builder("format", FieldType.STRING).allowed(List.of("png", "jpeg")).title("Format").build()));

        Map<String, Object> json = JsonSchemas.of(schema);

        assertThat(json).containsEntry("type", "object").containsEntry("required", List.of("prompt"))
                .containsEntry("additionalProperties", false);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) json.get("properties");
        assertThat(properties.get("prompt")).containsEntry("type", "string").containsEntry("minLength", 1)
                .containsEntry("maxLength", 2000).containsEntry("description", "what to draw");
        assertThat(properties.get("image")).containsEntry("type", "array").containsEntry("minItems", 1)
                .containsEntry("maxItems", 14)
                .containsEntry("items", Map.of("type", "string", "format", "uri"));
        assertThat(properties.get("steps")).containsEntry("type", "integer").containsEntry("minimum", 1L)
                .containsEntry("maximum", 50L).containsEntry("default", 20);
        assertThat(properties.get("format")).containsEntry("enum", List.of("png", "jpeg")).containsEntry("title", "Format");
    }
}
