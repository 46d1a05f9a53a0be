package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.out.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models whose schemas ship inside this jar, as RunComfy's catalog publishes them: the snapshot
 * used when the live catalog cannot be reached and has never been cached, and the emulator's catalog.
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
            CatalogEntries.read(read(json, FOLDER + file.asText())).ifPresent(models::add);
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
