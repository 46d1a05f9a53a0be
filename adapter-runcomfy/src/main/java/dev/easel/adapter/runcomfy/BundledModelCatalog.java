package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.port.out.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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
        return new BundledModelCatalog(CatalogEntries.readAll(new ObjectMapper().valueToTree(entries())));
    }

    /** The bundled entries as RunComfy's catalog answers them, for the emulator to serve. */
    public static List<JsonNode> entries() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode file : read(json, FOLDER + "index.json")) {
            entries.add(read(json, FOLDER + file.asText()));
        }
        return entries;
    }

    @Override
    public List<ModelDescription> models() {
        return models;
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
