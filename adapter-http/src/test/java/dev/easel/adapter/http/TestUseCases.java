package dev.easel.adapter.http;

import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.service.CallBudget;
import dev.easel.core.service.CancelJobService;
import dev.easel.core.service.GalleryService;
import dev.easel.core.service.JobDriver;
import dev.easel.core.service.JobScheduler;
import dev.easel.core.service.ModelService;
import dev.easel.core.service.PollingPolicy;
import dev.easel.core.service.RequestValidator;
import dev.easel.core.service.Sleeper;
import dev.easel.core.service.SubmitJobService;
import dev.easel.core.service.TrackJobsService;
import dev.easel.core.service.UsageService;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.TestCatalog;
import java.time.Clock;

/** The core's use cases on in-memory ports and real time, as the web front's tests need them. */
final class TestUseCases {

    private TestUseCases() {
    }

    static WebUseCases of(GenerationProvider provider, ImageStore store, JobJournal journal) {
        Clock clock = Clock.systemUTC();
        JobDriver driver = new JobDriver(provider, store, new InMemoryJobRecords(), journal, clock, Sleeper.SYSTEM, PollingPolicy.DEFAULT, 10_000_000);
        JobScheduler scheduler = JobScheduler.start(driver, clock, 2, 1, new CallBudget(1000, 100));
        return new WebUseCases(new SubmitJobService(new RequestValidator(TestCatalog.seedream()), driver, clock),
                new TrackJobsService(journal, provider, driver, scheduler, clock), new CancelJobService(journal, provider, clock),
                new ModelService(TestCatalog.seedream()), new GalleryService(journal, store), new UsageService(journal));
    }
}
