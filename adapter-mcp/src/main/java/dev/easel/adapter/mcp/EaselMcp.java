package dev.easel.adapter.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.Job;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.http.HttpServlet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Easel as an MCP server, over the MCP Java SDK: the same tools and resources on stdio (a local agent
 * starts {@code easel mcp}) and on streamable HTTP (mounted at {@link #ENDPOINT} by {@code easel serve}).
 */
public final class EaselMcp {

    /** Where {@code easel serve} mounts the streamable HTTP transport. */
    public static final String ENDPOINT = "/mcp";

    static final String NAME = "easel";
    static final String VERSION = "0.1.0";
    static final String INSTRUCTIONS = "Easel generates images with hosted models. Inputs are checked against the"
            + " model's schema before anything is paid for; every image is journaled and stored, and results name the"
            + " stored files. Use list_models and get_model_schema to pick a model and its inputs, generate_image to"
            + " make images, get_job, list_jobs and cancel_job to follow them. Stored images are resources"
            + " (easel://images/<day>/<file>).";

    private EaselMcp() {
    }

    /**
     * Serves one client on {@code in}/{@code out} (newline-delimited JSON-RPC). Nothing else may write
     * to {@code out}: the caller moves its own output elsewhere. The agent is local, so file inputs may
     * name files as {@code @/path}, which {@code localFiles} checks and makes fetchable.
     */
    public static Stdio stdio(McpUseCases useCases, PrepareFileInputsUseCase localFiles, ImageLocator locator,
                              InputStream in, OutputStream out) {
        McpJsonMapper json = json();
        EndOfInput input = new EndOfInput(in);
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, input, out);
        McpSyncServer server = build(McpServer.sync(transport), useCases, locator, json, Optional.of(localFiles));
        return new Stdio(server, input);
    }

    /**
     * The streamable HTTP transport as a servlet for {@link #ENDPOINT}, accepting requests of at most
     * {@code maxRequestBytes} whose {@code Host} and {@code Origin} (when a browser sends one) match the
     * given allow lists ({@code host:*} and {@code http://host:*} allow any port). When the server
     * puts a {@code Supplier<Optional<Runnable>>} in a request's {@code jobSlotsAttribute}, each
     * generation first takes one of the caller's job slots from it, and gives it back when it ends.
     * The name of the caller's API key, when the server puts one in {@code requestedByAttribute}, is
     * recorded with the jobs it asks for.
     */
    public static Http http(McpUseCases useCases, ImageLocator locator, int maxRequestBytes,
                            List<String> allowedHosts, List<String> allowedOrigins, String jobSlotsAttribute,
                            String requestedByAttribute) {
        McpJsonMapper json = json();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(ENDPOINT)
                .contextExtractor(request -> {
                    Map<String, Object> context = new HashMap<>();
                    Object slots = request.getAttribute(jobSlotsAttribute);
                    if (slots != null) {
                        context.put(EaselTools.JOB_SLOTS, slots);
                    }
                    if (request.getAttribute(requestedByAttribute) instanceof String name) {
                        context.put(EaselTools.REQUESTED_BY, name);
                    }
                    return context.isEmpty() ? McpTransportContext.EMPTY : McpTransportContext.create(context);
                })
                .maxRequestSize(maxRequestBytes)
                .keepAliveInterval(Duration.ofSeconds(30))
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHosts(allowedHosts).allowedOrigins(allowedOrigins).build())
                .build();
        McpSyncServer server = build(McpServer.sync(transport), useCases, locator, json, Optional.empty());
        return new Http(server, transport);
    }

    private static McpJsonMapper json() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    private static McpSyncServer build(McpServer.SyncSpecification<?> spec, McpUseCases useCases, ImageLocator locator,
                                       McpJsonMapper json, Optional<PrepareFileInputsUseCase> localFiles) {
        ImageResources resources = new ImageResources(useCases.gallery());
        AtomicReference<McpSyncServer> built = new AtomicReference<>();
        EaselTools tools = new EaselTools(useCases, locator, json, job -> list(built.get(), resources, job), localFiles);
        McpSyncServer server = spec.serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                .jsonMapper(json)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, true).build())
                // Easel's own validation names every violation at once, for any model; the SDK's would stop at the
                // default model's schema.
                .validateToolInputs(false)
                .tools(tools.all())
                .resourceTemplates(resources.template())
                .build();
        built.set(server);
        return server;
    }

    /** Lists a job's new images as resources, so the client sees them in resources/list. */
    private static void list(McpSyncServer server, ImageResources resources, Job job) {
        if (server == null) {
            return;
        }
        for (StoredImage image : job.images()) {
            server.addResource(resources.resource(image));
        }
    }

    /** A stdio server: runs until its input ends. */
    public static final class Stdio implements AutoCloseable {
        private final McpSyncServer server;
        private final EndOfInput input;

        private Stdio(McpSyncServer server, EndOfInput input) {
            this.server = server;
            this.input = input;
        }

        /** Blocks until the client closes the server's input (it went away or is done). */
        public void awaitEnd() throws InterruptedException {
            input.ended.await();
        }

        @Override
        public void close() {
            server.closeGracefully();
        }
    }

    /** The streamable HTTP transport, to mount as a servlet at {@link #ENDPOINT}. */
    public static final class Http implements AutoCloseable {
        private final McpSyncServer server;
        private final HttpServletStreamableServerTransportProvider transport;

        private Http(McpSyncServer server, HttpServletStreamableServerTransportProvider transport) {
            this.server = server;
            this.transport = Objects.requireNonNull(transport);
        }

        public HttpServlet servlet() {
            return transport;
        }

        @Override
        public void close() {
            server.closeGracefully();
        }
    }

    /** Stdin that says when it ends, which is how a stdio client says it is done. */
    private static final class EndOfInput extends FilterInputStream {
        private final CountDownLatch ended = new CountDownLatch(1);

        EndOfInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return ended(super.read(bytes, offset, length));
        }

        private int ended(int result) {
            if (result < 0) {
                ended.countDown();
            }
            return result;
        }

        @Override
        public void close() throws IOException {
            ended.countDown();
            super.close();
        }
    }
}
