package dev.easel.core.port.out;

import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import java.util.List;
import java.util.Optional;

/** The models a provider offers, each with its input schema. */
public interface ModelCatalog {

    List<ModelDescription> models();

    Optional<ModelDescription> find(ModelId id);
}
