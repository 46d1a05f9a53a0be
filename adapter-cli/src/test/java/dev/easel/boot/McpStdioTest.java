package dev.easel.boot;

import static dev.easel.boot.McpClients.JSON;
import static dev.easel.boot.McpClients.assertSmallPreview;
import static dev.easel.boot.McpClients.links;
import static dev.easel.boot.McpClients.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.Await;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP client from the SDK starts {@code easel mcp} as a child process, as an agent would, with
 * RunComfy settings in its environment pointing at an emulator this test runs.
 */
class McpStdioTest {

    private static final String TOKEN = EaselHarness.TOKEN;

    @TempDir
    Path work;

    @Test
    void anAgentGeneratesAnImageThroughEaselMcpOnStdio() throws Exception {
        try (RunComfyEmulator emulator = RunComfyEmulator.builder().token(TOKEN)
                .timing(Duration.ofMillis(100), Duration.ofMillis(300)).start()) {
            Path stdout = work.resolve("stdout.jsonl");
            List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
            StdioClientTransport transport = new StdioClientTransport(easelMcp(emulator, stdout), JSON);
            List<String> stderr = new CopyOnWriteArrayList<>();
            transport.setStdErrorHandler(stderr::add);
            McpSyncClient client = McpClient.sync(transport)
                    .initializationTimeout(Duration.ofMinutes(2)).requestTimeout(Duration.ofMinutes(3))
                    .progressConsumer(progress::add)
                    .build();
            String jobId;
            try {
                InitializeResult init = client.initialize();
                assertThat(init.serverInfo().name()).isEqualTo("easel");

                List<Tool> tools = client.listTools().tools();
                assertThat(tools).hasSizeGreaterThanOrEqualTo(4).extracting(Tool::name).contains(
                        "generate_image", "get_job", "list_jobs", "cancel_job", "list_models", "get_model_schema");
                Tool generate = tools.stream().filter(t -> t.name().equals("generate_image")).findFirst().orElseThrow();
                assertThat(generate.inputSchema()).extractingByKey("properties", MAP)
                        .containsKeys("prompt", "resolution", "model");
                assertThat(generate.inputSchema()).extractingByKey("required").isEqualTo(List.of("prompt"));

                CallToolResult result = client.callTool(CallToolRequest.builder().name("generate_image")
                        .arguments(Map.of("prompt", "a lighthouse at dusk")).progressToken("gen-1").build());

                assertThat(result.isError()).as(texts(result).toString()).isNotEqualTo(Boolean.TRUE);
                Path png = Path.of(texts(result).get(0).lines().skip(1).findFirst().orElseThrow().replaceAll(" \\(.*\\)$", ""));
                assertThat(png).isAbsolute().startsWith(work.resolve("out")).hasExtension("png").isRegularFile();
                byte[] bytes = Files.readAllBytes(png);
                assertThat(ImageHeaders.read(bytes, bytes.length)).contains(new ImageHeaders.Header(MediaType.PNG, 2304, 1728));
                assertSmallPreview(result);

                assertThat(emulator.submissions()).singleElement()
                        .satisfies(s -> assertThat(s.inputs()).containsEntry("prompt", "a lighthouse at dusk"));
                Await.until("the STORED progress notification", Duration.ofSeconds(30),
                        () -> progress.stream().anyMatch(p -> p.message().endsWith("STORED")));
                assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("gen-1"));
                assertThat(progress).extracting(ProgressNotification::progress).doesNotHaveDuplicates();

                JsonNode job = new ObjectMapper().readTree(texts(result).get(1));
                jobId = job.path("job_id").asText();
                assertThat(job.path("images").get(0).path("file").asText()).isEqualTo(png.toString());

                BlobResourceContents blob = (BlobResourceContents) client.readResource(
                        new ReadResourceRequest(links(result).get(0).uri())).contents().get(0);
                assertThat(Base64.getDecoder().decode(blob.blob())).isEqualTo(bytes);
                assertThat(blob.mimeType()).isEqualTo("image/png");
                assertThat(client.listResources().resources()).extracting(Resource::uri)
                        .containsExactly(links(result).get(0).uri());

                CallToolResult read = client.callTool(new CallToolRequest("get_job", Map.of("id", jobId)));
                assertThat(new ObjectMapper().readTree(texts(read).get(0)).path("state").asText()).isEqualTo("STORED");
                CallToolResult found = client.callTool(new CallToolRequest("list_jobs", Map.of("search", "LIGHTHOUSE")));
                assertThat(texts(found).get(0)).contains(jobId);
                CallToolResult none = client.callTool(new CallToolRequest("list_jobs", Map.of("search", "submarine")));
                assertThat(new ObjectMapper().readTree(texts(none).get(0)).path("count").asInt()).isZero();

                CallToolResult edited = client.callTool(new CallToolRequest("generate_image", Map.of(
                        "model", "bytedance/seedream-5/lite/edit", "prompt", "the lighthouse in snow",
                        "image", List.of("@" + png), "resolution", "2048x2048")));
                assertThat(edited.isError()).as(texts(edited).toString()).isNotEqualTo(Boolean.TRUE);
                assertThat(emulator.submissions()).hasSize(2);
                assertThat((List<?>) emulator.submissions().get(1).inputs().get("image")).singleElement().asString()
                        .startsWith("data:image/png;base64,");
                CallToolResult missing = client.callTool(new CallToolRequest("generate_image", Map.of(
                        "model", "bytedance/seedream-5/lite/edit", "prompt", "x", "image", List.of("@/no/such.png"))));
                assertThat(missing.isError()).isTrue();
                assertThat(texts(missing).get(0)).contains("image \"@/no/such.png\" is not a readable file");

                CallToolResult invalid = client.callTool(new CallToolRequest("generate_image",
                        Map.of("prompt", "a fox", "resolution", "9x9", "max_images", 99, "colour", "red")));
                assertThat(invalid.isError()).isTrue();
                assertThat(texts(invalid).get(0)).startsWith("Invalid input, nothing was submitted (3 problems)")
                        .contains("resolution \"9x9\"", "max_images 99", "colour \"red\" is not an input");
                assertThat(emulator.submissions()).hasSize(2);
            } finally {
                client.close();
                transport.awaitForExit();
            }
            assertThat(stderr).noneMatch(line -> line.contains(TOKEN));
            List<String> lines = Files.readAllLines(stdout);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(10);
            List<Double> sent = new ArrayList<>();
            for (String line : lines) {
                JsonNode message = new ObjectMapper().readTree(line);
                assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
                if (message.path("method").asText().equals("notifications/progress")) {
                    sent.add(message.path("params").path("progress").asDouble());
                }
            }
            assertThat(sent).hasSize(progress.size()).isSorted().doesNotHaveDuplicates();
        }
    }

    /**
     * {@code easel mcp} on the test's class path, in its own JVM, its stdout also copied to a file
     * (by {@code tee}) so that the test can check nothing but protocol messages appeared there.
     */
    private ServerParameters easelMcp(RunComfyEmulator emulator, Path stdout) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "\"$0\" -Djava.awt.headless=true -Duser.home=\"$1\" -cp \"$2\" dev.easel.boot.Main mcp | tee \"$3\"";
        return ServerParameters.builder("sh")
                .args("-c", command, java, work.resolve("user-home").toString(), System.getProperty("java.class.path"),
                        stdout.toString())
                .env(Map.of("RUNCOMFY_BASE_URL", emulator.baseUrl().toString(), "RUNCOMFY_API_TOKEN", TOKEN,
                        "EASEL_HOME", work.resolve("home").toString(), "EASEL_OUTPUT", work.resolve("out").toString()))
                .build();
    }
}
