package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.SchemaReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one model of RunComfy's catalog ({@code model_id}, {@code display_name}, {@code categories},
 * {@code base_price_usd}, {@code price_unit}, {@code pricing_note}, {@code input_schema}; the bundled
 * files also say {@code id}, {@code name} and {@code summary}). Unknown fields are ignored; what the
 * schema gets wrong becomes the schema's problems; an entry without a usable id is skipped with a
 * warning. Nothing a catalog publishes makes it throw.
 */
public final class CatalogEntries {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogEntries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogEntries() {
    }

    public static Optional<ModelDescription> read(JsonNode entry) {
        String idText = firstText(entry, "model_id", "id");
        ModelId id;
        try {
            id = ModelId.of(idText == null ? "" : idText);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            LOG.warn("a catalog entry was skipped: its model id {} is not usable ({})",
                    idText == null ? "(missing)" : "\"" + idText + "\"", e.getMessage());
            return Optional.empty();
        }
        InputSchema schema = SchemaReader.read(id, JSON.convertValue(entry.path("input_schema"), Object.class));
        List<String> categories = new ArrayList<>();
        entry.path("categories").forEach(c -> categories.add(c.asText()));
        if (categories.isEmpty() && entry.path("category").isTextual()) {
            categories.add(entry.path("category").asText());
        }
        ModelDescription.Price price = null;
        JsonNode usd = entry.path("base_price_usd");
        if (usd.isNumber() || (usd.isTextual() && usd.asText().matches("\\d+(\\.\\d+)?"))) {
            price = new ModelDescription.Price(new BigDecimal(usd.asText()), text(entry, "price_unit"), text(entry, "pricing_note"));
        }
        return Optional.of(new ModelDescription(id, firstText(entry, "display_name", "name"),
                firstText(entry, "summary", "description"), schema, categories, price));
    }

    /** Every usable model of a list, in order. */
    public static List<ModelDescription> readAll(JsonNode entries) {
        List<ModelDescription> models = new ArrayList<>();
        entries.forEach(entry -> read(entry).ifPresent(models::add));
        return models;
    }

    private static String firstText(JsonNode entry, String... names) {
        for (String name : names) {
            String value = text(entry, name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode entry, String name) {
        JsonNode node = entry.get(name);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
