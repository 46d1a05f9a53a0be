package dev.easel.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.ModelId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one codec of journal records. */
class JobJsonTest {

    private static Job job() {
        return Job.pending(JobId.of("20260101-000000-abcdef"),
                GenerationRequest.restored(ModelId.of("bytedance/seedream-5/lite/text-to-image"),
                        Map.of("prompt", "a fox", "seed", 3)), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void writesWhatAPlainMapperWritesAndReadsItBack() throws Exception {
        Job job = job();

        String record = JobJson.of(job).write();

        assertThat(record).isEqualTo(new ObjectMapper().writeValueAsString(JobJson.of(job)));
        assertThat(JobJson.read(record).write()).isEqualTo(record);
        assertThat(JobJson.read(record).toJob().id()).isEqualTo(job.id());
    }

    @Test
    void theSampleThatPreparesWritingIsTheRecordThatPreparesReading() throws Exception {
        JobJson sample = JobJson.sample();

        assertThat(JobJson.read(JobJson.SAMPLE)).isEqualTo(sample);
        assertThat(JobJson.read(sample.write())).isEqualTo(sample);
        assertThat(sample.write()).isEqualTo(JobJson.of(sample.toJob()).write());
        assertThat(sample.outputs()).hasSize(1);
        assertThat(sample.history()).hasSize(2);
    }

    @Test
    void preparesFromAnyThreadAndStillReadsRecords() throws Exception {
        Thread other = new Thread(JobJson::prepareReading);
        other.start();
        JobJson.prepareWriting();
        JobJson.prepareReading();
        other.join();

        assertThat(JobJson.read(JobJson.of(job()).write()).toJob().request().inputs()).containsEntry("prompt", "a fox");
    }
}
