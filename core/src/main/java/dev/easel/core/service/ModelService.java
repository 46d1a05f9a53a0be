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
    public ModelDescription describe(ModelId id) {
        return catalog.find(id).orElseThrow(() -> unknown(catalog, id));
    }

    static UnknownModelException unknown(ModelCatalog catalog, ModelId id) {
        return new UnknownModelException("model \"" + id + "\" is not known; known models: "
                + catalog.models().stream().map(m -> m.id().value()).collect(Collectors.joining(", ")));
    }
}
