package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.out.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The models whose schemas ship inside this jar, as RunComfy publishes them (JSON Schema subset:
 * type, enum, default, minimum, maximum, required, title, description).
 */
public final class BundledModelCatalog implements ModelCatalog {

    private static final String FOLDER = "/dev/easel/adapter/runcomfy/models/";

    private final List<ModelDescription> models;

    private BundledModelCatalog(List<ModelDescription> models) {
        this.models = List.copyOf(models);
    }

    /** The catalog bundled with Easel. */
    public static BundledModelCatalog load() {
        ObjectMapper json = new ObjectMapper();
        List<ModelDescription> models = new ArrayList<>();
        for (JsonNode file : read(json, FOLDER + "index.json")) {
            models.add(parse(read(json, FOLDER + file.asText())));
        }
        return new BundledModelCatalog(models);
    }

    @Override
    public List<ModelDescription> models() {
        return models;
    }

    @Override
    public Optional<ModelDescription> find(ModelId id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    static ModelDescription parse(JsonNode model) {
        ModelId id = ModelId.of(model.path("id").asText());
        JsonNode schema = model.path("input_schema");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<FieldSpec> fields = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(entry -> fields.add(field(entry.getKey(), entry.getValue(),
                required.contains(entry.getKey()))));
        return new ModelDescription(id, model.path("name").asText(null), model.path("summary").asText(null),
                new InputSchema(id, fields));
    }

    private static FieldSpec field(String name, JsonNode node, boolean required) {
        FieldType type = FieldType.fromJsonName(node.path("type").asText("string"));
        List<Object> allowed = new ArrayList<>();
        node.path("enum").forEach(v -> allowed.add(value(v)));
        return new FieldSpec(name, type, node.path("title").asText(null), node.path("description").asText(null),
                required, node.has("default") ? value(node.get("default")) : null, allowed,
                node.has("minimum") ? node.get("minimum").decimalValue() : null,
                node.has("maximum") ? node.get("maximum").decimalValue() : null);
    }

    private static Object value(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = BundledModelCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled model file " + resource + " is missing from the jar");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled model file " + resource + " cannot be read", e);
        }
    }
}
