package dev.easel.boot;

import dev.easel.adapter.http.EaselWeb;
import dev.easel.adapter.http.WebLimits;
import dev.easel.adapter.http.WebMount;
import dev.easel.adapter.http.WebSettings;
import dev.easel.adapter.http.WebUseCases;
import dev.easel.adapter.mcp.EaselMcp;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code easel serve}: the web front (studio, JSON API, RunComfy-compatible gateway) until Ctrl-C.
 * It binds 127.0.0.1 unless told otherwise, and refuses any other address without API keys.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the studio at /, the JSON API at /api/v1, a RunComfy-compatible gateway at /v1 and MCP at /mcp.",
            "Binds 127.0.0.1 by default; any other address needs EASEL_API_KEYS (comma-separated name:key entries or keys, 16+ characters each)."})
final class ServeCommand implements Callable<Integer> {

    private final EaselServicesFactory services;
    private final CountDownLatch stop = new CountDownLatch(1);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    private String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port = 8080;

    @Option(names = "--demo", description = "Use the chosen provider's built-in emulator on loopback.")
    private boolean demo;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Provider that runs the jobs: runcomfy or modelark (default EASEL_PROVIDER, else runcomfy).")
    private String provider;

    ServeCommand(EaselServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw dev.easel.core.error.InvalidRequestException.of("--port", port, "is not a port: use 0 to 65535 (0 picks a free one)");
        }
        Map<String, String> flags = provider == null || provider.isBlank() ? Map.of() : Map.of(Configuration.PROVIDER, provider.trim());
        try (Server server = start(services, host, port, demo, flags)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Easel studio on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/"
                    + (server.open() ? "" : " (API keys required)") + ", jobs run on " + server.provider() + "  (Ctrl-C stops it)");
            out.flush();
            stop.await();
        }
        return 0;
    }

    /** For tests: ends {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }

    /** Starts the web front on the services of one session; closing it stops both. */
    static Server start(EaselServicesFactory services, String host, int port, boolean demo) {
        return start(services, host, port, demo, Map.of());
    }

    static Server start(EaselServicesFactory services, String host, int port, boolean demo, Map<String, String> flags) {
        EaselServicesFactory.Session session = services.openSession(demo, flags);
        try {
            Settings settings = session.settings();
            List<String> keys = Arrays.stream(settings.get("web.api-keys", "").split(","))
                    .map(String::trim).filter(k -> !k.isEmpty()).toList();
            if (keys.isEmpty() && !isLoopback(host)) {
                throw new ConfigurationException("refusing to serve on " + host + " without API keys: anyone who can"
                        + " reach it could spend your RunComfy balance. Set EASEL_API_KEYS=<key>[,<key>…] (16 or more"
                        + " characters each), or serve on 127.0.0.1");
            }
            Optional<URI> publicUrl = Optional.of(settings.get("web.public-url", "")).filter(u -> !u.isBlank())
                    .map(WebSettings::parsePublicUrl);
            if (keys.isEmpty() && publicUrl.isPresent() && !isLoopbackName(publicUrl.get().getHost())) {
                throw new ConfigurationException("refusing to serve for EASEL_PUBLIC_URL " + publicUrl.get() + " without API"
                        + " keys: anyone who can reach it through the proxy could spend your RunComfy balance. Set"
                        + " EASEL_API_KEYS=<key>[,<key>…] (16 or more characters each)");
            }
            WebLimits limits = WebLimits.DEFAULTS
                    .withMaxActivePerKey(positive(settings, "web.max-active-per-key", "EASEL_MAX_ACTIVE_PER_KEY",
                            WebLimits.DEFAULT_MAX_ACTIVE_PER_KEY))
                    .withRequestsPerMinutePerKey(positive(settings, "web.requests-per-minute", "EASEL_REQUESTS_PER_MINUTE",
                            WebLimits.DEFAULTS.requestsPerMinutePerKey()));
            WebSettings web = new WebSettings(keys, urlSecret(Path.of(settings.get("home", "."))),
                    WebSettings.DEFAULT_MAX_REQUEST_BYTES, Duration.ofMinutes(30), publicUrl, limits,
                    settings.get(Configuration.PROVIDER, "runcomfy"));
            WebUseCases useCases = new WebUseCases(session.instance(SubmitJobUseCase.class),
                    session.instance(TrackJobsUseCase.class), session.instance(CancelJobUseCase.class),
                    session.instance(BrowseModelsUseCase.class), session.instance(BrowseGalleryUseCase.class),
                    session.instance(ReportUsageUseCase.class),
                    session.instance(PrepareFileInputsUseCase.class));
            AtomicReference<EaselWeb> started = new AtomicReference<>();
            // The web front checks Host and Origin before /mcp too; the SDK's own lists must not refuse the public address.
            List<String> mcpHosts = new ArrayList<>(isLoopback(host) ? LOOPBACK_HOSTS : List.of());
            List<String> mcpOrigins = new ArrayList<>(LOOPBACK_ORIGINS);
            publicUrl.filter(u -> !mcpHosts.isEmpty()).ifPresent(u -> mcpHosts.addAll(List.of(u.getHost(), u.getHost() + ":*")));
            publicUrl.ifPresent(u -> mcpOrigins.add(u.toString()));
            EaselMcp.Http mcp = EaselMcp.http(McpCommand.useCases(session),
                    image -> started.get().fileUrl(image.key()), (int) web.maxRequestBytes(), mcpHosts, mcpOrigins, WebMount.JOB_SLOTS,
                    WebMount.REQUESTED_BY);
            try {
                started.set(new EaselWeb(useCases, web, List.of(new WebMount(EaselMcp.ENDPOINT, mcp.servlet())))
                        .start(host, port));
            } catch (RuntimeException e) {
                mcp.close();
                throw e;
            }
            return new Server(started.get(), mcp, session, web.open());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Host headers /mcp accepts on loopback: a page elsewhere cannot reach it by rebinding a name to 127.0.0.1. */
    private static final List<String> LOOPBACK_HOSTS = List.of("127.0.0.1:*", "localhost:*", "[::1]:*");
    /** Browsers' Origin headers /mcp accepts (programs send none). */
    private static final List<String> LOOPBACK_ORIGINS = List.of("http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*");

    private static int positive(Settings settings, String key, String name, int fallback) {
        String text = settings.get(key, String.valueOf(fallback)).trim();
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(name + " \"" + text + "\" must be a whole number of at least 1");
    }

    private static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--host \"" + host + "\" is not an address of this machine");
        }
    }

    /**
     * The key that signs file URLs, kept in {@code $EASEL_HOME/web-secret} so that links handed out
     * keep working across restarts.
     */
    private static byte[] urlSecret(Path home) {
        Path file = home.resolve("web-secret");
        try {
            if (Files.exists(file)) {
                return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            PrivateFiles.home(home);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            PrivateFiles.writeSecret(file, HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
            return secret;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read or create " + file + ": " + e.getMessage());
        }
    }

    /** A running web front and the session behind it. */
    static final class Server implements AutoCloseable {
        private final EaselWeb web;
        private final EaselMcp.Http mcp;
        private final EaselServicesFactory.Session session;
        private final boolean open;

        Server(EaselWeb web, EaselMcp.Http mcp, EaselServicesFactory.Session session, boolean open) {
            this.web = web;
            this.mcp = mcp;
            this.session = session;
            this.open = open;
        }

        int port() {
            return web.port();
        }

        boolean open() {
            return open;
        }

        String provider() {
            return session.settings().get(Configuration.PROVIDER, "runcomfy");
        }

        @Override
        public void close() {
            mcp.close();
            web.close();
            session.close();
        }
    }
}
