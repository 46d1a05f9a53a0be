package dev.easel.core.service;

import dev.easel.core.error.UnknownModelException;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.out.ModelCatalog;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Answers questions about models from the catalog. */
public final class ModelService implements BrowseModelsUseCase {

    private final ModelCatalog catalog;

    public ModelService(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public List<ModelDescription> models() {
        return catalog.models();
    }

    @Override
    public List<ModelDescription> search(String text, String category) {
        return catalog.search(text, category);
    }

    @Override
    public ModelDescription describe(ModelId id) {
        return catalog.find(id).orElseThrow(() -> unknown(catalog, id));
    }

    /** Names the known models when they are few; a large catalog is for `models --search`. */
    static UnknownModelException unknown(ModelCatalog catalog, ModelId id) {
        List<ModelDescription> known = catalog.models();
        String names = known.stream().limit(SHOWN).map(m -> m.id().value()).collect(Collectors.joining(", "));
        return new UnknownModelException("model \"" + id + "\" is not known; " + (known.size() <= SHOWN
                ? "known models: " + names
                : known.size() + " models are known, such as " + names + "; search them by name"));
    }

    private static final int SHOWN = 8;
}
