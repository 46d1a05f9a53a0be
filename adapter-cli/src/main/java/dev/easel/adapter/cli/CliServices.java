package dev.easel.adapter.cli;

import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.RunBatchUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;

/**
 * What the commands may use: core use cases, and where a stored image can be found, as a person
 * would type it. Supplied by the composition root; parts that need credentials are made only when a
 * command asks for them, so {@code easel models} works without a token.
 */
public interface CliServices extends AutoCloseable {

    GenerateImageUseCase generation();

    SubmitJobUseCase submission();

    BrowseModelsUseCase models();

    CancelJobUseCase cancellation();

    RunBatchUseCase batches();

    TrackJobsUseCase tracking();

    ReportUsageUseCase usage();

    /** Local files for file inputs: checked, then data URIs or uploaded links. */
    PrepareFileInputsUseCase files();

    /** A file path for the file store, a URL for object stores. */
    String locate(StoredImage image);

    /** Stops what the session started (the demo emulator); never throws. */
    @Override
    void close();
}
