package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12's acceptance against {@code easel serve}'s wiring and the emulator, driven by real curl. */
class ServeSecurityTest {

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

    private String serve(Duration run) {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), run));
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        return "http://127.0.0.1:" + server.port();
    }

    /** curl's HTTP status code for the call; the body is discarded. */
    private static String status(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).start();
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).isZero();
        return code;
    }

    @Test
    void anOpenServeRefusesCrossSitePostsAndForeignHostsButServesPrograms() throws Exception {
        String base = serve(Duration.ofMillis(100));

        assertThat(status("--request", "POST", "--url", base + "/api/v1/jobs", "--header", "Content-Type: text/plain",
                "--header", "Origin: https://evil.example", "--header", "Sec-Fetch-Site: cross-site",
                "--data", "{\"inputs\": {\"prompt\": \"paid by a stranger\"}}")).isEqualTo("403");
        assertThat(status("--request", "POST", "--url", base + "/v1/models/" + MODEL, "--header", "Content-Type: text/plain",
                "--data", "{\"prompt\": \"paid by a stranger\"}")).isEqualTo("415");
        assertThat(status("--url", base + "/api/v1/jobs", "--header", "Host: evil.example")).isEqualTo("421");
        assertThat(harness.emulator().calls("submit")).isZero();

        Process submit = new ProcessBuilder("curl", "--silent", "--fail", "--request", "POST", "--url", base + "/v1/models/" + MODEL,
                "--header", "Content-Type: application/json", "--data", "{\"prompt\": \"a program on this machine\"}").start();
        String id = JSON.readTree(submit.getInputStream().readAllBytes()).path("request_id").asText();
        assertThat(harness.emulator().calls("submit")).isEqualTo(1);
        Await.until("the job to be stored", Duration.ofSeconds(20), () -> {
            try {
                Process result = new ProcessBuilder("curl", "--silent", "--url", base + "/v1/requests/" + id + "/result").start();
                return JSON.readTree(result.getInputStream().readAllBytes()).path("status").asText().equals("succeeded");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        // The job's record sits beside its image in the output folder: it is not served as an image.
        Path record;
        try (var files = java.nio.file.Files.walk(work.resolve("out"))) {
            record = files.filter(p -> p.getFileName().toString().equals(id + ".json")).findFirst().orElseThrow();
        }
        String recordKey = work.resolve("out").relativize(record).toString();
        assertThat(status("--url", base + "/files/" + recordKey)).isEqualTo("404");
        assertThat(status("--url", base + "/files/" + recordKey.replace(".json", "-1.png"))).isEqualTo("200");
    }

    @Test
    void mcpOnServeSitsBehindTheSameHostOriginAndKeyChecks() throws Exception {
        harness = new EaselHarness(work, b -> { });
        harness.env().put("EASEL_API_KEYS", TEAM_KEY);
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        String mcp = "http://127.0.0.1:" + server.port() + "/mcp";
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        String[] json = {"--header", "Content-Type: application/json", "--header", "Accept: application/json, text/event-stream"};

        assertThat(status(with(json, "--request", "POST", "--url", mcp, "--header", "Host: evil.example",
                "--header", "Authorization: Bearer " + TEAM_KEY, "--data", initialize))).isEqualTo("421");
        assertThat(status(with(json, "--request", "POST", "--url", mcp, "--header", "Origin: https://evil.example",
                "--header", "Sec-Fetch-Site: cross-site", "--header", "Authorization: Bearer " + TEAM_KEY, "--data", initialize)))
                .isEqualTo("403");
        assertThat(status(with(json, "--request", "POST", "--url", mcp, "--data", initialize))).isEqualTo("401");
        assertThat(status(with(json, "--request", "POST", "--url", mcp, "--header", "Authorization: Bearer " + TEAM_KEY,
                "--data", initialize))).isEqualTo("200");
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void tenSimultaneousSubmitsWithOneKeyGetAt3InFlightAnd429sForTheRest() throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(20)));
        harness.env().put("EASEL_API_KEYS", TEAM_KEY);
        harness.env().put("EASEL_MAX_ACTIVE_PER_KEY", "3");
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        String base = "http://127.0.0.1:" + server.port();

        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> codes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String prompt = "busy " + i;
                codes.add(pool.submit(() -> status("--request", "POST", "--url", base + "/v1/models/" + MODEL,
                        "--header", "Content-Type: application/json", "--header", "Authorization: Bearer " + TEAM_KEY,
                        "--data", "{\"prompt\": \"" + prompt + "\"}")));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> code : codes) {
                answers.add(code.get());
            }
            assertThat(answers).filteredOn("429"::equals).hasSize(7);
            assertThat(answers).filteredOn("200"::equals).hasSize(3);
            assertThat(harness.emulator().calls("submit")).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        Process session = new ProcessBuilder("curl", "--silent", "--url", base + "/api/v1/limits",
                "--header", "Authorization: Bearer " + TEAM_KEY).start();
        var limits = JSON.readTree(session.getInputStream().readAllBytes());
        assertThat(limits.path("max_active_jobs").asInt()).isEqualTo(3);
    }

    @Test
    void aPublicUrlOutsideLoopbackNeedsKeys() {
        harness = new EaselHarness(work, b -> { });
        harness.env().put("EASEL_PUBLIC_URL", "https://easel.example.com");

        Assertions.assertThatThrownBy(() -> ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EASEL_API_KEYS");
    }
}
