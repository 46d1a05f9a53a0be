package dev.easel.core.port.in;

import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import java.util.List;

/** The models Easel can run and what inputs each takes. */
public interface BrowseModelsUseCase {

    List<ModelDescription> models();

    /** Models matching {@code text} (id, name, summary, categories) in {@code category}; null or blank for any. */
    List<ModelDescription> search(String text, String category);

    /** @throws dev.easel.core.error.UnknownModelException naming the known models */
    ModelDescription describe(ModelId id);
}
