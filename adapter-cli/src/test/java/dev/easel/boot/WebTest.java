package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel serve} through the composition root, against the emulator; the gateway driven by real curl. */
class WebTest {

    private static final String TEAM_KEY = "team-key-7f3a9c2e5b1d4a68";
    private static final String MODEL = "bytedance/seedream-5/lite/text-to-image";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private String serve(Duration queue, Duration run) {
        harness = new EaselHarness(work, b -> b.timing(queue, run));
        harness.env().put("EASEL_API_KEYS", TEAM_KEY);
        return restartServer();
    }

    private String restartServer() {
        if (server != null) {
            server.close();
        }
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        return "http://127.0.0.1:" + server.port();
    }

    /** Runs curl as the model page shows it, with this server's host and a team key instead of RunComfy's. */
    private static JsonNode curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail-with-body"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as(out).isZero();
        return JSON.readTree(out);
    }

    @Test
    void theModelPagesCurlCallsRunUnchangedButForTheHostAndTheKey() throws Exception {
        String base = serve(Duration.ofMillis(100), Duration.ofMillis(400));

        JsonNode submitted = curl("--request", "POST",
                "--url", base + "/v1/models/" + MODEL,
                "--header", "Content-Type: application/json",
                "--header", "Authorization: Bearer " + TEAM_KEY,
                "--data", "{\n\"prompt\": \"A vibrant close-up editorial portrait featuring a model with a sharp, piercing gaze\"\n}");
        String id = submitted.path("request_id").asText();
        assertThat(submitted.path("status_url").asText()).isEqualTo(base + "/v1/requests/" + id + "/status");
        assertThat(submitted.path("result_url").asText()).isEqualTo(base + "/v1/requests/" + id + "/result");
        assertThat(submitted.path("cancel_url").asText()).isEqualTo(base + "/v1/requests/" + id + "/cancel");

        Await.until("the status to reach completed", Duration.ofSeconds(20), () -> {
            try {
                return curl("--request", "GET", "--url", base + "/v1/requests/" + id + "/status",
                        "--header", "Authorization: Bearer " + TEAM_KEY).path("status").asText().equals("completed");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        JsonNode result = curl("--request", "GET", "--url", base + "/v1/requests/" + id + "/result",
                "--header", "Authorization: Bearer " + TEAM_KEY);
        assertThat(result.path("status").asText()).isEqualTo("succeeded");
        String image = result.path("output").path("image").asText();
        assertThat(image).startsWith(base + "/files/");

        Path downloaded = work.resolve("downloaded.png");
        Process download = new ProcessBuilder("curl", "--silent", "--fail", "-o", downloaded.toString(), image).start();
        assertThat(download.waitFor()).isZero();
        byte[] png = Files.readAllBytes(downloaded);
        assertThat(ImageHeaders.read(png, png.length)).contains(new ImageHeaders.Header(MediaType.PNG, 2304, 1728));
        assertThat(new String(png, StandardCharsets.UTF_8)).contains("A vibrant close-up editorial portrait");
        assertThat(harness.emulator().submissions()).hasSize(1);
        assertThat(harness.emulator().submissions().get(0).inputs().get("prompt").toString()).startsWith("A vibrant close-up");
    }

    @Test
    void withoutAKeyTheGatewayAnswers401AndNothingIsSubmitted() throws Exception {
        String base = serve(Duration.ofMillis(100), Duration.ofMillis(100));

        Process curl = new ProcessBuilder("curl", "--silent", "-o", "/dev/null", "-w", "%{http_code}", "--request", "POST",
                "--url", base + "/v1/models/" + MODEL, "--header", "Content-Type: application/json",
                "--data", "{\"prompt\": \"free lunch\"}").start();
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor()).isZero();
        assertThat(code).isEqualTo("401");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void jobsSurviveARestartOfTheServer() throws Exception {
        String base = serve(Duration.ofMillis(100), Duration.ofSeconds(2));
        String id = curl("--request", "POST", "--url", base + "/v1/models/" + MODEL,
                "--header", "Content-Type: application/json", "--header", "Authorization: Bearer " + TEAM_KEY,
                "--data", "{\"prompt\": \"outlives its server\"}").path("request_id").asText();

        String again = restartServer();

        Await.until("the restarted server to finish the job", Duration.ofSeconds(20), () -> {
            try {
                return curl("--url", again + "/v1/requests/" + id + "/status", "--header", "Authorization: Bearer " + TEAM_KEY)
                        .path("status").asText().equals("completed");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(harness.emulator().submissions()).hasSize(1);
    }

    @Test
    void servingBeyondLoopbackWithoutKeysExitsThree() {
        harness = new EaselHarness(work, b -> { });

        EaselHarness.Run run = harness.easel("serve", "--host", "0.0.0.0", "--port", "0");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("refusing to serve on 0.0.0.0 without API keys", "EASEL_API_KEYS");
    }

    @Test
    void theRunComfyTokenNeverReachesAClient() throws Exception {
        String base = serve(Duration.ofMillis(50), Duration.ofMillis(100));
        curl("--request", "POST", "--url", base + "/v1/models/" + MODEL, "--header", "Authorization: Bearer " + TEAM_KEY,
                "--header", "Content-Type: application/json", "--data", "{\"prompt\": \"secret keeper\"}");
        StringBuilder everything = new StringBuilder();
        for (String path : List.of("/", "/studio.js", "/api/v1/models", "/api/v1/jobs", "/api/v1/gallery",
                "/api/v1/models/" + MODEL)) {
            Process curl = new ProcessBuilder("curl", "--silent", "--header", "Authorization: Bearer " + TEAM_KEY, base + path).start();
            everything.append(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            curl.waitFor();
        }
        assertThat(everything.toString()).contains("secret keeper").doesNotContain(EaselHarness.TOKEN);
    }

    /**
     * Jobs asked for through the server carry the name of the key that asked (named, or by its place
     * in EASEL_API_KEYS), jobs of this machine's commands are "local", and {@code easel usage --by key}
     * sums them so, without ever showing a key.
     */
    @Test
    void usageByKeyNamesTheKeysThatAskedAndNeverShowsThem() throws Exception {
        String ci = "ci-key-1c9e4b7a2d5f8e30";
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofMillis(200)));
        harness.env().put("EASEL_API_KEYS", "alice:" + TEAM_KEY + "," + ci);
        String base = restartServer();

        for (String key : List.of(TEAM_KEY, ci, TEAM_KEY)) {
            curl("--request", "POST", "--url", base + "/v1/models/" + MODEL, "--header", "Content-Type: application/json",
                    "--header", "Authorization: Bearer " + key, "--data", "{\"prompt\": \"asked with a key\"}");
        }
        assertThat(harness.easel("generate", "asked here", "-q").exit()).isZero();
        Await.until("every job to be stored", Duration.ofSeconds(60),
                () -> harness.journal().jobs().stream().filter(j -> j.state() == JobState.STORED).count() == 4);

        EaselHarness.Run usage = harness.easel("usage", "--by", "key");
        EaselHarness.Run json = harness.easel("usage", "--by", "key", "--json");

        assertThat(usage.exit()).as(usage.err()).isZero();
        assertThat(usage.lines().get(0)).startsWith("KEY");
        assertThat(usage.lines()).anySatisfy(l -> assertThat(l).matches("alice\\s+2\\s+2\\s+.*"))
                .anySatisfy(l -> assertThat(l).matches("key2\\s+1\\s+1\\s+.*"))
                .anySatisfy(l -> assertThat(l).matches("local\\s+1\\s+1\\s+.*"));
        JsonNode groups = JSON.readTree(json.out()).path("groups");
        assertThat(groups.findValuesAsText("group")).containsExactly("alice", "key2", "local");
        JsonNode api = curl("--url", base + "/api/v1/usage?by=key", "--header", "Authorization: Bearer " + ci);
        assertThat(api.path("groups").findValuesAsText("group")).containsExactly("alice", "key2", "local");
        List<String> shownOrKept = new ArrayList<>(List.of(usage.out(), usage.err(), json.out(), api.toString()));
        try (var files = Files.list(work.resolve("home"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("easel.db")).toList()) {
                shownOrKept.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (String shown : shownOrKept) {
            assertThat(shown).doesNotContain(TEAM_KEY).doesNotContain(ci).doesNotContain(TEAM_KEY.substring(0, 12));
        }
    }
}
