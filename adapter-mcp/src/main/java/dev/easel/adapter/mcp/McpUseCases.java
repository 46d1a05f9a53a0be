package dev.easel.adapter.mcp;

import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.util.Objects;

/** The core use cases the MCP tools call; they call nothing else. */
public record McpUseCases(GenerateImageUseCase generation, TrackJobsUseCase tracking, CancelJobUseCase cancellation,
                          BrowseModelsUseCase models, BrowseGalleryUseCase gallery) {

    public McpUseCases {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(gallery, "gallery");
    }
}
