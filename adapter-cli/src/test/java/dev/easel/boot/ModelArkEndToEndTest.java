package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.adapter.modelark.emulator.Faults;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Duration;
import dev.easel.core.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's acceptance for ModelArk, as a new user tries it: {@code EASEL_PROVIDER=modelark},
 * {@code ARK_API_KEY} and {@code ARK_BASE_URL} pointing at a server that speaks ModelArk's images API
 * (the emulator, over real HTTP), through the real composition root.
 */
class ModelArkEndToEndTest {

    private static final String KEY = "ark-e2e-secret-7d41c0b9e2";

    @TempDir
    Path work;

    private ModelArkEmulator emulator;
    private final Map<String, String> env = new HashMap<>();
    private final List<EaselHarness.Run> runs = new ArrayList<>();

    @BeforeEach
    void start() {
        emulator = ModelArkEmulator.builder().key(KEY).start();
        env.put("EASEL_PROVIDER", "modelark");
        env.put("ARK_API_KEY", KEY);
        env.put("ARK_BASE_URL", emulator.baseUrl().toString());
        env.put("EASEL_HOME", work.resolve("home").toString());
        env.put("EASEL_OUTPUT", work.resolve("out").toString());
    }

    /** After every test: the key in no output, no file, no download request, whole or in part. */
    @AfterEach
    void theKeyWentNowhere() throws IOException {
        try {
            String fragment = KEY.substring(8, 16);
            for (EaselHarness.Run run : runs) {
                assertThat(run.out() + run.err()).doesNotContain(fragment);
            }
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(fragment);
                }
            }
            assertThat(emulator.downloadsWithCredentials()).isZero();
        } finally {
            emulator.close();
        }
    }

    private EaselHarness.Run easel(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, work.resolve("user-home"), work, new PrintWriter(out), new PrintWriter(err));
        EaselHarness.Run run = new EaselHarness.Run(code, out.toString(), err.toString());
        runs.add(run);
        return run;
    }

    private static ImageHeaders.Header header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return ImageHeaders.read(bytes, bytes.length).orElseThrow();
    }

    private List<Path> stored() throws IOException {
        if (!Files.isDirectory(work.resolve("out"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(work.resolve("out"))) {
            return files.filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".jpeg")).sorted().toList();
        }
    }

    @Test
    void aLighthouseIsStoredAsA2048PngCarryingItsProvenance() throws IOException {
        EaselHarness.Run run = easel("generate", "a lighthouse", "--resolution", "2048x2048");

        assertThat(run.exit()).as(run.err()).isZero();
        Path png = work.resolve(run.lines().get(0));
        assertThat(header(png)).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2048, 2048));
        JsonNode provenance = new ObjectMapper().readTree(easel("inspect", png.toString()).out());
        assertThat(provenance.path("model").asText()).isEqualTo("bytedance/seedream-5/lite/text-to-image");
        assertThat(provenance.path("inputs").path("prompt").asText()).isEqualTo("a lighthouse");
        String jobId = png.getFileName().toString().replaceAll("-1\\.png$", "");
        JsonNode record = new ObjectMapper().readTree(png.resolveSibling(jobId + ".json").toFile());
        assertThat(record.path("request_id").asText()).startsWith("ark-");
        assertThat(emulator.calls()).singleElement().satisfies(call -> {
            assertThat(call.watermark()).isFalse();
            assertThat(call.body()).contains("\"model\":\"seedream-5-0-lite-260128\"", "\"size\":\"2048x2048\"");
        });
    }

    @Test
    void aJpegOfTheAskedSize() throws IOException {
        EaselHarness.Run run = easel("generate", "a lighthouse", "--format", "jpeg", "--resolution", "2848x1600");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(header(work.resolve(run.lines().get(0)))).isEqualTo(new ImageHeaders.Header(MediaType.JPEG, 2848, 1600));
    }

    @Test
    void anInlineImageIsStoredAndItsSpoolFileDeleted() throws IOException {
        env.put("ARK_RESPONSE_FORMAT", "b64_json");

        EaselHarness.Run run = easel("generate", "a lighthouse", "--resolution", "2304x1728");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(header(work.resolve(run.lines().get(0)))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2304, 1728));
        assertThat(emulator.calls().get(0).body()).contains("\"response_format\":\"b64_json\"");
        assertThat(emulator.count("file")).isZero();
        Path spool = work.resolve("home/spool/modelark");
        if (Files.isDirectory(spool)) {
            try (Stream<Path> left = Files.list(spool)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void sequentialImagesAreEachStoredAsBilled() throws IOException {
        EaselHarness.Run run = easel("generate", "a comic strip about a lighthouse", "--sequential", "auto", "--max-images", "3");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(stored()).hasSize(3);
        assertThat(emulator.billedImages()).isEqualTo(3);
    }

    @Test
    void aFailedImageLeavesTheOthersStored() throws IOException {
        env.put("ARK_RESPONSE_FORMAT", "b64_json");

        EaselHarness.Run run = easel("generate", "three panels " + ModelArkEmulator.PARTIAL_MARKER, "--sequential", "auto",
                "--max-images", "3");

        assertThat(stored()).hasSize((int) emulator.billedImages()).hasSize(2);
        assertThat(run.out() + run.err()).as("the run names the failed image").contains("image 2 failed");
    }

    @Test
    void aWrongKeyExitsThree() {
        env.put("ARK_API_KEY", "ark-wrong-key-31c9aa");

        EaselHarness.Run run = easel("generate", "a lighthouse");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("ModelArk refused the API key").doesNotContain("31c9aa");
    }

    @Test
    void anOverdueAccountExitsThree() {
        emulator.overdue(true);

        EaselHarness.Run run = easel("generate", "a lighthouse");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("overdue");
    }

    @Test
    void aSensitivePromptFailsSayingSo() throws IOException {
        EaselHarness.Run run = easel("generate", "something " + ModelArkEmulator.SENSITIVE_MARKER);

        assertThat(run.exit()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(run.err()).contains("sensitive");
        assertThat(stored()).isEmpty();
    }

    @Test
    void sixteenImagesExitTwoWithoutAnyCall() {
        EaselHarness.Run run = easel("generate", "a lighthouse", "--sequential", "auto", "--max-images", "16");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("max_images 16");
        assertThat(emulator.count("generate")).isZero();
    }

    @Test
    void aLostAnswerIsNeverSentAgain() {
        emulator.faults(Faults.always(Faults.Kind.LOST_ANSWER));

        EaselHarness.Run run = easel("generate", "a lighthouse");

        assertThat(run.exit()).isEqualTo(ExitCode.OTHER);
        assertThat(run.err()).contains("not sent again");
        assertThat(emulator.count("generate")).isEqualTo(1);
        assertThat(easel("resume").exit()).isNotEqualTo(ExitCode.INVALID);
        assertThat(emulator.count("generate")).as("resume never resends a possibly paid call").isEqualTo(1);
    }

    @Test
    void theDemoRunsModelArksEmulator() throws IOException {
        env.remove("ARK_API_KEY");
        env.remove("ARK_BASE_URL");

        EaselHarness.Run run = easel("generate", "--demo", "a lighthouse", "--resolution", "2048x2048", "--format", "jpeg");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(header(work.resolve(run.lines().get(0)))).isEqualTo(new ImageHeaders.Header(MediaType.JPEG, 2048, 2048));
        assertThat(emulator.count("generate")).isZero();
    }

    @Test
    void theEmulatorCommandServesModelArksApiForANewUser() throws Exception {
        EmulatorCommand command = new EmulatorCommand();
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(command).setOut(new PrintWriter(out, true));
        Thread serving = new Thread(() -> cli.execute("--provider", "modelark", "--port", "0", "--token", KEY, "--run", "10ms"));
        serving.start();
        try {
            Await.until("the emulator to print its settings", Duration.ofSeconds(10), () -> out.toString().contains("ARK_API_KEY="));
            String baseUrl = out.toString().lines().filter(l -> l.startsWith("export ARK_BASE_URL="))
                    .findFirst().orElseThrow().substring("export ARK_BASE_URL=".length());
            env.put("ARK_BASE_URL", baseUrl);

            EaselHarness.Run run = easel("generate", "a lighthouse", "--resolution", "2048x2048");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(header(work.resolve(run.lines().get(0)))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2048, 2048));
        } finally {
            command.stop();
            serving.join(10_000);
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(easel("emulator", "--provider", "modelark", "--faults", "gremlins=1").exit()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void theCatalogAndSchemaNeedNoKey() {
        env.remove("ARK_API_KEY");

        EaselHarness.Run models = easel("models");
        EaselHarness.Run schema = easel("schema", "bytedance/seedream-5/lite/text-to-image");

        assertThat(models.exit()).as(models.err()).isZero();
        assertThat(models.out()).contains("bytedance/seedream-4-0/text-to-image", "bytedance/seedream-5/lite/edit");
        assertThat(schema.out()).contains("watermark");
    }
}
