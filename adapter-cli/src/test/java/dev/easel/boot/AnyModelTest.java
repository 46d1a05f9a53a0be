package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.boot.EaselHarness.Run;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model Easel never bundled, known only from the emulator's catalog, and the edit model with local
 * files: through the launcher, against the emulator over HTTP, as the issue's acceptance list tries them.
 */
class AnyModelTest {

    static final String PAINTER = "acme/painter/v2/text-to-image";
    static final String EDIT = "bytedance/seedream-5/lite/edit";

    @TempDir
    Path work;

    private EaselHarness harness;

    /** A catalog entry as RunComfy publishes one: width, height, a boolean, a number and an integer enum. */
    static JsonNode painter() {
        return new ObjectMapper().valueToTree(Map.of("model_id", PAINTER, "display_name", "Acme Painter v2",
                "categories", List.of("text-to-image"), "base_price_usd", 0.02, "price_unit", "image",
                "input_schema", Map.of("type", "object", "required", List.of("prompt"), "properties", Map.of(
                        "prompt", Map.of("type", "string", "maxLength", 2000),
                        "width", Map.of("type", "integer", "minimum", 256, "maximum", 2048, "default", 1024),
                        "height", Map.of("type", "integer", "minimum", 256, "maximum", 2048, "default", 1024),
                        "enhance_prompt", Map.of("type", "boolean", "default", false),
                        "guidance", Map.of("type", "number", "minimum", 0, "maximum", 20),
                        "steps", Map.of("type", "integer", "enum", List.of(4, 8, 16))))));
    }

    @BeforeEach
    void start() {
        harness = new EaselHarness(work, b -> b.models(List.of(painter())));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Run easel(String... args) {
        return harness.easel(args);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path path = work.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    @Test
    void modelsSearchListsTheCatalogsMatchesWithCategoriesAndPrice() {
        Run run = easel("models", "--search", "painter");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).singleElement().asString()
                .startsWith(PAINTER).contains("Acme Painter v2", "text-to-image", "$0.02/image");
        assertThat(easel("models", "--category", "image-to-image").lines()).singleElement().asString().startsWith(EDIT);
    }

    @Test
    void schemaExplainsAModelEaselNeverBundled() {
        Run run = easel("schema", PAINTER);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("width (integer)", "range: 256 to 2048", "enhance_prompt (boolean)",
                "steps (integer)", "allowed: 4, 8, 16");
    }

    @Test
    void generatesWithAnyCatalogModelAndParamsTypedByItsSchema() throws IOException {
        Run run = easel("generate", "--model", PAINTER, "--param", "width=1024", "--param", "height=768",
                "--param", "enhance_prompt=true", "--param", "guidance=7.5", "a cat on a roof");

        assertThat(run.exit()).as(run.err()).isZero();
        byte[] png = Files.readAllBytes(work.resolve(run.lines().get(0)));
        assertThat(ImageHeaders.read(png, png.length)).contains(new ImageHeaders.Header(MediaType.PNG, 1024, 768));
        assertThat(harness.emulator().submissions().get(0).inputs()).containsEntry("width", 1024)
                .containsEntry("height", 768).containsEntry("enhance_prompt", true).containsEntry("guidance", 7.5);
    }

    @Test
    void inputJsonAndInputFileAreMergedWithFlags() throws IOException {
        Path inputs = file("inputs.json", "{\"prompt\": \"a fox\", \"width\": 512, \"height\": 512}".getBytes(StandardCharsets.UTF_8));

        Run run = easel("generate", "--model", PAINTER, "--input-file", inputs.toString(),
                "--input", "{\"height\": 640}", "--param", "steps=8");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(harness.emulator().submissions().get(0).inputs()).containsEntry("prompt", "a fox")
                .containsEntry("width", 512).containsEntry("height", 640).containsEntry("steps", 8);
    }

    @Test
    void valuesOutsideTheSchemaExitTwoNamingEachAndSubmitNothing() {
        Run run = easel("generate", "--model", PAINTER, "--param", "width=9999", "--param", "enhance_prompt=maybe",
                "--param", "steps=5", "a cat");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("width \"9999\" is out of range: from 256 to 2048",
                "enhance_prompt \"maybe\" must be a boolean", "steps \"5\" is not one of: 4, 8, 16", "nothing was submitted");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void anUnknownModelExitsTwo() {
        Run run = easel("generate", "--model", "acme/nothing-like-it", "a cat");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("acme/nothing-like-it", "is not known");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void theEditModelWithoutItsRequiredImageExitsTwo() {
        Run run = easel("generate", "--model", EDIT, "make the sky purple");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("image is required: an array of strings (from 1 to 14 items");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void aLocalImageGoesAsADataUriAndRecordsKeepOnlyItsDigest() throws Exception {
        byte[] photo = TestImages.png(640, 480);
        Path path = file("photo.png", photo);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));

        Run run = easel("generate", "--model", EDIT, "--image", path.toString(), "make the sky purple");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(harness.emulator().fetchedInputs()).singleElement().asString().startsWith("data:image/png;base64");
        Path stored = work.resolve(run.lines().get(0));
        String jobId = stored.getFileName().toString().replaceAll("-1\\.png$", "");
        String record = Files.readString(stored.resolveSibling(jobId + ".json"));
        JsonNode image = new ObjectMapper().readTree(record).path("inputs").path("image").get(0);
        assertThat(image.path("sha256").asText()).isEqualTo(sha256);
        assertThat(image.path("bytes").asLong()).isEqualTo(photo.length);
        assertThat(image.path("origin").asText()).isEqualTo(path + " as a data URI");
        assertThat(record).doesNotContain("base64");
        try (Stream<Path> files = Files.walk(work.resolve("home"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("base64,");
            }
        }
        assertThat(new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1)).contains(sha256).doesNotContain("base64,");
    }

    @Test
    void anImageTheServiceCannotFetchIsRefusedByItAndNothingRuns() throws IOException {
        Path path = file("ref.jpeg", TestImages.jpegHeader(800, 600));
        String url = harness.emulator().baseUrl() + "/nothing-here.png";

        Run run = easel("generate", "--model", EDIT, "--param", "image=@" + path, "--param", "image=" + url, "two refs");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("could not be fetched");
        assertThat(harness.emulator().submissions()).isEmpty();
    }

    @Test
    void an80MegabyteFileIsRefusedBeforeAnythingIsSent() throws IOException {
        Path big = work.resolve("huge.png");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.write(TestImages.png(64, 64));
            file.setLength(80_000_000L);
        }

        Run run = easel("generate", "--model", EDIT, "--image", big.toString(), "make the sky purple");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains(big.toString(), "80.0 MB", "50 MB");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void aFileThatIsNoImageIsRefused() throws IOException {
        Path text = file("notes.png", "just some text".getBytes(StandardCharsets.UTF_8));

        Run run = easel("generate", "--model", EDIT, "--image", text.toString(), "edit");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("notes.png", "is not an image");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void batchLinesMayNameAnyModel() throws IOException {
        Path batch = file("jobs.txt", ("a lighthouse\n"
                + "{\"model\": \"" + PAINTER + "\", \"prompt\": \"a cat\", \"width\": 512, \"height\": 256}\n")
                .getBytes(StandardCharsets.UTF_8));

        Run run = easel("batch", batch.toString(), "-q");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(harness.emulator().submissions()).extracting(s -> s.model().value())
                .containsExactlyInAnyOrder("bytedance/seedream-5/lite/text-to-image", PAINTER);
    }
}
