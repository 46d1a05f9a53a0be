package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway and the JSON API with catalog models Easel never bundled, and uploads for file inputs. */
class WebAnyModelTest {

    private static final String KEY = "team-key-7f3a9c2e5b1d4a68";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;
    private String base;

    @BeforeEach
    void serve() {
        harness = new EaselHarness(work, b -> b.models(List.of(AnyModelTest.painter()))
                .timing(Duration.ofMillis(100), Duration.ofMillis(300)));
        harness.env().put("EASEL_API_KEYS", KEY);
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        harness.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String contentType, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setRequestProperty("Authorization", "Bearer " + KEY);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Answer(status, JSON.readTree(in.readAllBytes()));
        }
    }

    private String field(String path, String name) {
        try {
            return call("GET", path, null, null).body().path(name).asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Answer post(String path, Object json) throws IOException {
        return call("POST", path, "application/json", JSON.writeValueAsBytes(json));
    }

    @Test
    void theGatewayTakesACatalogModelEaselNeverBundled() throws Exception {
        Answer submitted = post("/v1/models/" + AnyModelTest.PAINTER, Map.of("prompt", "a cat", "width", 800, "height", 600));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(200);
        String id = submitted.body().path("request_id").asText();
        Await.until("the job to be stored", Duration.ofSeconds(20),
                () -> field("/v1/requests/" + id + "/result", "status").equals("succeeded"));
        assertThat(harness.emulator().submissions().get(0).inputs()).containsEntry("width", 800);

        Answer refused = post("/v1/models/" + AnyModelTest.PAINTER, Map.of("prompt", "a cat", "width", 99999));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("violations").get(0).path("message").asText()).contains("width 99999 is out of range");
        assertThat(harness.emulator().submissions()).hasSize(1);
    }

    @Test
    void modelsAreSearchedThroughTheApi() throws IOException {
        Answer found = call("GET", "/api/v1/models?search=painter", null, null);

        assertThat(found.body()).hasSize(1);
        assertThat(found.body().get(0).path("id").asText()).isEqualTo(AnyModelTest.PAINTER);
        assertThat(found.body().get(0).path("price").asText()).isEqualTo("$0.02/image");
    }

    @Test
    void anUploadedImageFeedsTheEditModelAndRecordsKeepItsDigestOnly() throws Exception {
        Answer uploaded = call("POST", "/api/v1/uploads?field=image&name=photo.png", "image/png", TestImages.png(320, 240));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String upload = uploaded.body().path("upload").asText();
        assertThat(uploaded.body().path("sha256").asText()).hasSize(64);

        Answer job = post("/api/v1/jobs", Map.of("model", AnyModelTest.EDIT,
                "inputs", Map.of("prompt", "make the sky purple", "image", List.of(upload))));

        assertThat(job.status()).as(job.body().toString()).isEqualTo(202);
        String jobId = job.body().path("job_id").asText();
        Await.until("the job to be stored", Duration.ofSeconds(20),
                () -> field("/api/v1/jobs/" + jobId, "state").equals("stored"));
        assertThat(harness.emulator().fetchedInputs()).singleElement().asString().startsWith("data:image/png;base64");
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl")).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("base64,");
            }
        }
    }

    @Test
    void uploadsThatAreNoImageOrTooLargeForADataUriAreRefused() throws IOException {
        Answer text = call("POST", "/api/v1/uploads?field=image&name=notes.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).isEqualTo(422);
        assertThat(text.body().path("violations").get(0).path("message").asText()).contains("notes.txt", "is not an image");

        byte[] big = new byte[7 * 1024 * 1024];
        byte[] png = TestImages.png(64, 64);
        System.arraycopy(png, 0, big, 0, png.length);
        Answer large = call("POST", "/api/v1/uploads?field=image&name=big.png", "image/png", big);
        assertThat(large.status()).isEqualTo(422);
        assertThat(large.body().path("violations").get(0).path("message").asText()).contains("6 MiB");
    }

    @Test
    void anUnknownUploadIsRefusedAndNothingIsSubmitted() throws IOException {
        Answer job = post("/api/v1/jobs", Map.of("model", AnyModelTest.EDIT,
                "inputs", Map.of("prompt", "x", "image", List.of("easel-upload:0000"))));

        assertThat(job.status()).isEqualTo(422);
        assertThat(harness.emulator().calls("submit")).isZero();
    }
}
