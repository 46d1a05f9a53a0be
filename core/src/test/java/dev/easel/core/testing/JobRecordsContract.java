package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.JobRecords;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRecords} must do: keep each stored job's record beside its images, whole, the
 * latest put winning. Each adapter's test extends this, supplies a fresh store and reads back what
 * the store holds the way someone looking at the images would.
 */
public abstract class JobRecordsContract {

    protected static final Instant AT = Instant.parse("2026-11-21T10:15:00Z");

    protected JobRecords records;
    private ExecutorService pool;

    /** A new, empty store of records. */
    protected abstract JobRecords newRecords() throws Exception;

    /** The record of job {@code id} found beside the image stored under {@code imageKey}, read back into a job. */
    protected abstract Optional<Job> recordBeside(String imageKey, JobId id) throws Exception;

    /** Every entry the store holds (file names or keys), hidden or temporary ones included. */
    protected abstract List<String> entries() throws Exception;

    @BeforeEach
    void freshRecords() throws Exception {
        records = newRecords();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aStoredJobsRecordSaysEverythingAboutHowItsImagesWereMade() throws Exception {
        Job job = stored("20261121-101500-aaaaaa", "a red fox in snow, «renard» 雪の狐 🦊", AT, "2026-11-21", 2, "line-7");

        records.put(job);

        assertThat(recordBeside(job.images().get(0).key(), job.id())).contains(job);
        assertThat(recordBeside(job.images().get(1).key(), job.id())).contains(job);
        assertThat(entries()).hasSize(1);
    }

    @Test
    void theRecordSitsBesideTheImagesWhenTheJobWasCreatedTheDayBefore() throws Exception {
        Job job = stored("20261120-235930-bbbbbb", "a lighthouse at midnight", Instant.parse("2026-11-20T23:59:30Z"),
                "2026-11-21", 1, null);

        records.put(job);

        assertThat(recordBeside(job.images().get(0).key(), job.id())).contains(job);
    }

    @Test
    void puttingARecordAgainReplacesIt() throws Exception {
        Job first = stored("20261121-101500-cccccc", "a snowy owl", AT, "2026-11-21", 1, null);
        Job again = stored("20261121-101500-cccccc", "a snowy owl", AT, "2026-11-21", 2, null);

        records.put(first);
        records.put(again);

        assertThat(recordBeside(again.images().get(0).key(), again.id())).contains(again);
        assertThat(entries()).hasSize(1);
    }

    @Test
    void concurrentPutsOfManyJobsEachKeepTheirOwnWholeRecord() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(stored(String.format("20261121-1016%02d-dddddd", i), "job " + i, AT.plusSeconds(i), "2026-11-21", 1, null));
        }
        List<Future<?>> puts = new ArrayList<>();
        for (Job job : jobs) {
            puts.add(pool.submit(() -> records.put(job)));
        }
        for (Future<?> put : puts) {
            put.get();
        }

        for (Job job : jobs) {
            assertThat(recordBeside(job.images().get(0).key(), job.id())).as(job.id().value()).contains(job);
        }
        assertThat(entries()).hasSize(jobs.size());
    }

    @Test
    void concurrentPutsOfOneJobAllSucceedAndLeaveOneWholeRecord() throws Exception {
        List<Job> versions = new ArrayList<>();
        for (int images = 1; images <= 4; images++) {
            versions.add(stored("20261121-101500-eeeeee", "a quiet harbour", AT, "2026-11-21", images, null));
        }
        List<Future<?>> puts = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            Job version = versions.get(round % versions.size());
            puts.add(pool.submit(() -> records.put(version)));
        }
        for (Future<?> put : puts) {
            put.get();
        }

        assertThat(recordBeside(versions.get(0).images().get(0).key(), versions.get(0).id())).get().isIn(versions);
        assertThat(entries()).hasSize(1);
    }

    /** A job whose {@code images} outputs were stored on {@code day}, as the generation flow leaves it. */
    protected static Job stored(String id, String prompt, Instant created, String day, int images, String key) {
        GenerationRequest request = GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(),
                Map.of("prompt", prompt));
        List<URI> urls = new ArrayList<>();
        List<StoredImage> stored = new ArrayList<>();
        for (int i = 1; i <= images; i++) {
            urls.add(URI.create("https://cdn.example.test/" + id + "/" + i + ".png"));
            stored.add(new StoredImage(day + "/" + id + "-" + i + ".png", 1000L * i, Integer.toHexString(i).repeat(64)
                    .substring(0, 64), MediaType.PNG, 2048, 1536));
        }
        return Job.pending(JobId.of(id), request, created, key)
                .moveTo(JobState.SUBMITTING, created, "")
                .submitted(RequestId.of("req-" + id), created.plusSeconds(1))
                .succeeded(urls, new BigDecimal("0.035"), created.plusSeconds(20), "took 19 s")
                .stored(stored, created.plusSeconds(21));
    }
}
