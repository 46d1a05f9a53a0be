package dev.easel.boot;

import dev.easel.adapter.mcp.EaselMcp;
import dev.easel.adapter.mcp.ImageLocator;
import dev.easel.adapter.mcp.McpUseCases;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.ImageStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code easel mcp}: an MCP server on stdio for a local agent, until the agent closes its input.
 * Standard output carries the protocol only: everything else written there goes to standard error.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve Easel's tools to an agent over MCP on stdin/stdout (logs on stderr).",
            "Tools: generate_image, get_job, list_jobs, cancel_job, list_models, get_model_schema."})
final class McpCommand implements Callable<Integer> {

    private final EaselServicesFactory services;
    private final Supplier<Streams> standardStreams;

    @Option(names = "--demo", description = "Use the built-in RunComfy emulator on loopback.")
    private boolean demo;

    /** @param standardStreams takes the process's stdin and stdout for the protocol (called once, when the command runs) */
    McpCommand(EaselServicesFactory services, Supplier<Streams> standardStreams) {
        this.services = services;
        this.standardStreams = standardStreams;
    }

    @Override
    public Integer call() throws InterruptedException {
        Streams streams = standardStreams.get();
        try (EaselServicesFactory.Session session = services.openSession(demo, Map.of());
             EaselMcp.Stdio server = EaselMcp.stdio(useCases(session),
                     session.instance(PrepareFileInputsUseCase.class), files(session), streams.in(), streams.out())) {
            server.awaitEnd();
        }
        return 0;
    }

    static McpUseCases useCases(EaselServicesFactory.Session session) {
        return new McpUseCases(session.instance(GenerateImageUseCase.class), session.instance(TrackJobsUseCase.class),
                session.instance(CancelJobUseCase.class), session.instance(BrowseModelsUseCase.class),
                session.instance(BrowseGalleryUseCase.class));
    }

    /** Absolute paths for the file store (the agent's working folder is not ours), URLs for object stores. */
    private static ImageLocator files(EaselServicesFactory.Session session) {
        ImageStore store = session.instance(ImageStore.class);
        return image -> store.location(image.key());
    }

    /** Where the protocol is read and written. */
    record Streams(InputStream in, OutputStream out) {
    }
}
