package dev.easel.boot;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.RunBatchUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.InputUploader;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.service.BatchService;
import dev.easel.core.service.FileInputService;
import dev.easel.core.service.CallBudget;
import dev.easel.core.service.CancelJobService;
import dev.easel.core.service.GalleryService;
import dev.easel.core.service.GenerateImageService;
import dev.easel.core.service.JobDriver;
import dev.easel.core.service.JobScheduler;
import dev.easel.core.service.UsageService;
import dev.easel.core.service.ModelService;
import dev.easel.core.service.PollingPolicy;
import dev.easel.core.service.RequestValidator;
import dev.easel.core.service.Sleeper;
import dev.easel.core.service.SubmitJobService;
import dev.easel.core.service.TrackJobsService;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The core's services and the use cases they implement. The core itself knows nothing of Guice.
 * Services that start new jobs ask for the provider itself, so a missing token shows before
 * anything is journaled; the rest reach it only when a job needs it, so that listing and reading
 * the journal work without a token.
 */
final class CoreModule extends AbstractModule {

    /**
     * Workers of the one scheduler that follows every job in flight (besides its timer thread). A
     * call holds its worker through its journal commit and the HTTP exchange; 32 let a batch's first
     * wave of up to 32 lines go out at once instead of queueing behind 16 (decision 0022).
     */
    static final int CALL_THREADS = 32;
    static final int STORE_THREADS = 8;

    /** Told of what must be closed with the session: the scheduler's threads. */
    private final Consumer<AutoCloseable> opened;

    CoreModule(Consumer<AutoCloseable> opened) {
        this.opened = opened;
    }

    @Override
    protected void configure() {
        bind(GenerateImageUseCase.class).to(GenerateImageService.class);
        bind(SubmitJobUseCase.class).to(SubmitJobService.class);
        bind(BrowseModelsUseCase.class).to(ModelService.class);
        bind(CancelJobUseCase.class).to(CancelJobService.class);
        bind(TrackJobsUseCase.class).to(TrackJobsService.class);
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
    JobDriver jobDriver(Provider<GenerationProvider> provider, ProviderPlugin plugin, ImageStore store, JobRecords records, JobJournal journal,
                        Clock clock) {
        return new JobDriver(new LazyProvider(provider, plugin.name()), store, records, journal, clock, Sleeper.SYSTEM, PollingPolicy.DEFAULT,
                JobDriver.DEFAULT_MAX_IMAGE_BYTES);
    }

    @Provides
    @Singleton
    JobScheduler jobScheduler(JobDriver driver, Clock clock, CallBudget budget) {
        JobScheduler started = JobScheduler.start(driver, clock, CALL_THREADS, STORE_THREADS, budget);
        opened.accept(started);
        return started;
    }

    @Provides
    @Singleton
    RequestValidator requestValidator(ModelCatalog catalog) {
        return new RequestValidator(catalog);
    }

    @Provides
    @Singleton
    GenerateImageService generateImageService(GenerationProvider checkedFirst, RequestValidator validator, JobDriver driver,
                                              JobJournal journal, Clock clock) {
        return new GenerateImageService(validator, driver, journal, clock);
    }

    @Provides
    @Singleton
    SubmitJobService submitJobService(GenerationProvider checkedFirst, RequestValidator validator, JobDriver driver,
                                      Clock clock) {
        return new SubmitJobService(validator, driver, clock);
    }

    @Provides
    @Singleton
    BatchService batchService(GenerationProvider checkedFirst, RequestValidator validator, JobScheduler scheduler,
                              JobJournal journal, Clock clock) {
        return new BatchService(validator, scheduler, journal, clock);
    }

    @Provides
    @Singleton
    TrackJobsService trackJobsService(JobJournal journal, Provider<GenerationProvider> provider, ProviderPlugin plugin, JobDriver driver,
                                      JobScheduler scheduler, Clock clock) {
        return new TrackJobsService(journal, new LazyProvider(provider, plugin.name()), driver, scheduler, clock);
    }

    @Provides
    @Singleton
    CancelJobService cancelJobService(JobJournal journal, Provider<GenerationProvider> provider, ProviderPlugin plugin, Clock clock) {
        return new CancelJobService(journal, new LazyProvider(provider, plugin.name()), clock);
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
