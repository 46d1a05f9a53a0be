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
import dev.easel.core.model.GalleryPage;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.Since;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
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
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /** The response header that names the job the next page of {@code /api/v1/jobs} starts after. */
    static final String NEXT_PAGE = "Easel-Next-After";

    private final WebUseCases useCases;
    private final Clock clock;
    private final WebSettings settings;
    private final Access access;
    private final WebGuard guard;
    private final InFlight inFlight;
    private final JobEvents events;
    private final JobRunner runner;
    private final Uploads uploads;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    public EaselWeb(WebUseCases useCases, WebSettings settings) {
        this(useCases, settings, List.of(), Clock.systemUTC());
    }

    /** A web front that also serves each mount's servlet at its path, behind the same checks and API keys. */
    public EaselWeb(WebUseCases useCases, WebSettings settings, List<WebMount> mounts) {
        this(useCases, settings, mounts, Clock.systemUTC());
    }

    /** With the clock that sessions, rate limits and file links are timed by. */
    public EaselWeb(WebUseCases useCases, WebSettings settings, List<WebMount> mounts, Clock clock) {
        this.useCases = useCases;
        this.settings = settings;
        this.clock = clock;
        this.access = new Access(settings, clock);
        this.guard = new WebGuard(settings, access, clock);
        this.inFlight = new InFlight(settings.limits().maxActivePerKey());
        this.events = new JobEvents(job -> Views.JobView.of(job, this::fileUrl, useCases.cancellation()::cancellable), settings.limits().maxEventListeners());
        this.runner = new JobRunner(useCases.tracking(), events, settings.jobTimeout());
        this.uploads = new Uploads(useCases.files(), java.time.Clock.systemUTC());
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.directory = "/public";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.roles = java.util.Set.of(Role.OPEN);
            });
            config.jetty.modifyServletContextHandler(handler -> mounts.forEach(mount -> mount(handler, mount)));
            config.routes.before(this::secureHeaders);
            config.routes.before(guard::checkRequest);
            config.routes.beforeMatched(guard::authorize);
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

    /** Starts serving and takes over the journal's orphaned jobs in the background, now and while it runs. */
    public EaselWeb start(String host, int port) {
        app.start(host, port);
        runner.takeOverOrphans();
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
        handler.addFilter(new FilterHolder(new MountGuard(guard, inFlight, settings.maxRequestBytes())), mount.path(),
                EnumSet.of(DispatcherType.REQUEST));
    }

    private void secureHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", SECURITY_POLICY);
    }

    private void studio(io.javalin.config.RoutesConfig routes) {
        routes.get("/", ctx -> {
            try (InputStream page = EaselWeb.class.getResourceAsStream("/public/index.html")) {
                ctx.contentType("text/html; charset=utf-8").result(page.readAllBytes());
            }
        }, Role.OPEN);
        routes.get("/api/v1/session", ctx -> {
            String csrf = access.csrf(ctx).orElse(null);
            // An open server gives the studio a session (for its CSRF token) without a key; never to another site.
            if (csrf == null && access.open() && !"cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
                csrf = access.signIn(ctx, Access.OPEN_CLIENT);
            }
            ctx.json(session(csrf, access.sessionClient(ctx).orElse(csrf == null ? null : Access.OPEN_CLIENT)));
        }, Role.OPEN);
        routes.post("/api/v1/session", ctx -> {
            guard.throttleSignIn(ctx);
            if (access.open()) {
                ctx.json(session(access.signIn(ctx, Access.OPEN_CLIENT), Access.OPEN_CLIENT));
                return;
            }
            String client = access.nameOf(body(ctx).path("key").asText(""))
                    .orElseThrow(() -> new io.javalin.http.UnauthorizedResponse("that is not one of this server's API keys"));
            ctx.json(session(access.signIn(ctx, client), client));
        }, Role.OPEN);
        routes.post("/api/v1/session/sign-out", ctx -> {
            access.signOut(ctx);
            ctx.status(HttpStatus.NO_CONTENT);
        }, Role.OPEN);
    }

    private Map<String, Object> session(String csrf, String client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("open", access.open());
        view.put("signed_in", csrf != null);
        view.put("provider", settings.provider());
        if (csrf != null) {
            view.put("csrf", csrf);
        }
        if (client != null) {
            view.put("limits", limits(client));
        }
        return view;
    }

    /** What one client may do, and how much of it is in use: shown on the session and the usage route. */
    private Map<String, Object> limits(String client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client", client);
        view.put("max_active_jobs", inFlight.max());
        view.put("active_jobs", inFlight.active(client));
        view.put("requests_per_minute", settings.limits().requestsPerMinutePerKey());
        return view;
    }

    private void api(io.javalin.config.RoutesConfig routes) {
        routes.get("/api/v1/models", ctx -> ctx.json(useCases.models().search(ctx.queryParam("search"), ctx.queryParam("category"))
                .stream().map(Views.ModelSummary::of).toList()));
        routes.post("/api/v1/uploads", this::upload);
        routes.get("/api/v1/models/<model>", ctx ->
                ctx.json(Views.Schema.of(useCases.models().describe(ModelId.of(ctx.pathParam("model"))))));
        routes.post("/api/v1/jobs", ctx -> {
            JsonNode body = body(ctx);
            String model = body.path("model").asText(SeedreamLiteTextToImage.MODEL.value());
            Job job = submit(ctx, ModelId.of(model), inputs(body.path("inputs")));
            ctx.status(HttpStatus.ACCEPTED).json(view(job));
        }, Role.SUBMITS);
        routes.get("/api/v1/limits", ctx -> ctx.json(limits(WebGuard.client(ctx))));
        routes.get("/api/v1/jobs", ctx -> {
            JobPage page = useCases.tracking().search(query(ctx, intParam(ctx, "limit", 50, 1, JobQuery.MAX_LIMIT))
                    .withStates(JobQuery.parseStates(ctx.queryParams("state"))));
            page.next().ifPresent(next -> ctx.header(NEXT_PAGE, next.value()));
            ctx.json(page.jobs().stream().map(this::view).toList());
        });
        routes.get("/api/v1/usage", ctx -> {
            UsageGrouping by = UsageGrouping.of(Optional.ofNullable(ctx.queryParam("by")).orElse("model"));
            Optional<Instant> since = Optional.ofNullable(ctx.queryParam("since")).filter(s -> !s.isBlank())
                    .map(s -> Since.parse(s, Instant.now(), ZoneOffset.UTC));
            List<UsageLine> lines = useCases.usage().usage(since, by);
            ctx.json(new Views.Usage(by.name().toLowerCase(Locale.ROOT), since.map(Instant::toString).orElse(null),
                    lines.stream().map(Views.UsageGroup::of).toList(),
                    lines.stream().map(UsageLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add)));
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
            GalleryPage page = useCases.gallery().gallery(query(ctx, intParam(ctx, "limit", 24, 1, BrowseGalleryUseCase.MAX_PAGE)));
            ctx.json(new Views.GalleryPage(page.entries().stream().map(e -> Views.GalleryItem.of(e, this::fileUrl, useCases.cancellation()::cancellable)).toList(),
                    page.next().map(JobId::value).orElse(null), page.next().isPresent()));
        });
        routes.before("/api/v1/events", ctx -> {
            if (events.full()) {
                ctx.header("Retry-After", "30");
                throw new io.javalin.http.HttpResponseException(HttpStatus.TOO_MANY_REQUESTS.getCode(),
                        "too many listeners on live events (at most " + events.maxListeners() + "); try again later");
            }
        });
        routes.sse("/api/v1/events", events::join);
    }

    private void gateway(io.javalin.config.RoutesConfig routes) {
        routes.post("/v1/models/<model>", ctx -> {
            Job job = submit(ctx, ModelId.of(ctx.pathParam("model")), inputs(body(ctx)));
            String base = guard.baseUrl(ctx) + "/v1/requests/" + job.id();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status_url", base + "/status");
            answer.put("result_url", base + "/result");
            answer.put("cancel_url", base + "/cancel");
            ctx.json(answer);
        }, Role.SUBMITS);
        routes.get("/v1/requests/{id}/status", ctx -> {
            Job job = useCases.tracking().job(ctx.pathParam("id"));
            String base = guard.baseUrl(ctx) + "/v1/requests/" + job.id();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status", Views.runComfyStatus(job, clock.instant()));
            answer.put("status_url", base + "/status");
            answer.put("result_url", base + "/result");
            ctx.json(answer);
        });
        routes.get("/v1/requests/{id}/result", ctx -> {
            Job job = useCases.tracking().job(ctx.pathParam("id"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", job.id().value());
            answer.put("status", job.state() == JobState.STORED ? "succeeded" : Views.runComfyStatus(job, clock.instant()));
            answer.put("created_at", job.createdAt().toString());
            if (job.state().isTerminal()) {
                answer.put("finished_at", job.updatedAt().toString());
            }
            if (job.state() == JobState.STORED) {
                List<String> urls = job.images().stream().map(i -> guard.baseUrl(ctx) + fileUrl(i.key())).toList();
                answer.put("output", urls.size() == 1 ? Map.of("image", urls.get(0)) : Map.of("images", urls));
                job.cost().ifPresent(c -> answer.put("cost", c));
            } else if (job.state().isTerminal() && !job.note().isEmpty()) {
                answer.put("error", job.note());
            } else if (Views.outcomeUnknown(job, clock.instant())) {
                answer.put("error", Views.unknownOutcome(job));
            }
            ctx.json(answer);
        });
        routes.post("/v1/requests/{id}/cancel", ctx -> {
            CancelReport report = useCases.cancellation().cancel(ctx.pathParam("id"));
            report.job().ifPresent(events::onChange);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("request_id", ctx.pathParam("id"));
            answer.put("status", report.job().map(job -> Views.runComfyStatus(job, clock.instant())).orElse("unknown"));
            answer.put("outcome", report.cancelled() ? "cancelled" : "not_cancellable");
            ctx.status(HttpStatus.ACCEPTED).json(answer);
        });
    }

    private void files(io.javalin.config.RoutesConfig routes) {
        routes.get("/files/<key>", ctx -> {
            String key = ctx.pathParam("key");
            if (!key.endsWith(".png") && !key.endsWith(".jpeg")) {
                // Only images are served here; the stores refuse any other key too (job records, other files).
                throw new io.javalin.http.NotFoundResponse("no stored image has this key");
            }
            InputStream image = useCases.gallery().open(key);
            ctx.contentType(key.endsWith(".png") ? "image/png" : "image/jpeg")
                    .header("Cache-Control", "private, max-age=31536000, immutable")
                    .result(image);
        }, Role.FILE_LINK);
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
        routes.exception(UnsupportedBody.class, (e, ctx) -> problem(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e));
    }

    private void problem(Context ctx, HttpStatus status, String error, Exception e) {
        ctx.status(status).json(new Views.Problem(error, e.getMessage(), null));
    }

    /**
     * {@code POST /api/v1/uploads?field=NAME&name=FILE} with the image as the body: checked by the core
     * (PNG or JPEG, within the provider's limits) and held for a job's inputs. The body is read up
     * to the per-image limit only, whatever the JSON limit of other routes.
     */
    private void upload(Context ctx) throws java.io.IOException {
        String field = Optional.ofNullable(ctx.queryParam("field")).filter(f -> !f.isBlank())
                .orElseThrow(() -> new BadBody("say which input the file is for: ?field=NAME"));
        String name = Optional.ofNullable(ctx.queryParam("name")).filter(n -> !n.isBlank()).orElse("upload");
        long declared = ctx.contentLength();
        long cap = MAX_UPLOAD_BYTES + 1;
        byte[] bytes;
        if (declared > MAX_UPLOAD_BYTES) {
            bytes = null;
        } else {
            try (InputStream body = ctx.req().getInputStream()) {
                bytes = body.readNBytes((int) cap);
            }
        }
        long size = bytes == null ? declared : bytes.length;
        byte[] content = bytes == null ? new byte[0] : bytes;
        ctx.status(HttpStatus.CREATED).json(uploads.add(field, new dev.easel.core.port.in.LocalFile(name, size,
                () -> new java.io.ByteArrayInputStream(content))));
    }

    /** The core refuses larger files with a message naming the limit; a body beyond it is not read. */
    private static final long MAX_UPLOAD_BYTES = 50_000_000L;

    /** Submits for the request's client, within its jobs in flight (429 beyond them, nothing submitted). */
    private Job submit(Context ctx, ModelId model, Map<String, Object> given) {
        Map<String, Object> inputs = uploads.resolve(useCases.models().describe(model).inputs(), given);
        String client = WebGuard.client(ctx);
        if (!inFlight.take(client)) {
            ctx.header("Retry-After", "5");
            throw new io.javalin.http.HttpResponseException(HttpStatus.TOO_MANY_REQUESTS.getCode(), "this key already has "
                    + inFlight.max() + " jobs in flight (EASEL_MAX_ACTIVE_PER_KEY); nothing was submitted: wait for one to finish");
        }
        Job job;
        try {
            job = useCases.submission().submit(requestedBy(client, new GenerateCommand(model, inputs, settings.jobTimeout())), events);
        } catch (RuntimeException e) {
            inFlight.give(client);
            throw e;
        }
        runner.follow(job, () -> inFlight.give(client));
        return job;
    }

    /** Names the key that asks for the job in the command (an open server's clients are no key: their jobs are "local"). */
    static GenerateCommand requestedBy(String client, GenerateCommand command) {
        return client.equals(Access.OPEN_CLIENT) ? command : command.requestedBy(client);
    }

    private Views.JobView view(Job job) {
        return Views.JobView.of(job, this::fileUrl, useCases.cancellation()::cancellable);
    }

    /** A signed, relative URL for a stored image: it works without a key, for that image only, until it expires. */
    public String fileUrl(String key) {
        return "/files/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/") + "?" + access.signedQuery(key);
    }

    /**
     * The filters both job lists take: {@code search} (words of the prompt), {@code model}, {@code since}
     * (a day, an instant, or 30m / 24h / 7d) and {@code after} (the job the previous page ended with).
     */
    private static JobQuery query(Context ctx, int limit) {
        JobQuery query = JobQuery.newest(limit).withText(ctx.queryParam("search"));
        String model = ctx.queryParam("model");
        if (model != null && !model.isBlank()) {
            query = query.withModel(ModelId.of(model.trim()));
        }
        String since = ctx.queryParam("since");
        if (since != null && !since.isBlank()) {
            query = query.withSince(Since.parse(since, Instant.now(), ZoneOffset.UTC));
        }
        String after = ctx.queryParam("after");
        if (after != null && !after.isBlank()) {
            query = query.after(JobId.of(after.trim()));
        }
        return query;
    }

    /** The body as a JSON object; {@code bodyAsBytes} enforces the size cap (413), unlike the raw stream. */
    private JsonNode body(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            throw new UnsupportedBody("the request body must be JSON sent with Content-Type: application/json, not \""
                    + type.replaceAll("[^\\x20-\\x7E]", "?") + "\"");
        }
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

    /** A request body not declared as JSON: refused whatever it holds, as a cross-site form or {@code text/plain} fetch would send. */
    private static final class UnsupportedBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedBody(String message) {
            super(message, null, false, false);
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
