package dev.easel.adapter.http;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.util.Objects;

/** The core use cases the web front calls; it calls nothing else. */
public record WebUseCases(SubmitJobUseCase submission, TrackJobsUseCase tracking, CancelJobUseCase cancellation,
                          BrowseModelsUseCase models, BrowseGalleryUseCase gallery, ReportUsageUseCase usage,
                          PrepareFileInputsUseCase files) {

    /** Without file inputs: uploads and data URIs are refused. */
    public WebUseCases(SubmitJobUseCase submission, TrackJobsUseCase tracking, CancelJobUseCase cancellation,
                       BrowseModelsUseCase models, BrowseGalleryUseCase gallery, ReportUsageUseCase usage) {
        this(submission, tracking, cancellation, models, gallery, usage, given -> {
            throw InvalidRequestException.of(given.isEmpty() ? "file" : given.get(0).field(), null,
                    "is a file input, which this server does not take");
        });
    }

    public WebUseCases {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(gallery, "gallery");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(files, "files");
    }
}
