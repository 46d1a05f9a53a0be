package dev.easel.boot;

import dev.easel.adapter.cli.DurationConverter;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.adapter.runcomfy.emulator.Faults;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code easel emulator}: serves the RunComfy emulator on loopback until interrupted, for people's own
 * tests and benchmarks. It lives in the composition root because it starts an adapter directly,
 * which CLI commands may not.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a local RunComfy (or ModelArk) emulator on 127.0.0.1 until Ctrl-C.",
            "Prints the settings to use with it."})
final class EmulatorCommand implements Callable<Integer> {

    private final CountDownLatch stop = new CountDownLatch(1);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--provider", paramLabel = "P",
            description = "Which service to emulate: runcomfy or modelark (default ${DEFAULT-VALUE}).")
    private String provider = "runcomfy";

    @Option(names = "--port", paramLabel = "P", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    private int port = 8470;

    @Option(names = "--token", paramLabel = "T", description = "The token clients must send (default ${DEFAULT-VALUE}).")
    private String token = "emulator-token";

    @Option(names = "--queue", paramLabel = "D", converter = DurationConverter.ZeroOrMore.class,
            description = "Time each job waits in the queue (default 1s).")
    private Duration queue = Duration.ofSeconds(1);

    @Option(names = "--run", paramLabel = "D", converter = DurationConverter.class,
            description = "Time each job runs (default 3s).")
    private Duration run = Duration.ofSeconds(3);

    @Option(names = "--faults", paramLabel = "SPEC",
            description = "Fault probabilities, such as rate-limit=0.15,server-error=0.05,drop=0.02,lost-reply=0.01,"
                    + "truncate=0.1,error-200=0.02,expire=0.01; for modelark: rate-limit, server-error, lost-answer,"
                    + " broken-answer, truncate, expire.")
    private String faults = "";

    @Option(names = "--output-host", paramLabel = "HOST",
            description = "Serve output URLs under this host name (such as localhost), like a CDN.")
    private String outputHost;

    @Option(names = "--realistic-sizes",
            description = "Noise instead of shapes, so files are as large as real pictures (a 3K PNG is about 28 MB).")
    private boolean realisticSizes;

    @Option(names = "--models", paramLabel = "FILE",
            description = "More catalog models, from a JSON array of RunComfy catalog entries (model_id, display_name,"
                    + " categories, base_price_usd, price_unit, input_schema).")
    private java.nio.file.Path models;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (provider.equals("modelark")) {
            return serveModelArk(out);
        }
        if (!provider.equals("runcomfy")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--provider \"" + provider
                    + "\" is not one of: runcomfy, modelark");
        }
        Faults parsed;
        try {
            parsed = Faults.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RunComfyEmulator.Builder builder = RunComfyEmulator.builder();
        if (models != null) {
            try {
                builder.modelsFile(models);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try (RunComfyEmulator emulator = builder.port(port).token(token).timing(queue, run)
                .faults(parsed).outputHost(outputHost).realisticSizes(realisticSizes).preparePictures(true).start()) {
            out.println("RunComfy emulator listening on " + emulator.baseUrl() + " (Ctrl-C stops it)");
            out.println("export RUNCOMFY_BASE_URL=" + emulator.baseUrl());
            out.println("export RUNCOMFY_API_TOKEN=" + emulator.token());
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /** ModelArk's images API: one call answers after {@code --run}; {@code --token} is the API key. */
    private int serveModelArk(PrintWriter out) {
        ModelArkEmulator.Builder builder = ModelArkEmulator.builder().port(port).key(token).latency(run).outputHost(outputHost)
                .realisticSizes(realisticSizes);
        try {
            builder.faults(faults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (ModelArkEmulator emulator = builder.start()) {
            out.println("ModelArk emulator listening on " + emulator.baseUrl() + " (Ctrl-C stops it)");
            out.println("export EASEL_PROVIDER=modelark");
            out.println("export ARK_BASE_URL=" + emulator.baseUrl());
            out.println("export ARK_API_KEY=" + emulator.key());
            out.flush();
            awaitStop();
        }
        return 0;
    }

    private void awaitStop() {
        try {
            stop.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests and embedding: ends {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }
}
