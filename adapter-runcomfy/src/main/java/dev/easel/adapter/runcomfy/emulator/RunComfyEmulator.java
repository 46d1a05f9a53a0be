package dev.easel.adapter.runcomfy.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.support.emulator.CallTimes;
import dev.easel.adapter.support.emulator.Dice;
import dev.easel.adapter.support.emulator.Exchanges;
import dev.easel.adapter.support.emulator.LoopbackServer;
import dev.easel.adapter.support.emulator.PictureCache;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for RunComfy's Model API, on the JDK's own HTTP server, faithful to what is known
 * of the real one: bearer-token check, schema validation (422 with the problems), a queue then a run
 * of configurable length, cancel only while queued, {@code completed} on status but {@code succeeded}
 * on result, outputs as {@code image} or {@code images} with the exact pixel size asked for, PNG or
 * JPEG, and unauthenticated output downloads. Faults are injected by {@link Faults}.
 *
 * <p>A prompt containing {@code [fail]} makes the job fail with an error object, so failure paths can
 * be exercised end to end.
 */
public final class RunComfyEmulator implements AutoCloseable {

    public static final String FAIL_MARKER = "[fail]";

    private static final Logger LOG = LoggerFactory.getLogger(RunComfyEmulator.class);
    private static final Pattern SUBMIT = Pattern.compile("/v1/models/(.+)");
    private static final Pattern REQUEST = Pattern.compile("/v1/requests/([^/]+)/(status|result|cancel)");
    private static final Pattern FILE = Pattern.compile("/files/([^/]+)/(\\d+)\\.(png|jpeg)");

    private final Builder config;
    private final LoopbackServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, EmulatedJob> jobs = new ConcurrentHashMap<>();
    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong downloadsWithAuthorization = new AtomicLong();
    private final CallTimes handling = new CallTimes();
    /** Per accepted submit, nanoseconds from its handler getting the request to the answer written. */
    private final Map<String, Long> answeredIn = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last few pictures drawn, by size, format and look. */
    private final PictureCache pictures = new PictureCache(12);
    private final Dice dice;
    private final EmulatedCatalog catalog;
    private final InputFetcher fetcher = new InputFetcher();
    private volatile boolean closed;
    private volatile Faults faults;

    private RunComfyEmulator(Builder config) throws IOException {
        this.config = config;
        this.faults = config.faults;
        this.dice = new Dice(config.seed);
        this.catalog = new EmulatedCatalog(config.models);
        this.server = LoopbackServer.start(config.port, "runcomfy-emulator", this::handle);
        prepareDefaultPictures();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL to give a client, such as {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Where output files are served from: the base URL, or the same server under {@code outputHost}. */
    public URI filesBase() {
        return config.outputHost == null ? baseUrl() : URI.create("http://" + config.outputHost + ":" + port());
    }

    public int port() {
        return server.port();
    }

    public String token() {
        return config.token;
    }

    /** Every accepted submission, in order. */
    public List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    /** How many calls reached the emulator for {@code kind}: submit, status, result, cancel, file, rejected, truncated. */
    public long calls(String kind) {
        return calls.getOrDefault(kind, new AtomicLong()).get();
    }

    /** Every file input fetched for accepted submissions, in order: URLs as given, data URIs abridged. */
    public List<String> fetchedInputs() {
        return fetcher.fetched();
    }

    /** Changes the faults of a running emulator, for tests that first need things to work. */
    public void faults(Faults value) {
        this.faults = value;
    }

    /** How many output downloads arrived with an Authorization header (a client should send none). */
    public long downloadsWithAuthorization() {
        return downloadsWithAuthorization.get();
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // A job's clock starts when its request arrives, before the emulator reads and checks it, so
        // that the emulator's own work (slower while its JIT is cold) is not counted as the client's.
        long started = System.nanoTime();
        Instant arrived = config.clock.instant();
        String kind = "other";
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/_emulator/stats")) {
                kind = "stats";
                send(exchange, 200, stats());
                return;
            }
            Matcher file = FILE.matcher(path);
            if (method.equals("GET") && file.matches()) {
                kind = "file";
                serveFile(exchange, file.group(1), Integer.parseInt(file.group(2)), file.group(3));
                return;
            }
            if (!authorized(exchange)) {
                count("rejected");
                send(exchange, 401, Map.of("detail", "Invalid or missing API token"));
                return;
            }
            Matcher submit = SUBMIT.matcher(path);
            Matcher request = REQUEST.matcher(path);
            if (method.equals("POST") && submit.matches()) {
                kind = "submit";
                count("submit");
                if (!injected(exchange, Faults.Kind.RATE_LIMIT, false)) {
                    submit(exchange, submit.group(1), arrived, started);
                }
            } else if (method.equals("GET") && path.equals("/v1/models")) {
                kind = "catalog";
                count(kind);
                listModels(exchange);
            } else if (method.equals("GET") && path.equals("/v1/models/categories")) {
                kind = "catalog";
                count(kind);
                send(exchange, 200, Map.of("categories", catalog.categories()));
            } else if (method.equals("GET") && submit.matches()) {
                kind = "catalog";
                count(kind);
                modelInfo(exchange, submit.group(1));
            } else if (request.matches() && method.equals(request.group(2).equals("cancel") ? "POST" : "GET")) {
                kind = request.group(2);
                count(kind);
                if (!injected(exchange, Faults.Kind.RATE_LIMIT, true)) {
                    onRequest(exchange, request.group(1), request.group(2));
                }
            } else {
                send(exchange, 404, Map.of("detail", "Not Found"));
            }
        } catch (RuntimeException e) {
            LOG.error("emulator failed on {}", exchange.getRequestURI(), e);
        } finally {
            handling.record(kind, System.nanoTime() - started);
        }
    }

    /**
     * What benchmarks need and RunComfy would not say: calls per kind, how long the emulator itself
     * took to answer them ({@code handling}: from its handler getting the request to the answer
     * written; per job too, {@code answered_ms}), and when each job was submitted (its request arrived) and finished. Served without a token, on loopback only, at {@code /_emulator/stats}.
     */
    private Map<String, Object> stats() {
        Map<String, Object> counts = new java.util.TreeMap<>();
        calls.forEach((kind, n) -> counts.put(kind, n.get()));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Submission s : submissions) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("request_id", s.requestId());
            job.put("prompt", s.inputs().get("prompt"));
            job.put("submitted_at", s.at().toString());
            job.put("finished_at", s.at().plus(config.queueTime).plus(config.runTime).toString());
            Long answered = answeredIn.get(s.requestId());
            if (answered != null) {
                job.put("answered_ms", answered / 1e6);
            }
            list.add(job);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", counts);
        stats.put("handling", handling.summary());
        stats.put("downloads_with_authorization", downloadsWithAuthorization.get());
        stats.put("jobs", list);
        return stats;
    }

    private boolean authorized(HttpExchange exchange) {
        return Exchanges.hasBearer(exchange, config.token);
    }

    /** Rolls the dice for the faults that apply to this call; true when a fault answered it. */
    private boolean injected(HttpExchange exchange, Faults.Kind rateLimit, boolean readCall) throws IOException {
        if (roll(rateLimit)) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(config.retryAfterSeconds));
            send(exchange, 429, Map.of("detail", "Too many requests"));
            return true;
        }
        if (!readCall) {
            return false;
        }
        if (roll(Faults.Kind.SERVER_ERROR)) {
            send(exchange, 503, Map.of("detail", "Service temporarily unavailable"));
            return true;
        }
        if (roll(Faults.Kind.DROP)) {
            exchange.getResponseBody().close();
            return true;
        }
        if (roll(Faults.Kind.ERROR_200)) {
            send(exchange, 200, Map.of("error_code", 500001, "error_message", "internal error, please retry"));
            return true;
        }
        return false;
    }

    private boolean roll(Faults.Kind kind) {
        return dice.roll(faults.probability(kind));
    }

    private void submit(HttpExchange exchange, String model, Instant arrived, long started) throws IOException {
        Optional<ModelDescription> description = knownModel(exchange, model);
        if (description.isEmpty()) {
            return;
        }
        if (config.insufficientBalance) {
            send(exchange, 200, Map.of("error_code", 400002, "error_message", "Insufficient balance"));
            return;
        }
        Map<String, Object> inputs;
        try (InputStream body = exchange.getRequestBody()) {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                send(exchange, 422, Map.of("detail", "the body must be a JSON object of inputs"));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = json.convertValue(tree, Map.class);
            inputs = parsed;
        } catch (IOException e) {
            send(exchange, 422, Map.of("detail", "the body is not JSON: " + e.getMessage()));
            return;
        }
        GenerationRequest request;
        try {
            request = GenerationRequest.validated(description.get().inputs(), inputs);
        } catch (InvalidRequestException e) {
            List<Map<String, Object>> detail = new ArrayList<>();
            e.violations().forEach(v -> detail.add(Map.of("loc", List.of("body", v.field()), "msg", v.message())));
            send(exchange, 422, Map.of("detail", detail));
            return;
        }
        List<String> unfetchable = fetcher.problems(description.get().inputs(), request.inputs());
        if (!unfetchable.isEmpty()) {
            List<Map<String, Object>> detail = new ArrayList<>();
            unfetchable.forEach(p -> detail.add(Map.of("loc", List.of("body", p.substring(0, p.indexOf(':'))), "msg", p)));
            send(exchange, 422, Map.of("detail", detail));
            return;
        }
        String requestId = UUID.randomUUID().toString();
        jobs.put(requestId, new EmulatedJob(requestId, request.model(), request.inputs(), arrived));
        submissions.add(new Submission(requestId, request.model(), request.inputs(), arrived));
        if (roll(Faults.Kind.LOST_REPLY)) {
            exchange.getResponseBody().close();
            return;
        }
        String base = baseUrl() + "/v1/requests/" + requestId;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("request_id", requestId);
        answer.put("status_url", base + "/status");
        answer.put("result_url", base + "/result");
        answer.put("cancel_url", base + "/cancel");
        send(exchange, 200, answer);
        answeredIn.put(requestId, System.nanoTime() - started);
    }

    private void modelInfo(HttpExchange exchange, String model) throws IOException {
        if (knownModel(exchange, model).isEmpty()) {
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode entry = catalog.entry(model).orElseThrow();
        if (!entry.has("pricing_note")) {
            entry.put("pricing_note", "emulated price");
        }
        send(exchange, 200, entry);
    }

    /** {@code GET /v1/models?search=&category=&include_schema=&limit=&offset=}, as RunComfy's catalog answers. */
    private void listModels(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        int limit;
        int offset;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        } catch (NumberFormatException e) {
            send(exchange, 422, Map.of("detail", "limit and offset must be integers"));
            return;
        }
        send(exchange, 200, catalog.list(query.get("search"), query.get("category"),
                Boolean.parseBoolean(query.get("include_schema")), Math.min(limit, 100), offset));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    /** The model, or empty after answering 400001 as RunComfy does for an unknown model id. */
    private Optional<ModelDescription> knownModel(HttpExchange exchange, String model) throws IOException {
        Optional<ModelDescription> description;
        try {
            ModelId.of(model);
            description = catalog.find(model);
        } catch (InvalidRequestException e) {
            description = Optional.empty();
        }
        if (description.isEmpty()) {
            send(exchange, 400, Map.of("error_code", 400001, "error_message", "Invalid resource identifier: " + model));
        }
        return description;
    }

    private void onRequest(HttpExchange exchange, String requestId, String action) throws IOException {
        EmulatedJob job = jobs.get(requestId);
        if (job == null) {
            send(exchange, 404, Map.of("error_code", 404001, "error_message", "Resource not found: " + requestId));
            return;
        }
        Instant now = config.clock.instant();
        switch (action) {
            case "status" -> send(exchange, 200, statusOf(job, now));
            case "result" -> send(exchange, 200, resultOf(job, now));
            default -> cancel(exchange, job, now);
        }
    }

    private Map<String, Object> statusOf(EmulatedJob job, Instant now) {
        Phase phase = phase(job, now);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("request_id", job.requestId());
        answer.put("status", switch (phase) {
            case QUEUED -> "in_queue";
            case RUNNING -> "in_progress";
            case DONE -> job.failing() ? "failed" : "completed";
            case CANCELLED -> "cancelled";
        });
        if (phase == Phase.QUEUED) {
            answer.put("queue_position", queuePosition(job, now));
        }
        String base = baseUrl() + "/v1/requests/" + job.requestId();
        answer.put("status_url", base + "/status");
        answer.put("result_url", base + "/result");
        return answer;
    }

    private Map<String, Object> resultOf(EmulatedJob job, Instant now) {
        Phase phase = phase(job, now);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("request_id", job.requestId());
        answer.put("created_at", job.submittedAt().toString());
        switch (phase) {
            case QUEUED -> answer.put("status", "in_queue");
            case RUNNING -> answer.put("status", "in_progress");
            case CANCELLED -> answer.put("status", "cancelled");
            case DONE -> {
                answer.put("finished_at", job.submittedAt().plus(config.queueTime).plus(config.runTime).toString());
                if (job.failing()) {
                    answer.put("status", "failed");
                    answer.put("error", Map.of("code", "content_policy", "message",
                            "the prompt was rejected by the model's content filter"));
                } else {
                    answer.put("status", "succeeded");
                    answer.put("output", outputs(job));
                    answer.put("cost", catalog.price(job.model().value()) * job.imageCount());
                }
            }
        }
        return answer;
    }

    private Map<String, Object> outputs(EmulatedJob job) {
        String ext = "jpeg".equals(job.inputs().get("output_format")) ? "jpeg" : "png";
        int count = job.imageCount();
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            urls.add(filesBase() + "/files/" + job.requestId() + "/" + i + "." + ext);
        }
        return count == 1 && !config.imagesFieldAlways ? Map.of("image", urls.get(0)) : Map.of("images", urls);
    }

    private void cancel(HttpExchange exchange, EmulatedJob job, Instant now) throws IOException {
        Phase phase = phase(job, now);
        String outcome = "not_cancellable";
        if (phase == Phase.QUEUED) {
            job.cancel();
            outcome = "cancelled";
        }
        send(exchange, 202, Map.of("request_id", job.requestId(),
                "status", phase(job, now) == Phase.CANCELLED ? "cancelled" : statusOf(job, now).get("status"),
                "outcome", outcome));
    }

    private void serveFile(HttpExchange exchange, String requestId, int index, String ext) throws IOException {
        count("file");
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            downloadsWithAuthorization.incrementAndGet();
        }
        EmulatedJob job = jobs.get(requestId);
        if (job == null || phase(job, config.clock.instant()) != Phase.DONE || job.failing()
                || index < 1 || index > job.imageCount() || roll(Faults.Kind.EXPIRE)) {
            send(exchange, 404, Map.of("detail", "Not Found"));
            return;
        }
        byte[] bytes = picture(job.size(), ext, config.realisticSizes ? 0 : Math.floorMod(job.seed() + index, LOOKS));
        boolean truncate = roll(Faults.Kind.TRUNCATE);
        if (truncate) {
            count("truncated");
        }
        Exchanges.sendPicture(exchange, bytes, ext, truncate);
    }

    /**
     * Four looks per size and format: variety for the demo, while drawing stays a one-off cost that
     * does not compete with the client for CPU in benchmarks.
     */
    private static final int LOOKS = 4;

    private byte[] picture(int[] size, String ext, long look) {
        return pictures.get(size[0] + "x" + size[1] + "." + ext + "#" + look,
                () -> PlaceholderImage.render(size[0], size[1], ext, look, config.realisticSizes));
    }

    /**
     * Draws the default size's pictures, as a CDN would already hold them: in the background, or
     * before {@link Builder#start()} returns with {@link Builder#preparePictures(boolean)}, so that a
     * benchmark does not share the CPU with the drawing.
     */
    private void prepareDefaultPictures() {
        Runnable draw = () -> {
            for (int look = 0; look < (config.realisticSizes ? 1 : LOOKS); look++) {
                picture(new int[] {2304, 1728}, "png", look);
            }
        };
        if (config.preparePictures) {
            draw.run();
        } else {
            server.executor().execute(() -> {
                try {
                    draw.run();
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.warn("the emulator could not prepare its pictures: {}", e.getMessage());
                    }
                }
            });
        }
    }

    private Phase phase(EmulatedJob job, Instant now) {
        if (job.cancelled()) {
            return Phase.CANCELLED;
        }
        Duration age = Duration.between(job.submittedAt(), now);
        if (age.compareTo(config.queueTime) < 0) {
            return Phase.QUEUED;
        }
        return age.compareTo(config.queueTime.plus(config.runTime)) < 0 ? Phase.RUNNING : Phase.DONE;
    }

    private int queuePosition(EmulatedJob job, Instant now) {
        int position = 1;
        for (EmulatedJob other : jobs.values()) {
            if (other != job && other.submittedAt().isBefore(job.submittedAt()) && phase(other, now) == Phase.QUEUED) {
                position++;
            }
        }
        return position;
    }

    private void count(String kind) {
        calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        Exchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }

    private enum Phase { QUEUED, RUNNING, DONE, CANCELLED }

    /** One accepted submission as the emulator saw it. */
    public record Submission(String requestId, ModelId model, Map<String, Object> inputs, Instant at) {
    }

    /** Emulator settings; everything has a default. */
    public static final class Builder {
        private String token = "emulator-token";
        private int port;
        private Duration queueTime = Duration.ofMillis(300);
        private Duration runTime = Duration.ofMillis(700);
        private Faults faults = Faults.NONE;
        private final List<JsonNode> models = new ArrayList<>(BundledModelCatalog.entries());
        private Clock clock = Clock.systemUTC();
        private long seed = 42;
        private boolean insufficientBalance;
        private boolean imagesFieldAlways;
        private String outputHost;
        private int retryAfterSeconds = 1;
        private boolean realisticSizes;
        private boolean preparePictures;

        private Builder() {
        }

        /**
         * Serve output URLs under another host name for this same server (such as {@code localhost}),
         * as RunComfy serves results from a CDN host: clients must check where they download from.
         */
        public Builder outputHost(String value) {
            this.outputHost = value;
            return this;
        }

        /**
         * Draw noise instead of smooth shapes, so files are as large as real pictures (a 3K PNG is
         * about 28 MB): for memory benchmarks. Every job of a size then gets the same picture.
         */
        public Builder realisticSizes(boolean value) {
            this.realisticSizes = value;
            return this;
        }

        /** Draw the default size's pictures before {@link #start()} returns, instead of in the background. */
        public Builder preparePictures(boolean value) {
            this.preparePictures = value;
            return this;
        }

        /** The {@code Retry-After} of injected 429 answers, in seconds (default 1). */
        public Builder retryAfterSeconds(int value) {
            this.retryAfterSeconds = value;
            return this;
        }

        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder timing(Duration queue, Duration run) {
            this.queueTime = queue;
            this.runTime = run;
            return this;
        }

        public Builder faults(Faults value) {
            this.faults = value;
            return this;
        }

        /**
         * Serves these catalog entries too (RunComfy's shape: {@code model_id}, {@code display_name},
         * {@code categories}, {@code base_price_usd}, {@code price_unit}, {@code input_schema}), after
         * the bundled text-to-image and edit models; an entry with a bundled id replaces it.
         */
        public Builder models(List<JsonNode> entries) {
            for (JsonNode entry : entries) {
                String id = entry.path("model_id").asText(entry.path("id").asText(""));
                models.removeIf(m -> m.path("model_id").asText(m.path("id").asText("")).equals(id));
                models.add(entry);
            }
            return this;
        }

        /** {@link #models(List)} from a JSON file: an array of entries or {@code {"models": [...]}}. */
        public Builder modelsFile(java.nio.file.Path file) {
            return models(EmulatedCatalog.read(file));
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Every submit answers HTTP 200 with {@code error_code} 400002, as RunComfy does for an empty balance. */
        public Builder insufficientBalance(boolean value) {
            this.insufficientBalance = value;
            return this;
        }

        /** Return {@code images: [url]} even for one image, which clients must accept too. */
        public Builder imagesFieldAlways(boolean value) {
            this.imagesFieldAlways = value;
            return this;
        }

        public RunComfyEmulator start() {
            try {
                return new RunComfyEmulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("the RunComfy emulator could not listen on port " + port + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
