package dev.easel.adapter.mcp;

import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.InputSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model's input schema as JSON Schema, the form MCP tools and clients read. */
final class JsonSchemas {

    private JsonSchemas() {
    }

    /** An object schema with one property per field, the required ones listed. */
    static Map<String, Object> of(InputSchema schema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldSpec field : schema.fields()) {
            properties.put(field.name(), property(field));
            if (field.required()) {
                required.add(field.name());
            }
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("properties", properties);
        if (!required.isEmpty()) {
            object.put("required", required);
        }
        object.put("additionalProperties", false);
        return object;
    }

    static Map<String, Object> property(FieldSpec field) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", field.type().jsonName());
        if (!field.title().equals(field.name())) {
            property.put("title", field.title());
        }
        if (!field.description().isBlank()) {
            property.put("description", field.description());
        }
        if (!field.allowed().isEmpty()) {
            property.put("enum", field.allowed());
        }
        if (field.minimum() != null) {
            property.put("minimum", number(field.type(), field.minimum()));
        }
        if (field.maximum() != null) {
            property.put("maximum", number(field.type(), field.maximum()));
        }
        field.defaultOptional().ifPresent(d -> property.put("default", d));
        return property;
    }

    private static Number number(FieldType type, BigDecimal value) {
        return type == FieldType.INTEGER ? (Number) value.longValueExact() : (Number) value.doubleValue();
    }
}
