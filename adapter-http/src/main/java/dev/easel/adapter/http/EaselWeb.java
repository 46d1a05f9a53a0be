package dev.easel.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.JobNotFoundException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.StorageException;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import dev.easel.core.port.in.CancelReport;
import dev.easel.core.port.in.GenerateCommand;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The web front on Javalin: the studio at {@code /}, the JSON API under {@code /api/v1}, a
 * RunComfy-compatible gateway under {@code /v1}, and stored images under {@code /files}. Handlers
 * call core use cases only; errors are mapped to HTTP once, in the exception handlers below.
 */
public final class EaselWeb implements AutoCloseable {

    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final WebUseCases useCases;
    private final WebSettings settings;
    private final Access access;
    private final JobEvents events;
    private final JobRunner runner;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    public EaselWeb(WebUseCases useCases, WebSettings settings) {
        this(useCases, settings, List.of());
    }

    /** A web front that also serves each mount's servlet at its path, behind the API keys. */
    public EaselWeb(WebUseCases useCases, WebSettings settings, List<WebMount> mounts) {
        this.useCases = useCases;
        this.settings = settings;
        this.access = new Access(settings);
        this.events = new JobEvents(job -> Views.JobView.of(job, this::fileUrl));
        this.runner = new JobRunner(useCases.tracking(), events, settings.jobTimeout());
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.startup.showJavalinBanner = false;
            config.staticFiles.add("/public", io.javalin.http.staticfiles.Location.CLASSPATH);
            config.jetty.modifyServletContextHandler(handler -> mounts.forEach(mount -> mount(handler, mount)));
            config.routes.before(this::secureHeaders);
            config.routes.before("/api/v1/*", ctx -> guard(ctx, "/api/v1/session"));
            config.routes.before("/v1/*", ctx -> guard(ctx, null));
            studio(config.routes);
            api(config.routes);
            gateway(config.routes);
            files(config.routes);
            errors(config.routes);
        });
    }

    /** The Javalin app, for starting on a port and for tests. */
    public Javalin app() {
        return app;
    }

    /** Starts serving and resumes the journal's unfinished jobs in the background. */
    public EaselWeb start(String host, int port) {
        app.start(host, port);
        runner.resumeUnfinished();
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        runner.close();
        app.stop();
    }

    private void mount(ServletContextHandler handler, WebMount mount) {
        ServletHolder servlet = new ServletHolder(mount.servlet());
        servlet.setAsyncSupported(true);
        handler.addServlet(servlet, mount.path());
        handler.addFilter(new FilterHolder(new MountGuard(access, settings.maxRequestBytes())), mount.path(),
                EnumSet.of(DispatcherType.REQUEST));
    }

    private void secureHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", SECURITY_POLICY);
    }

    private void guard(Context ctx, String exempt) {
        if (exempt != null && ctx.path().equals(exempt)) {
            return;
        }
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (!access.allows(ctx, changes)) {
            throw new io.javalin.http.UnauthorizedResponse(access.session(ctx) != null
                    ? "missing or wrong " + Access.CSRF_HEADER + " header"
                    : "an Easel API key is required: send Authorization: Bearer <key>, or sign in to the studio");
        }
    }

    private void studio(io.javalin.config.RoutesConfig routes) {
        routes.get("/", ctx -> {
            try (InputStream page = EaselWeb.class.getResourceAsStream("/public/index.html")) {
                ctx.contentType("text/html; charset=utf-8").result(page.readAllBytes());
            }
        });
        routes.get("/api/v1/session", ctx -> ctx.json(session(ctx, access.session(ctx))));
        routes.post("/api/v1/session", ctx -> {
            if (access.open()) {
                ctx.json(session(ctx, null));
                return;
            }
            JsonNode body = body(ctx);
            if (!access.isKey(body.path("key").asText(""))) {
                throw new io.javalin.http.UnauthorizedResponse("that is not one of this server's API keys");
            }
            ctx.json(session(ctx, access.signIn(ctx)));
        });
        routes.post("/api/v1/session/sign-out", ctx -> {
            access.signOut(ctx);
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private Map<String, Object> session(Context ctx, String csrf) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("open", access.open());
        view.put("signed_in", access.open() || csrf != null);
        if (csrf != null) {
            view.put("csrf", csrf);
        }
        return view;
    }

    private void api(io.javalin.config.RoutesConfig routes) {
        routes.get("/api/v1/models", ctx -> ctx.json(useCases.models().models().stream().map(Views.ModelSummary::of).toList()));
        routes.get("/api/v1/models/<model>", ctx ->
                ctx.json(Views.Schema.of(useCases.models().describe(ModelId.of(ctx.pathParam("model"))))));
        routes.post("/api/v1/jobs", ctx -> {
            JsonNode body = body(ctx);
            String model = body.path("model").asText(SeedreamLiteTextToImage.MODEL.value());
            Job job = submit(ModelId.of(model), inputs(body.path("inputs")));
            ctx.status(HttpStatus.ACCEPTED).json(view(job));
        });
        routes.get("/api/v1/jobs", ctx -> {
            int limit = intParam(ctx, "limit", 50, 1, 500);
            String state = ctx.queryParam("state");
            List<Job> jobs = new ArrayList<>(useCases.tracking().jobs());
            Collections.reverse(jobs);
            ctx.json(jobs.stream()
                    .filter(j -> state == null || state.isBlank() || matches(j, state))
                    .limit(limit).map(this::view).toList());
        });
        routes.get("/api/v1/jobs/{id}", ctx -> ctx.json(view(useCases.tracking().job(ctx.pathParam("id")))));
        routes.post("/api/v1/jobs/{id}/cancel", ctx -> {
            CancelReport report = useCases.cancellation().cancel(ctx.pathParam("id"));
            report.job().ifPresent(events::onChange);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
            view.put("message", report.message());
            report.job().ifPresent(j -> view.put("job", view(j)));
            ctx.json(view);
        });
        routes.get("/api/v1/gallery", ctx -> {
            int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParam(ctx, "limit", 24, 1, BrowseGalleryUseCase.MAX_PAGE);
            var entries = useCases.gallery().gallery(offset, limit + 1);
            boolean more = entries.size() > limit;
            ctx.json(new Views.GalleryPage(entries.stream().limit(limit)
                    .map(e -> Views.GalleryItem.of(e, this::fileUrl)).toList(), offset, limit, more));
        });
        routes.sse("/api/v1/events", events::join);
    }

    private void gateway(io.javalin.config.RoutesConfig routes) {
        routes.post("/v1/models/<model>", ctx -> {
            Job job = submit(ModelId.of(ctx.pathParam("model")), inputs(body(ctx)));
            String base = baseUrl(ctx) + "/v1/requests/" + job.id();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status_url", base + "/status");
            answer.put("result_url", base + "/result");
            answer.put("cancel_url", base + "/cancel");
            ctx.json(answer);
        });
        routes.get("/v1/requests/{id}/status", ctx -> {
            Job job = useCases.tracking().job(ctx.pathParam("id"));
            String base = baseUrl(ctx) + "/v1/requests/" + job.id();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status", Views.runComfyStatus(job));
            answer.put("status_url", base + "/status");
            answer.put("result_url", base + "/result");
            ctx.json(answer);
        });
        routes.get("/v1/requests/{id}/result", ctx -> {
            Job job = useCases.tracking().job(ctx.pathParam("id"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status", job.state() == JobState.STORED ? "succeeded" : Views.runComfyStatus(job));
            answer.put("created_at", job.createdAt().toString());
            if (job.state().isTerminal()) {
                answer.put("finished_at", job.updatedAt().toString());
            }
            if (job.state() == JobState.STORED) {
                List<String> urls = job.images().stream().map(i -> baseUrl(ctx) + fileUrl(i.key())).toList();
                answer.put("output", urls.size() == 1 ? Map.of("image", urls.get(0)) : Map.of("images", urls));
                job.cost().ifPresent(c -> answer.put("cost", c));
            } else if (job.state().isTerminal() && !job.note().isEmpty()) {
                answer.put("error", job.note());
            }
            ctx.json(answer);
        });
        routes.post("/v1/requests/{id}/cancel", ctx -> {
            CancelReport report = useCases.cancellation().cancel(ctx.pathParam("id"));
            report.job().ifPresent(events::onChange);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", ctx.pathParam("id"));
            answer.put("status", report.job().map(Views::runComfyStatus).orElse("unknown"));
            answer.put("outcome", report.cancelled() ? "cancelled" : "not_cancellable");
            ctx.status(HttpStatus.ACCEPTED).json(answer);
        });
    }

    private void files(io.javalin.config.RoutesConfig routes) {
        routes.get("/files/<key>", ctx -> {
            String key = ctx.pathParam("key");
            if (!access.signatureValid(key, ctx.queryParam("sig")) && !access.allows(ctx, false)) {
                throw new io.javalin.http.UnauthorizedResponse("this file link is not valid; sign in or use the link Easel gave");
            }
            InputStream image = useCases.gallery().open(key);
            ctx.contentType(key.endsWith(".png") ? "image/png" : "image/jpeg")
                    .header("Cache-Control", "private, max-age=31536000, immutable")
                    .result(image);
        });
    }

    private void errors(io.javalin.config.RoutesConfig routes) {
        routes.exception(InvalidRequestException.class, (e, ctx) -> ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(
                new Views.Problem("invalid_input", "invalid input, nothing was submitted", e.violations().stream()
                        .map(v -> new Views.ViolationView(v.field(), v.value(), v.message())).toList())));
        routes.exception(UnknownModelException.class, (e, ctx) -> problem(ctx, HttpStatus.NOT_FOUND, "unknown_model", e));
        routes.exception(JobNotFoundException.class, (e, ctx) -> problem(ctx, HttpStatus.NOT_FOUND, "not_found", e));
        routes.exception(StorageException.class, (e, ctx) -> {
            boolean missing = e.getMessage() != null && e.getMessage().startsWith("no stored image");
            problem(ctx, missing ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR, missing ? "not_found" : "storage", e);
        });
        routes.exception(ProviderUnavailableException.class, (e, ctx) -> problem(ctx, HttpStatus.SERVICE_UNAVAILABLE, "provider_unavailable", e));
        routes.exception(AuthenticationException.class, (e, ctx) -> problem(ctx, HttpStatus.BAD_GATEWAY, "provider_refused_credentials", e));
        routes.exception(InsufficientBalanceException.class, (e, ctx) -> problem(ctx, HttpStatus.PAYMENT_REQUIRED, "insufficient_balance", e));
        routes.exception(ConfigurationException.class, (e, ctx) -> problem(ctx, HttpStatus.SERVICE_UNAVAILABLE, "configuration", e));
        routes.exception(EaselException.class, (e, ctx) -> problem(ctx, HttpStatus.BAD_GATEWAY, "provider_error", e));
        routes.exception(BadBody.class, (e, ctx) -> problem(ctx, HttpStatus.BAD_REQUEST, "bad_request", e));
    }

    private void problem(Context ctx, HttpStatus status, String error, Exception e) {
        ctx.status(status).json(new Views.Problem(error, e.getMessage(), null));
    }

    private Job submit(ModelId model, Map<String, Object> inputs) {
        Job job = useCases.submission().submit(new GenerateCommand(model, inputs, settings.jobTimeout()), events);
        runner.follow(job);
        return job;
    }

    private Views.JobView view(Job job) {
        return Views.JobView.of(job, this::fileUrl);
    }

    /** A signed, relative URL for a stored image: it works without a key, for that image only. */
    public String fileUrl(String key) {
        return "/files/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/") + "?sig=" + access.sign(key);
    }

    private static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static boolean matches(Job job, String states) {
        for (String state : states.split(",")) {
            String s = state.trim().toUpperCase(Locale.ROOT);
            if (s.equals("UNFINISHED") ? !job.state().isTerminal() : job.state().name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The body as a JSON object; {@code bodyAsBytes} enforces the size cap (413), unlike the raw stream. */
    private JsonNode body(Context ctx) {
        try {
            byte[] bytes = ctx.bodyAsBytes();
            JsonNode node = bytes.length == 0 ? null : json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadBody("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadBody("the request body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private Map<String, Object> inputs(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new BadBody("inputs must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = json.convertValue(node, Map.class);
        return inputs;
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw InvalidRequestException.of(name, value, "is out of range: from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(name, text, "must be an integer");
        }
    }

    /** A request body that is not the JSON object a route expects. */
    private static final class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message, null, false, false);
        }
    }
}
