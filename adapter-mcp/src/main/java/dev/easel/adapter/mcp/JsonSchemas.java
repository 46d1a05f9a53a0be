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
        if (!field.title().equals(field.name())) {
            property.put("title", field.title());
        }
        if (!field.description().isBlank()) {
            property.put("description", field.description());
        }
        if (field.type() == FieldType.ARRAY) {
            property.put("type", "array");
            property.put("items", element(field));
            put(property, "minItems", field.minItems());
            put(property, "maxItems", field.maxItems());
        } else {
            property.putAll(element(field));
        }
        field.defaultOptional().ifPresent(d -> property.put("default", d));
        return property;
    }

    /** The rules on one value: the field's own, or each item's for an array. */
    private static Map<String, Object> element(FieldSpec field) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("type", field.elementType().jsonName());
        if (field.isFileInput()) {
            element.put("format", "uri");
        }
        if (!field.allowed().isEmpty()) {
            element.put("enum", field.allowed());
        }
        if (field.minimum() != null) {
            element.put("minimum", number(field.elementType(), field.minimum()));
        }
        if (field.maximum() != null) {
            element.put("maximum", number(field.elementType(), field.maximum()));
        }
        put(element, "minLength", field.minLength());
        put(element, "maxLength", field.maxLength());
        return element;
    }

    private static void put(Map<String, Object> schema, String key, Integer value) {
        if (value != null) {
            schema.put(key, value);
        }
    }

    private static Number number(FieldType type, BigDecimal value) {
        return type == FieldType.INTEGER ? (Number) value.longValueExact() : (Number) value.doubleValue();
    }
}
