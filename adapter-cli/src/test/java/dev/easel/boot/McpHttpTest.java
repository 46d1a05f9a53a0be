package dev.easel.boot;

import static dev.easel.boot.McpClients.JSON;
import static dev.easel.boot.McpClients.assertSmallPreview;
import static dev.easel.boot.McpClients.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.Await;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP over streamable HTTP at {@code /mcp} on {@code easel serve}, behind the API keys, against the emulator. */
class McpHttpTest {

    private static final String TEAM_KEY = "team-key-7f3a9c2e5b1d4a68";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(100), Duration.ofMillis(300)));
        harness.env().put("EASEL_API_KEYS", TEAM_KEY);
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        harness.close();
    }

    @Test
    void aClientWithAKeyGeneratesAndGetsProgressAndASignedLinkToTheStoredImage() throws Exception {
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp").jsonMapper(JSON)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TEAM_KEY))
                .build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofMinutes(3))
                .initializationTimeout(Duration.ofMinutes(1)).progressConsumer(progress::add).build()) {
            assertThat(client.initialize().serverInfo().name()).isEqualTo("easel");
            assertThat(client.listTools().tools()).extracting(Tool::name)
                    .contains("generate_image", "get_job", "list_jobs", "cancel_job", "list_models", "get_model_schema");

            CallToolResult result = client.callTool(CallToolRequest.builder().name("generate_image")
                    .arguments(Map.of("prompt", "a harbour in fog", "resolution", "2048x2048")).progressToken(7).build());

            assertThat(result.isError()).as(texts(result).toString()).isNotEqualTo(Boolean.TRUE);
            JsonNode job = new ObjectMapper().readTree(texts(result).get(1));
            String file = job.path("images").get(0).path("file").asText();
            assertThat(file).startsWith("/files/").contains("?exp=", "&sig=");
            HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + file)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(ImageHeaders.read(png.body(), png.body().length))
                    .contains(new ImageHeaders.Header(MediaType.PNG, 2048, 2048));
            assertSmallPreview(result);
            Await.until("the STORED progress notification", Duration.ofSeconds(30),
                    () -> progress.stream().anyMatch(p -> p.message().endsWith("STORED")));
            assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo(7));

            CallToolResult schema = client.callTool(new CallToolRequest("get_model_schema",
                    Map.of("model", "bytedance/seedream-5/lite/text-to-image")));
            assertThat(new ObjectMapper().readTree(texts(schema).get(0)).path("input_schema").path("properties")
                    .path("resolution").path("enum").toString()).contains("2304x1728 (4:3)");
            CallToolResult unknown = client.callTool(new CallToolRequest("get_model_schema", Map.of("model", "acme/nothing")));
            assertThat(unknown.isError()).isTrue();
            assertThat(texts(unknown).get(0)).contains("acme/nothing");

            CallToolResult invalid = client.callTool(new CallToolRequest("generate_image",
                    Map.of("prompt", "", "max_images", 0)));
            assertThat(invalid.isError()).isTrue();
            assertThat(texts(invalid).get(0)).startsWith("Invalid input, nothing was submitted").contains("max_images 0");
            CallToolResult serverFile = client.callTool(new CallToolRequest("generate_image", Map.of(
                    "model", "bytedance/seedream-5/lite/edit", "prompt", "x", "image", List.of("@/etc/hostname"))));
            assertThat(serverFile.isError()).isTrue();
            assertThat(texts(serverFile).get(0)).startsWith("Invalid input, nothing was submitted").contains("image");
            assertThat(harness.emulator().submissions()).hasSize(1);
            assertThat(harness.journal().jobs()).singleElement()
                    .satisfies(j -> assertThat(j.requestedBy()).as("the key's name, by its place").contains("key1"));
        }
    }

    @Test
    void aKeyAtItsJobsInFlightLimitGetsAToolErrorAndNothingMoreIsSubmitted() throws Exception {
        stop();
        harness = new EaselHarness(work.resolve("limited"), b -> b.timing(Duration.ofSeconds(4), Duration.ofMillis(100)));
        harness.env().put("EASEL_API_KEYS", TEAM_KEY);
        harness.env().put("EASEL_MAX_ACTIVE_PER_KEY", "1");
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        base = "http://127.0.0.1:" + server.port();
        try (McpSyncClient first = client(); McpSyncClient second = client()) {
            first.initialize();
            second.initialize();
            CompletableFuture<CallToolResult> queued = CompletableFuture.supplyAsync(() -> first.callTool(
                    new CallToolRequest("generate_image", Map.of("prompt", "the first, left in the queue"))));
            Await.until("the first job at the provider", Duration.ofMinutes(1),
                    () -> harness.emulator().submissions().size() == 1);

            CallToolResult refused = second.callTool(new CallToolRequest("generate_image", Map.of("prompt", "one too many")));

            assertThat(refused.isError()).isTrue();
            assertThat(texts(refused).get(0)).contains("EASEL_MAX_ACTIVE_PER_KEY", "nothing was submitted");
            assertThat(harness.emulator().submissions()).hasSize(1);

            second.callTool(new CallToolRequest("cancel_job", Map.of("id", harness.emulator().submissions().get(0).requestId())));
            assertThat(texts(queued.get(2, TimeUnit.MINUTES)).get(0)).contains("CANCELLED");
            CallToolResult afterwards = second.callTool(new CallToolRequest("generate_image", Map.of("prompt", "room again")));
            assertThat(afterwards.isError()).as(texts(afterwards).toString()).isNotEqualTo(Boolean.TRUE);
            assertThat(harness.emulator().submissions()).hasSize(2);
        }
    }

    private McpSyncClient client() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp").jsonMapper(JSON)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TEAM_KEY))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofMinutes(3)).initializationTimeout(Duration.ofMinutes(1))
                .build();
    }

    @Test
    void withoutAKeyMcpAnswers401() throws Exception {
        HttpResponse<String> answer = post(INITIALIZE, Map.of());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(answer.body()).doesNotContain(TEAM_KEY);
    }

    @Test
    void aWrongKeyIsRefusedAndARightOneLetsTheInitializeThrough() throws Exception {
        assertThat(post(INITIALIZE, Map.of("Authorization", "Bearer not-the-team-key-0000")).statusCode()).isEqualTo(401);

        HttpResponse<String> answer = post(INITIALIZE, Map.of("Authorization", "Bearer " + TEAM_KEY));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Mcp-Session-Id")).isPresent();
        assertThat(answer.body()).contains("\"name\":\"easel\"");
    }

    @Test
    void aPageOfAnotherSiteCannotTalkToMcp() throws Exception {
        HttpResponse<String> answer = post(INITIALIZE, Map.of("Authorization", "Bearer " + TEAM_KEY,
                "Origin", "https://evil.example"));

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    /** A page on another site whose name was rebound to 127.0.0.1 still sends its own name as Host. */
    @Test
    void aRequestNamingAnotherHostIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            String request = "POST /mcp HTTP/1.1\r\nHost: rebound.example:" + server.port() + "\r\n"
                    + "Authorization: Bearer " + TEAM_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nConnection: close\r\n"
                    + "Content-Length: " + INITIALIZE.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + INITIALIZE;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("");

            assertThat(status).startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String large = INITIALIZE.replace("\"curl\"", "\"" + "x".repeat(300 * 1024) + "\"");

        // Only the head is sent, declaring the body's length: a server that refuses on the declared
        // length answers 413 without it; one that read the body first would wait for it. (Sent whole by
        // an HTTP client, the body raced the server's answer and its closing of the connection: the
        // client, still writing, could get a broken pipe instead of the 413.)
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                    + "Authorization: Bearer " + TEAM_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + large.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();

            assertThat(status).startsWith("HTTP/1.1 413");
        }
        assertThat(harness.emulator().submissions()).isEmpty();
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
