package dev.easel.boot;

import com.google.inject.Provider;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.out.ModelCatalog;
import java.util.List;
import java.util.Optional;

/**
 * The model catalog, read on first use: job tracking needs it only to follow a job further, so
 * listing the journal or reading a stored job does not pay for reading every model's schema.
 */
final class LazyCatalog implements ModelCatalog {

    private final Provider<ModelCatalog> catalog;

    LazyCatalog(Provider<ModelCatalog> catalog) {
        this.catalog = catalog;
    }

    private ModelCatalog real() {
        return Provisioning.unwrapped(catalog::get);
    }

    @Override
    public List<ModelDescription> models() {
        return real().models();
    }

    @Override
    public Optional<ModelDescription> find(ModelId id) {
        return real().find(id);
    }
}
