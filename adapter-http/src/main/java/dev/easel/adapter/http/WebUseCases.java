package dev.easel.adapter.http;

import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.util.Objects;

/** The core use cases the web front calls; it calls nothing else. */
public record WebUseCases(SubmitJobUseCase submission, TrackJobsUseCase tracking, CancelJobUseCase cancellation,
                          BrowseModelsUseCase models, BrowseGalleryUseCase gallery, ReportUsageUseCase usage) {

    public WebUseCases {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(gallery, "gallery");
        Objects.requireNonNull(usage, "usage");
    }
}
