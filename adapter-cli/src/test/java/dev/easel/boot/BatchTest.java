package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.StoredImage;
import dev.easel.core.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel batch}, {@code resume}, {@code jobs}, {@code status} and {@code result} through the launcher. */
class BatchTest {

    @TempDir
    Path work;

    private EaselHarness harness;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofMillis(300)));
        env = harness.env();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private RunComfyEmulator emulator() {
        return harness.emulator();
    }

    private EaselHarness.Run easel(String... args) {
        return harness.easel(args);
    }

    private Path batchFile(List<String> lines) throws IOException {
        Path file = work.resolve("prompts.txt");
        Files.write(file, lines);
        return file;
    }

    private SqlJobJournal journal() {
        return harness.journal();
    }

    @Test
    void runsEveryLineAndListsTheFiles() throws IOException {
        Path file = batchFile(List.of("# storyboard", "a fox at dawn", "", "{\"prompt\": \"a fox at noon\", \"output_format\": \"jpeg\"}",
                "a fox at dusk"));

        EaselHarness.Run run = easel("batch", file.toString(), "--concurrency", "3", "--resolution", "2048x2048");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3).anyMatch(l -> l.endsWith(".jpeg"));
        for (String line : run.lines()) {
            byte[] bytes = Files.readAllBytes(work.resolve(line));
            assertThat(ImageHeaders.read(bytes, bytes.length).orElseThrow().width()).isEqualTo(2048);
        }
        assertThat(run.err()).contains("3 lines in", "3 stored");
        assertThat(emulator().submissions()).hasSize(3);
    }

    @Test
    void aBadLineStopsEverythingAndIsNamedByItsNumber() throws IOException {
        Path file = batchFile(List.of("fine", "{\"prompt\": \"too many\", \"max_images\": 16}", "{oops", "also fine"));

        EaselHarness.Run run = easel("batch", file.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("nothing was submitted", "line 2: max_images 16 is not allowed", "line 3 \"{oops\" is not a JSON object");
        assertThat(emulator().calls("submit")).isZero();

        EaselHarness.Run skipping = easel("batch", file.toString(), "--skip-invalid");
        assertThat(skipping.exit()).as(skipping.err()).isZero();
        assertThat(emulator().submissions()).hasSize(2);
        assertThat(skipping.err().lines().filter(l -> l.startsWith("easel: skipping")))
                .as("each skipped line told once, in the file's order")
                .hasSize(2).satisfies(lines -> {
                    assertThat(lines.get(0)).contains("line 2: max_images 16 is not allowed");
                    assertThat(lines.get(1)).contains("line 3 \"{oops\" is not a JSON object");
                });
    }

    @Test
    void reRunningTheSameFilePaysForNothingTwice() throws IOException {
        Path file = batchFile(List.of("one", "two", "two"));
        assertThat(easel("batch", file.toString(), "-q").exit()).isZero();
        assertThat(emulator().submissions()).as("identical lines are separate jobs").hasSize(3);

        EaselHarness.Run again = easel("batch", file.toString(), "--json");

        assertThat(again.exit()).isZero();
        assertThat(emulator().submissions()).hasSize(3);
        List<JsonNode> lines = again.lines().stream().map(BatchTest::json).toList();
        assertThat(lines).extracting(l -> l.path("outcome").asText()).containsOnly("already_stored");
        assertThat(easel("batch", file.toString(), "--force", "-q").exit()).isZero();
        assertThat(emulator().submissions()).hasSize(6);
    }

    @Test
    void jobsStatusAndResultShowWhatWasDone() {
        String id = easel("generate", "a red fox", "-q", "--json").out();
        String jobId = json(id).path("job_id").asText();
        String pending = easel("generate", "later", "--no-wait").out().trim();

        EaselHarness.Run jobs = easel("jobs");
        assertThat(jobs.out()).contains(jobId, "stored", pending, "submitted", "a red fox");
        assertThat(easel("jobs", "--state", "unfinished").out()).contains(pending).doesNotContain(jobId);
        assertThat(easel("jobs", "--state", "sleeping").exit()).isEqualTo(ExitCode.INVALID);

        EaselHarness.Run status = easel("status", pending);
        assertThat(status.out()).contains("state     submitted", "provider  ", "prompt    later");

        EaselHarness.Run result = easel("result", pending, "-q");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(work.resolve(result.out().trim())).exists();
        assertThat(easel("status", pending, "--json").out()).contains("\"state\":\"stored\"");
    }

    @Test
    void resumeFinishesJobsLeftBehind() {
        String first = easel("generate", "left behind", "--no-wait").out().trim();
        String second = easel("generate", "also left", "--no-wait").out().trim();

        EaselHarness.Run resume = easel("resume");

        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.lines()).hasSize(2);
        assertThat(resume.err()).contains("resumed 2 jobs, 2 stored");
        assertThat(journal().jobs()).extracting(Job::state).containsOnly(JobState.STORED);
        assertThat(List.of(first, second)).allSatisfy(id -> assertThat(easel("status", id).out()).contains("stored"));
        assertThat(easel("resume").err()).contains("resumed 0 jobs");
    }

    /**
     * kill -9 in the middle of a batch, then resume: every job the emulator accepted is stored exactly
     * once with a valid file, except those whose submit answer the kill cut off, which are reported;
     * and running the same file again submits nothing new.
     */
    @Test
    void aBatchKilledWithSigkillLosesNoPaidJob() throws Exception {
        harness.restart(b -> b.timing(Duration.ofMillis(50), Duration.ofMillis(600)));
        RunComfyEmulator emulator = emulator();
        Path file = batchFile(IntStream.rangeClosed(1, 30).mapToObj(i -> "crash test frame " + i).toList());

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.easel.boot.Main", "batch", file.toString(), "-c", "5", "-q")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("EASEL_JOURNAL_LEASE", "2s");
        Process child = builder.start();
        Await.until("the batch to be under way", Duration.ofSeconds(60), () -> emulator.submissions().size() >= 12);
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        SqlJobJournal watcher = journal();
        assertThat(watcher.jobs()).as("every line journaled before its submit: the first wave's first, the rest once"
                + " those were claimed, before the sixth line's submit").hasSize(30);
        long unfinished = watcher.jobs().stream().filter(j -> !j.state().isTerminal()).count();
        assertThat(unfinished).isPositive();
        Await.until("the killed batch's leases to run out", Duration.ofSeconds(30), () -> watcher.orphans(100).size() == unfinished);

        EaselHarness.Run resume = easel("resume", "-q");

        List<Job> jobs = journal().jobs();
        Set<String> unknown = jobs.stream().filter(j -> j.state() == JobState.SUBMITTING)
                .map(j -> j.request().prompt().orElseThrow()).collect(Collectors.toSet());
        assertThat(unknown).as("only jobs whose submit answer the kill cut off").hasSizeLessThanOrEqualTo(5);
        assertThat(resume.exit()).as(resume.err()).isEqualTo(unknown.isEmpty() ? ExitCode.OK : ExitCode.OTHER);
        assertThat(jobs).filteredOn(j -> j.state() != JobState.SUBMITTING).extracting(Job::state).containsOnly(JobState.STORED);

        List<String> submittedPrompts = emulator.submissions().stream().map(s -> (String) s.inputs().get("prompt")).toList();
        assertThat(submittedPrompts).as("no prompt was submitted twice").doesNotHaveDuplicates();
        Map<String, Job> byRequest = jobs.stream().filter(j -> j.requestId().isPresent())
                .collect(Collectors.toMap(j -> j.requestId().get().value(), j -> j));
        for (RunComfyEmulator.Submission submission : emulator.submissions()) {
            Job job = byRequest.get(submission.requestId());
            if (job == null) {
                assertThat(unknown).as("a submission Easel has no request id for").contains((String) submission.inputs().get("prompt"));
                continue;
            }
            assertThat(job.state()).isEqualTo(JobState.STORED);
            for (StoredImage image : job.images()) {
                byte[] bytes = Files.readAllBytes(work.resolve("out").resolve(image.key()));
                assertThat(ImageHeaders.read(bytes, bytes.length).orElseThrow())
                        .isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2304, 1728));
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(image.sha256());
            }
        }
        try (var files = Files.walk(work.resolve("out"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part"))).as("no partial file remains").isEmpty();
        }

        int before = emulator.submissions().size();
        EaselHarness.Run again = easel("batch", file.toString(), "-q");
        assertThat(emulator.submissions()).as("a second run submits nothing new").hasSize(before);
        assertThat(again.exit()).isEqualTo(unknown.isEmpty() ? ExitCode.OK : ExitCode.OTHER);
    }

    /** Two `easel batch` processes on one 24-line file, started together: 24 jobs paid for, 24 images stored. */
    @Test
    void twoBatchesOfOneFileStartedTogetherPayOncePerLine() throws Exception {
        runTwoBatchesAtOnce(Map.of());
    }

    /** The same with the journal in a real PostgreSQL (EASEL_DATABASE_URL). */
    @Test
    void twoBatchesOfOneFileOnPostgresqlPayOncePerLine() throws Exception {
        runTwoBatchesAtOnce(Map.of("EASEL_DATABASE_URL", dev.easel.adapter.storage.sql.TestPostgres.newDatabaseUrl()));
    }

    private void runTwoBatchesAtOnce(Map<String, String> database) throws Exception {
        Path file = batchFile(IntStream.rangeClosed(1, 24).mapToObj(i -> "started twice frame " + i).toList());
        List<Process> batches = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.easel.boot.Main", "batch", file.toString(), "-c", "8", "-q")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("batch-" + i + ".log").toFile());
            builder.environment().putAll(env);
            builder.environment().putAll(database);
            batches.add(builder.start());
        }
        for (Process batch : batches) {
            assertThat(batch.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        List<String> prompts = emulator().submissions().stream().map(s -> (String) s.inputs().get("prompt")).toList();
        assertThat(prompts).as("each line paid for once").hasSize(24).doesNotHaveDuplicates();
        try (java.util.stream.Stream<Path> files = Files.walk(work.resolve("out"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).as("24 images stored").isEqualTo(24);
        }
    }

    /** Two resume processes at once on one journal of never-sent jobs: each job is submitted exactly once. */
    @Test
    void twoResumesAtOnceNeverSubmitAJobTwice() throws Exception {
        dev.easel.core.model.InputSchema schema = dev.easel.adapter.runcomfy.BundledModelCatalog.load()
                .find(dev.easel.core.model.seedream.SeedreamLiteTextToImage.MODEL).orElseThrow().inputs();
        SqlJobJournal journal = journal();
        java.time.Instant now = java.time.Instant.now();
        List<Job> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(Job.pending(dev.easel.core.model.JobId.next(now),
                    dev.easel.core.model.GenerationRequest.validated(schema, Map.of("prompt", "claimed once " + i)), now));
        }
        journal.recordAll(pending);
        journal.close();

        List<Process> resumes = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.easel.boot.Main", "resume", "-c", "6", "-q")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("resume-" + i + ".log").toFile());
            builder.environment().putAll(env);
            resumes.add(builder.start());
        }
        for (Process resume : resumes) {
            assertThat(resume.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        List<String> prompts = emulator().submissions().stream().map(s -> (String) s.inputs().get("prompt")).toList();
        assertThat(prompts).hasSize(20).doesNotHaveDuplicates();
        assertThat(journal().jobs()).hasSize(20).extracting(Job::state).containsOnly(JobState.STORED);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
