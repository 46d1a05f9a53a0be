package dev.easel.core.port.in;

import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import java.util.List;

/** The models Easel can run and what inputs each takes. */
public interface BrowseModelsUseCase {

    List<ModelDescription> models();

    /** @throws dev.easel.core.error.UnknownModelException naming the known models */
    ModelDescription describe(ModelId id);
}
