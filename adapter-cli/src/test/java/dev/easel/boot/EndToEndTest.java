package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.easel.boot.EaselHarness.Run;

/** The {@code easel} command through the real composition root, against the emulator over HTTP. */
class EndToEndTest {

    private static final String TOKEN = EaselHarness.TOKEN;

    @TempDir
    Path work;

    private EaselHarness harness;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        harness = new EaselHarness(work, b -> { });
        env = harness.env();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private RunComfyEmulator emulator() {
        return harness.emulator();
    }

    private Run easel(String... args) {
        return harness.easel(args);
    }


    private static ImageHeaders.Header header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return ImageHeaders.read(bytes, bytes.length).orElseThrow();
    }

    @Test
    void generatesAPngOfTheRequestedSizeWithItsRecord() throws Exception {
        Run run = easel("generate", "a lighthouse", "--resolution", "2848x1600 (16:9)");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(1);
        Path png = work.resolve(run.lines().get(0));
        assertThat(png).startsWith(work.resolve("out")).hasExtension("png");
        assertThat(header(png)).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2848, 1600));

        String jobId = png.getFileName().toString().replaceAll("-1\\.png$", "");
        JsonNode record = new ObjectMapper().readTree(png.resolveSibling(jobId + ".json").toFile());
        assertThat(record.path("model").asText()).isEqualTo("bytedance/seedream-5/lite/text-to-image");
        assertThat(record.path("inputs").path("resolution").asText()).isEqualTo("2848x1600 (16:9)");
        assertThat(record.path("request_id").asText()).isEqualTo(emulator().submissions().get(0).requestId());
        assertThat(record.path("outputs").get(0).path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(png))));
        assertThat(record.path("history").findValuesAsText("state")).startsWith("PENDING", "SUBMITTING", "SUBMITTED").endsWith("STORED");
        assertThat(run.err()).contains("submitted, request", "stored 1 image");
        assertThat(new String(Files.readAllBytes(png), java.nio.charset.StandardCharsets.UTF_8))
                .as("the PNG's bytes carry the prompt").contains("iTXtparameters", "\"prompt\":\"a lighthouse\"");
    }

    @Test
    void jobsAreSearchedAndFilteredAndUsageSumsTheirCost() throws IOException {
        assertThat(easel("generate", "a red fox in snow", "-q").exit()).isZero();
        assertThat(easel("generate", "a lighthouse at dusk", "-q", "--max-images", "2", "--sequential", "auto").exit()).isZero();
        String pending = easel("generate", "a fox at night", "--no-wait").out().trim();

        Run found = easel("jobs", "--search", "lighthouse DUSK");
        assertThat(found.out()).contains("a lighthouse at dusk").doesNotContain("fox");
        assertThat(easel("jobs", "--search", "fox").out().lines().skip(1).toList()).hasSize(2);
        assertThat(easel("jobs", "--search", "fox", "--state", "stored").out()).contains("a red fox in snow").doesNotContain(pending);
        assertThat(easel("jobs", "--model", "someone/else").err()).contains("no jobs match");
        assertThat(easel("jobs", "--since", "1h", "--limit", "1").err()).contains("more jobs follow: add --after");
        assertThat(easel("jobs", "--since", "1h", "--limit", "1").out()).contains(pending);
        assertThat(easel("jobs", "--since", "someday").exit()).isEqualTo(ExitCode.INVALID);

        Run usage = easel("usage");
        assertThat(usage.exit()).as(usage.err()).isZero();
        assertThat(usage.out()).contains("bytedance/seedream-5/lite/text-to-image", "total");
        assertThat(usage.err()).contains("1 of 3 jobs have no cost");
        JsonNode json = new ObjectMapper().readTree(easel("usage", "--by", "day", "--json").out());
        assertThat(json.path("groups").get(0).path("jobs").asInt()).isEqualTo(3);
        assertThat(json.path("total_usd").decimalValue()).isPositive();
        assertThat(easel("usage", "--by", "planet").exit()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void theImageItselfTellsHowItWasMade() throws IOException {
        Run run = easel("generate", "a lighthouse at dusk", "--format", "jpeg", "--optimize", "fast", "-q");
        Path jpeg = work.resolve(run.lines().get(0));

        Run inspect = easel("inspect", jpeg.toString());

        assertThat(inspect.exit()).isZero();
        JsonNode parameters = new ObjectMapper().readTree(inspect.out());
        assertThat(parameters.path("generator").asText()).isEqualTo("easel");
        assertThat(parameters.path("inputs").path("prompt").asText()).isEqualTo("a lighthouse at dusk");
        assertThat(parameters.path("inputs").path("optimize_prompt_options").asText()).isEqualTo("fast");
        assertThat(parameters.path("job_id").asText()).isEqualTo(jpeg.getFileName().toString().replace("-1.jpeg", ""));
        assertThat(easel("inspect", work.resolve("nope.png").toString()).exit()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void generatesAJpegFromTheBareSize() throws Exception {
        Run run = easel("generate", "a lighthouse", "--resolution", "2048x2048", "--format", "jpeg");

        assertThat(run.exit()).as(run.err()).isZero();
        Path jpeg = work.resolve(run.lines().get(0));
        assertThat(jpeg).hasExtension("jpeg");
        assertThat(header(jpeg)).isEqualTo(new ImageHeaders.Header(MediaType.JPEG, 2048, 2048));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-images|16|max_images 16 is not allowed: use an integer from 1 to 15",
        "--resolution|1234x5678|resolution \"1234x5678\" is not one of: 2K, 3K, 2048x2048 (1:1)",
        "--format|gif|output_format \"gif\" is not one of: png, jpeg",
        "--sequential|sometimes|sequential_image_generation \"sometimes\" is not one of: auto, disabled"})
    void invalidInputExitsTwoNamesTheFieldAndSubmitsNothing(String flag, String value, String message) {
        Run run = easel("generate", "a fox", flag, value);

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("nothing was submitted", message);
        assertThat(run.out()).isEmpty();
        assertThat(emulator().calls("submit")).isZero();
    }

    @Test
    void aCommandThatSubmitsNothingRefusesBadInputWithoutTalkingOfSubmitting() {
        Run run = easel("usage", "--by", "team");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).startsWith("easel: invalid input:").contains("by \"team\" is not one of: model, day, key")
                .doesNotContain("submitted");
    }

    @Test
    void anEmptyPromptExitsTwo() {
        Run run = easel("generate", "");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("prompt \"\" must not be empty");
        assertThat(emulator().calls("submit")).isZero();
    }

    @Test
    void withoutATokenExitsThreeAndSaysHowToSetIt() {
        env.remove("RUNCOMFY_API_TOKEN");

        Run run = easel("generate", "a fox");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("export RUNCOMFY_API_TOKEN=");
        assertThat(emulator().calls("submit") + emulator().calls("rejected")).isZero();
    }

    @Test
    void aRefusedTokenExitsThreeAndTheTokenAppearsNowhere() throws IOException {
        env.put("RUNCOMFY_API_TOKEN", "rc-wrong-token-77");

        Run run = easel("generate", "a fox");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("refused the API token").doesNotContain("rc-wrong-token-77");
        assertThat(emulator().submissions()).isEmpty();
        assertNoFileContains("rc-wrong-token-77");
    }

    @Test
    void theTokenIsInNoOutputAndNoFile() throws IOException {
        Run run = easel("generate", "a fox", "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
        assertNoFileContains(TOKEN);
    }

    @Test
    void aFailedJobExitsFourWithTheProvidersReason() {
        Run run = easel("generate", "a cat " + RunComfyEmulator.FAIL_MARKER);

        assertThat(run.exit()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(run.err()).contains("failed: the prompt was rejected by the model's content filter");
    }

    @Test
    void aJobThatOutlivesTheTimeoutExitsFiveAndStaysJournaled() {
        harness.restart(b -> b.timing(Duration.ofMillis(50), Duration.ofMinutes(5)));

        Run run = easel("generate", "a slow fox", "--timeout", "1s");

        assertThat(run.exit()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(run.err()).contains("easel resume");
        SqlJobJournal journal = harness.journal();
        assertThat(journal.jobs()).singleElement().extracting(j -> j.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void jsonDescribesTheJobAndEveryImage() throws IOException {
        Run run = easel("generate", "four panels", "--sequential", "auto", "--max-images", "4", "--json", "-q");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode job = new ObjectMapper().readTree(run.out());
        assertThat(job.path("state").asText()).isEqualTo("stored");
        assertThat(job.path("images").size()).isBetween(1, 4);
        assertThat(job.path("images").get(0).path("width").asInt()).isEqualTo(2304);
        assertThat(job.path("inputs").path("max_images").asInt()).isEqualTo(4);
    }

    @Test
    void noWaitPrintsTheJobIdAndLeavesItJournaled() {
        Run run = easel("generate", "later", "--no-wait");

        assertThat(run.exit()).isZero();
        String id = run.out().trim();
        assertThat(harness.journal().find(dev.easel.core.model.JobId.of(id)))
                .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.SUBMITTED));
    }

    @Test
    void theTokenMayComeFromTheConfigFileAndTheEnvironmentWins() throws IOException {
        env.remove("RUNCOMFY_API_TOKEN");
        Files.createDirectories(work.resolve("home"));
        Files.writeString(work.resolve("home/config.properties"), "RUNCOMFY_API_TOKEN=" + TOKEN + "\noutput=from-file\n");

        Run fromFile = easel("generate", "configured", "-q");
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(work.resolve(fromFile.out().trim())).as("EASEL_OUTPUT wins over the file").startsWith(work.resolve("out"));

        env.put("RUNCOMFY_API_TOKEN", "rc-env-wins");
        assertThat(easel("generate", "configured", "-q").exit()).isEqualTo(ExitCode.CONFIGURATION);
    }

    @Test
    void theDemoNeedsNoTokenAndMakesThePictureOfTheDefaultSize() throws IOException {
        env.remove("RUNCOMFY_API_TOKEN");
        env.remove("RUNCOMFY_BASE_URL");

        Run run = easel("generate", "--demo", "a red fox in snow");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(header(work.resolve(run.lines().get(0)))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2304, 1728));
        assertThat(work.resolve("home/demo/easel.db")).exists();
        assertThat(work.resolve("home/easel.db")).doesNotExist();
    }

    @Test
    void modelsAndSchemaWorkWithoutAToken() {
        env.remove("RUNCOMFY_API_TOKEN");

        Run models = easel("models");
        Run schema = easel("schema");

        assertThat(models.exit()).isZero();
        assertThat(models.out()).contains("bytedance/seedream-5/lite/text-to-image");
        assertThat(schema.exit()).isZero();
        assertThat(schema.out()).contains("max_images (integer)", "allowed: 1 to 15", "default: 15",
                "optimize_prompt_options", "standard, fast");
        assertThat(easel("schema", "acme/painter").exit()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void readingTheJournalNeedsNoTokenAndAskingRunComfyDoes() {
        String stored = new String(easel("generate", "kept", "-q", "--json").out());
        String storedId = stored.replaceAll("(?s).*\"job_id\":\"([^\"]+)\".*", "$1");
        String waiting = easel("generate", "still queued", "--no-wait").out().trim();
        env.remove("RUNCOMFY_API_TOKEN");

        assertThat(easel("jobs").out()).contains(storedId, waiting);
        Run status = easel("status", storedId);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("state     stored");
        Run live = easel("status", waiting);
        assertThat(live.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(live.err()).contains("export RUNCOMFY_API_TOKEN=");
    }

    @Test
    void anUnknownProviderOrStoreIsAConfigurationError() {
        env.put("EASEL_STORAGE", "floppy");

        Run run = easel("generate", "x");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("storage \"floppy\" is not available", "available: file");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(easel("generate").exit()).isEqualTo(ExitCode.INVALID);
        assertThat(easel("generate", "x", "--timeout", "soon").exit()).isEqualTo(ExitCode.INVALID);
        assertThat(easel("frobnicate").exit()).isEqualTo(ExitCode.INVALID);
    }

    private void assertNoFileContains(String secret) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(secret);
            }
        }
    }
}
