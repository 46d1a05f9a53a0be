package dev.easel.boot;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.RunBatchUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.InputUploader;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.service.BatchService;
import dev.easel.core.service.FileInputService;
import dev.easel.core.service.GalleryService;
import dev.easel.core.service.UsageService;
import dev.easel.core.service.GenerationService;
import dev.easel.core.service.JobService;
import dev.easel.core.service.ModelService;
import dev.easel.core.service.PollingPolicy;
import dev.easel.core.service.Sleeper;
import java.time.Clock;
import java.util.Optional;

/** The core's services and the use cases they implement. The core itself knows nothing of Guice. */
final class CoreModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(GenerateImageUseCase.class).to(GenerationService.class);
        bind(SubmitJobUseCase.class).to(GenerationService.class);
        bind(BrowseModelsUseCase.class).to(ModelService.class);
        bind(CancelJobUseCase.class).to(JobService.class);
        bind(TrackJobsUseCase.class).to(JobService.class);
        bind(RunBatchUseCase.class).to(BatchService.class);
        bind(BrowseGalleryUseCase.class).to(GalleryService.class);
        bind(ReportUsageUseCase.class).to(UsageService.class);
        bind(PrepareFileInputsUseCase.class).to(FileInputService.class);
    }

    @Provides
    @Singleton
    FileInputService fileInputService(Optional<InputUploader> uploader) {
        return new FileInputService(uploader);
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Provides
    @Singleton
    GenerationService generationService(ModelCatalog catalog, GenerationProvider provider, ImageStore store, JobRecords records,
                                        JobJournal journal, Clock clock) {
        return new GenerationService(catalog, provider, store, records, journal, clock, Sleeper.SYSTEM, PollingPolicy.DEFAULT,
                GenerationService.DEFAULT_MAX_IMAGE_BYTES);
    }

    /**
     * Job tracking reaches the provider and the catalog only when a job needs them, so that listing and
     * reading the journal work without a token and start quickly; generating checks the token before
     * anything is journaled.
     */
    @Provides
    @Singleton
    JobService jobService(com.google.inject.Provider<ModelCatalog> catalog, com.google.inject.Provider<GenerationProvider> provider,
                          ImageStore store, com.google.inject.Provider<JobRecords> records, JobJournal journal, Clock clock) {
        GenerationProvider lazy = new LazyProvider(provider);
        JobRecords lazyRecords = job -> records.get().put(job);
        GenerationService following = new GenerationService(new LazyCatalog(catalog), lazy, store, lazyRecords, journal, clock,
                Sleeper.SYSTEM, PollingPolicy.DEFAULT, GenerationService.DEFAULT_MAX_IMAGE_BYTES);
        return new JobService(journal, lazy, following, clock);
    }

    @Provides
    @Singleton
    BatchService batchService(GenerationService generation, JobJournal journal, Clock clock) {
        return new BatchService(generation, journal, clock);
    }

    @Provides
    @Singleton
    GalleryService galleryService(JobJournal journal, ImageStore store) {
        return new GalleryService(journal, store);
    }

    @Provides
    @Singleton
    UsageService usageService(JobJournal journal) {
        return new UsageService(journal);
    }

    @Provides
    @Singleton
    ModelService modelService(ModelCatalog catalog) {
        return new ModelService(catalog);
    }
}
