package dev.easel.core.port.out;

import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import java.util.List;
import java.util.Optional;

/**
 * The models a provider offers, each with its input schema. A catalog answers from what it can reach
 * (a live service, a cached copy, a bundled snapshot) and never fails a command because one entry
 * is odd: what a schema gets wrong is reported in the schema's problems.
 */
public interface ModelCatalog {

    List<ModelDescription> models();

    /** The model with this id, if the catalog has it; by default, the first of {@link #models()} with it. */
    default Optional<ModelDescription> find(ModelId id) {
        return models().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The models whose id, name, summary or category contains {@code text} (any case; null or blank
     * for all) and that are in {@code category} (null or blank for any).
     */
    default List<ModelDescription> search(String text, String category) {
        return models().stream().filter(m -> m.matches(text) && m.inCategory(category)).toList();
    }
}
