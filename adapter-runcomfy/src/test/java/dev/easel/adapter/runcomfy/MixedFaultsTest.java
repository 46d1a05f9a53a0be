package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.runcomfy.emulator.Faults;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.service.GenerateImageService;
import dev.easel.core.service.JobDriver;
import dev.easel.core.service.RequestValidator;
import dev.easel.core.service.PollingPolicy;
import dev.easel.core.service.Sleeper;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.InMemoryJobJournal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many jobs through the whole generation flow while the emulator rate-limits, fails, drops
 * connections and truncates downloads: every job must end stored, each prompt submitted once, and
 * no download may carry the token.
 */
class MixedFaultsTest {

    private static final int JOBS = 24;

    @Test
    void everyJobEndsStoredAndNothingIsSubmittedTwice() throws Exception {
        Faults faults = Faults.parse("rate-limit=0.08,server-error=0.07,drop=0.03,error-200=0.02,truncate=0.1");
        try (RunComfyEmulator emulator = RunComfyEmulator.builder().faults(faults).seed(11).retryAfterSeconds(0)
                .timing(Duration.ofMillis(100), Duration.ofMillis(300)).start()) {
            RunComfyProvider provider = RunComfyProvider.builder().token(emulator.token())
                    .baseUrl(emulator.baseUrl().toString())
                    .retries(new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(30)))
                    .build();
            InMemoryJobJournal journal = new InMemoryJobJournal();
            GenerateImageService service = new GenerateImageService(new RequestValidator(BundledModelCatalog.load()),
                    new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, Clock.systemUTC(), Sleeper.SYSTEM,
                            PollingPolicy.DEFAULT, JobDriver.DEFAULT_MAX_IMAGE_BYTES), journal, Clock.systemUTC());

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Job>> running = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                GenerateCommand command = new GenerateCommand(ModelId.of("bytedance/seedream-5/lite/text-to-image"),
                        Map.of("prompt", "job number " + i, "resolution", "2048x2048"), Duration.ofMinutes(1));
                running.add(pool.submit(() -> service.generate(command, JobListener.NONE)));
            }
            List<Job> ended = new ArrayList<>();
            for (Future<Job> job : running) {
                ended.add(job.get());
            }
            pool.shutdown();

            assertThat(ended).allSatisfy(job -> {
                assertThat(job.state()).as(job.note()).isEqualTo(JobState.STORED);
                assertThat(job.images()).singleElement().satisfies(i -> assertThat(i.width()).isEqualTo(2048));
            });
            assertThat(emulator.submissions()).hasSize(JOBS);
            assertThat(emulator.submissions().stream().map(s -> s.inputs().get("prompt")).distinct()).hasSize(JOBS);
            assertThat(emulator.downloadsWithAuthorization()).isZero();
            assertThat(emulator.calls("file")).as("each truncated download was fetched again, once")
                    .isEqualTo(JOBS + emulator.calls("truncated"));
        }
    }
}
