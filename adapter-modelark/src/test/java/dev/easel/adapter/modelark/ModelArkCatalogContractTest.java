package dev.easel.adapter.modelark;

import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.testing.ModelCatalogContract;

/** ModelArk's fixed catalog keeps the catalog contract: the same model ids and inputs as RunComfy's. */
class ModelArkCatalogContractTest extends ModelCatalogContract {

    @Override
    protected ModelCatalog newCatalog() {
        return ModelArkCatalog.standard();
    }
}
