package dev.easel.core.service;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.out.ModelCatalog;
import java.util.Objects;

/** Checks a command against its model's schema, journaling and submitting nothing. */
public final class RequestValidator {

    private final ModelCatalog catalog;

    public RequestValidator(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * @throws dev.easel.core.error.InvalidRequestException naming every invalid input
     * @throws dev.easel.core.error.UnknownModelException naming the known models
     */
    public GenerationRequest validate(GenerateCommand command) {
        ModelDescription model = catalog.find(command.model())
                .orElseThrow(() -> ModelService.unknown(catalog, command.model()));
        return GenerationRequest.validated(model.inputs(), command.inputs());
    }
}
