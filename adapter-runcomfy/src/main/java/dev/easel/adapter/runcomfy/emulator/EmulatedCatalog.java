package dev.easel.adapter.runcomfy.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.easel.adapter.runcomfy.CatalogEntries;
import dev.easel.core.model.ModelDescription;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The emulator's model catalog: entries shaped as RunComfy's {@code GET /v1/models} answers them
 * ({@code model_id}, {@code display_name}, {@code categories}, {@code kind}, {@code base_price_usd},
 * {@code price_unit}, {@code input_schema}), read once with the client's own reader for validation.
 */
final class EmulatedCatalog {

    private final Map<String, ObjectNode> entries = new LinkedHashMap<>();
    private final Map<String, ModelDescription> models = new LinkedHashMap<>();

    EmulatedCatalog(List<JsonNode> given) {
        for (JsonNode entry : given) {
            Optional<ModelDescription> model = CatalogEntries.read(entry);
            if (model.isEmpty()) {
                continue;
            }
            String id = model.get().id().value();
            ObjectNode wire = ((ObjectNode) entry).deepCopy();
            wire.put("model_id", id);
            wire.put("display_name", model.get().name());
            wire.remove(List.of("id", "name"));
            if (!wire.has("kind")) {
                wire.put("kind", "image");
            }
            entries.put(id, wire);
            models.put(id, model.get());
        }
    }

    /** The models in a JSON file: an array of entries, or an object with a {@code models} array. */
    static List<JsonNode> read(Path file) {
        try {
            JsonNode tree = new ObjectMapper().readTree(file.toFile());
            JsonNode list = tree.isArray() ? tree : tree.path("models");
            if (!list.isArray()) {
                throw new IllegalArgumentException(file + " holds no list of models: give an array of catalog entries"
                        + " or an object with a \"models\" array");
            }
            List<JsonNode> entries = new ArrayList<>();
            list.forEach(entries::add);
            return entries;
        } catch (IOException e) {
            throw new IllegalArgumentException("the models file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    Optional<ModelDescription> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    Optional<ObjectNode> entry(String id) {
        return Optional.ofNullable(entries.get(id)).map(ObjectNode::deepCopy);
    }

    double price(String id) {
        return Optional.ofNullable(entries.get(id)).map(e -> e.path("base_price_usd").asDouble(0.035)).orElse(0.035);
    }

    /** One page of the entries matching {@code search} (id or name) and {@code category}, and how many match. */
    Map<String, Object> list(String search, String category, boolean includeSchema, int limit, int offset) {
        List<ObjectNode> matching = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : entries.entrySet()) {
            ModelDescription model = models.get(e.getKey());
            boolean text = search == null || search.isBlank() || model.matches(search);
            boolean inCategory = category == null || category.isBlank() || model.inCategory(category);
            if (text && inCategory) {
                ObjectNode entry = e.getValue().deepCopy();
                if (!includeSchema) {
                    entry.remove("input_schema");
                }
                matching.add(entry);
            }
        }
        int from = Math.min(Math.max(offset, 0), matching.size());
        int to = Math.min(from + Math.max(limit, 0), matching.size());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("models", matching.subList(from, to));
        answer.put("total", matching.size());
        return answer;
    }

    List<String> categories() {
        Set<String> categories = new LinkedHashSet<>();
        models.values().forEach(m -> m.categories().forEach(c -> categories.add(c.toLowerCase(Locale.ROOT))));
        return List.copyOf(categories);
    }
}
