package dev.easel.adapter.runcomfy;

import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.testing.ModelCatalogContract;

/** RunComfy's bundled catalog keeps the catalog contract. */
class BundledModelCatalogContractTest extends ModelCatalogContract {

    @Override
    protected ModelCatalog newCatalog() {
        return BundledModelCatalog.load();
    }
}
