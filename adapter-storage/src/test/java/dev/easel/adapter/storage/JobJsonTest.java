package dev.easel.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.JobState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    void writesEveryKindOfValueAsThePlainMapperDoes() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("null", null);
        nested.put("list", Arrays.asList(1, null, "two", List.of(3L, 4.5), Map.of("deep", true)));
        nested.put("empty map", Map.of());
        nested.put("empty list", List.of());
        Map<Object, Object> otherKeys = new LinkedHashMap<>();
        otherKeys.put(7, "seven");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("prompt", "a \"quoted\" fox\nin snow, \u00e9t\u00e9 \ud83e\udd8a \\ / \u0001");
        inputs.put("int", 3);
        inputs.put("long", 12_345_678_901L);
        inputs.put("double", 2.5);
        inputs.put("small double", 1.0E-7);
        inputs.put("large double", 1.0E21);
        inputs.put("float", 0.1f);
        inputs.put("short", (short) 4);
        inputs.put("byte", (byte) 5);
        inputs.put("decimal", new BigDecimal("0.035"));
        inputs.put("exponent", new BigDecimal("1E+3"));
        inputs.put("big integer", new BigInteger("123456789012345678901234567890"));
        inputs.put("true", true);
        inputs.put("false", false);
        inputs.put("none", null);
        inputs.put("nested", nested);
        inputs.put("other keys", otherKeys);
        inputs.put("other value", java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));
        inputs.put("state", JobState.STORED);
        JobJson full = new JobJson("20260101-000000-abcdef", "m", inputs, "r", "STORED", "a note \t",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z",
                List.of(new JobJson.Step("PENDING", "2026-01-01T00:00:00Z", null),
                        new JobJson.Step("FAILED", "2026-01-01T00:00:01Z", ""),
                        new JobJson.Step("STORED", "2026-01-01T00:00:01Z", "done"),
                        new JobJson.Step(null, "", "only a note")),
                List.of("https://example.com/out.png", "https://example.com/a b.png"),
                List.of(new JobJson.Output("out/1.png", 28_000_000_000L, "0".repeat(64), "image/png", 2304, 1728)),
                new BigDecimal("0.0350"), "key", "cli", "runcomfy");
        JobJson sparse = new JobJson("20260101-000000-abcdef", "m", null, null, "PENDING", null, null, null,
                null, null, null, null, null, null, null);
        JobJson empty = new JobJson("", "", Map.of(), "", "", "", "", "", List.of(), List.of(), List.of(),
                BigDecimal.ZERO, "", "", "");

        ObjectMapper indenting = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        for (JobJson record : List.of(full, sparse, empty, JobJson.sample(), JobJson.of(job()))) {
            assertThat(record.write()).isEqualTo(new ObjectMapper().writeValueAsString(record));
            assertThat(new String(record.writeIndented(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("the record beside the images").isEqualTo(indenting.writeValueAsString(record));
        }
        assertThat(JobJson.read(sparse.write())).isEqualTo(sparse);
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
