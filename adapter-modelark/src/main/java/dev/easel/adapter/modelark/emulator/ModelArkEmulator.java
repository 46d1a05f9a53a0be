package dev.easel.adapter.modelark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.easel.adapter.support.emulator.BrokenOnPurpose;
import dev.easel.adapter.support.emulator.Dice;
import dev.easel.adapter.support.emulator.Exchanges;
import dev.easel.adapter.support.emulator.LoopbackServer;
import dev.easel.adapter.support.emulator.PictureCache;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for BytePlus ModelArk's images API ({@code POST /api/v3/images/generations}), on
 * the JDK's own HTTP server, as MODELARK_API.md describes it: bearer-key check, validation with
 * ModelArk's error codes, a synchronous answer carrying every image as a URL or inline
 * ({@code b64_json}) with the exact pixel size asked for, sequential images, per-image errors and
 * {@code usage.generated_images}. Faults are injected by {@link Faults}.
 *
 * <p>Prompt markers drive the refusals: {@code [sensitive]} is refused as sensitive text,
 * {@code [partial]} makes the second image (or the only one) fail while the others succeed.
 */
public final class ModelArkEmulator implements AutoCloseable {

    public static final String SENSITIVE_MARKER = "[sensitive]";
    public static final String PARTIAL_MARKER = "[partial]";
    public static final String API_PATH = "/api/v3";

    private static final Logger LOG = LoggerFactory.getLogger(ModelArkEmulator.class);
    private static final Pattern FILE = Pattern.compile("/files/([0-9a-f-]+)/(\\d+)\\.(png|jpeg)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final Map<String, Model> MODELS = Map.of(
            "seedream-5-0-lite-260128", new Model(3_686_400L, 10_404_496L, true, Map.of("2K", "2048x2048", "3K", "3072x3072")),
            "seedream-4-5-251128", new Model(3_686_400L, 16_777_216L, false, Map.of("2K", "2048x2048", "4K", "4096x4096")),
            "seedream-4-0-250828", new Model(921_600L, 16_777_216L, false,
                    Map.of("1K", "1024x1024", "2K", "2048x2048", "4K", "4096x4096")));

    private final Builder config;
    private final LoopbackServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();
    private final List<Call> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong billedImages = new AtomicLong();
    private final AtomicLong downloadsWithCredentials = new AtomicLong();
    private final PictureCache pictures = new PictureCache(8);
    private final Dice dice;
    private volatile Faults faults;
    private volatile boolean overdue;

    private ModelArkEmulator(Builder config) throws IOException {
        this.config = config;
        this.faults = config.faults;
        this.overdue = config.overdue;
        this.dice = new Dice(config.seed);
        this.server = LoopbackServer.start(config.port, "modelark-emulator", this::handle);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL to give a client (ARK_BASE_URL), such as {@code http://127.0.0.1:41234/api/v3}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + API_PATH);
    }

    public int port() {
        return server.port();
    }

    public String key() {
        return config.key;
    }

    /** Changes the faults of a running emulator, for tests that first need things to work. */
    public void faults(Faults value) {
        this.faults = value;
    }

    /** Whether every generation is refused with AccountOverdueError. */
    public void overdue(boolean value) {
        this.overdue = value;
    }

    /** Every generation call that passed the checks (and so ran, and was billed), in order. */
    public List<Call> calls() {
        return List.copyOf(accepted);
    }

    /**
     * How many requests arrived for {@code kind}: generate (every POST), rejected (wrong key), file
     * (image downloads), truncated.
     */
    public long count(String kind) {
        return counts.getOrDefault(kind, new AtomicLong()).get();
    }

    /** The sum of {@code usage.generated_images}: what the account would pay for. */
    public long billedImages() {
        return billedImages.get();
    }

    /** Downloads that carried an Authorization header or the key anywhere (a client should send none). */
    public long downloadsWithCredentials() {
        return downloadsWithCredentials.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher file = FILE.matcher(path);
            if (method.equals("GET") && file.matches()) {
                serveFile(exchange, file.group(1), Integer.parseInt(file.group(2)), file.group(3));
            } else if (method.equals("GET") && path.equals("/_emulator/stats")) {
                sendJson(exchange, 200, stats());
            } else if (method.equals("POST") && path.equals(API_PATH + "/images/generations")) {
                tally("generate");
                generate(exchange);
            } else {
                error(exchange, 404, "InvalidEndpointOrModel.NotFound", "The requested path " + path + " does not exist.");
            }
        } catch (RuntimeException e) {
            LOG.error("the ModelArk emulator failed on {}", exchange.getRequestURI(), e);
        }
    }

    private void generate(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            tally("rejected");
            error(exchange, 401, "AuthenticationError", "The API key in the request is missing or invalid.");
            return;
        }
        if (roll(Faults.Kind.RATE_LIMIT)) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            error(exchange, 429, "RateLimitExceeded", "The request rate of the account exceeded its limit. Retry later.");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            error(exchange, 400, "InvalidParameter", "The request body is not valid JSON.");
            return;
        }
        Optional<Request> request = validate(exchange, body);
        if (request.isEmpty()) {
            return;
        }
        if (overdue) {
            error(exchange, 403, "AccountOverdueError", "The request failed because your account has an overdue balance.");
            return;
        }
        if (request.get().prompt().contains(SENSITIVE_MARKER)) {
            error(exchange, 400, "InputTextSensitiveContentDetected",
                    "The request failed because the input text may contain sensitive information.");
            return;
        }
        if (roll(Faults.Kind.SERVER_ERROR)) {
            error(exchange, 500, "InternalServiceError", "The service encountered an unexpected internal error.");
            return;
        }
        pause(config.latency);
        Generation generation = new Generation(UUID.randomUUID().toString(), request.get());
        generations.put(generation.id(), generation);
        accepted.add(new Call(generation.id(), body.toString(), request.get().watermark(), request.get().images()));
        billedImages.addAndGet(generation.billed());
        if (roll(Faults.Kind.LOST_ANSWER)) {
            tally("lost");
            return;
        }
        answer(exchange, generation, roll(Faults.Kind.BROKEN_ANSWER));
    }

    /** The request, or empty after answering ModelArk's 400 or 404. */
    private Optional<Request> validate(HttpExchange exchange, JsonNode body) throws IOException {
        if (body == null || !body.isObject()) {
            error(exchange, 400, "InvalidParameter", "The request body must be a JSON object.");
            return Optional.empty();
        }
        String modelName = body.path("model").asText("");
        if (modelName.isEmpty()) {
            error(exchange, 400, "MissingParameter", "The request failed because it is missing the parameter `model`.");
            return Optional.empty();
        }
        Model model = MODELS.get(modelName);
        if (model == null) {
            error(exchange, 404, "InvalidEndpointOrModel.NotFound",
                    "The model or endpoint " + modelName + " does not exist or you do not have access to it.");
            return Optional.empty();
        }
        String prompt = body.path("prompt").asText("");
        if (prompt.isBlank()) {
            error(exchange, 400, "MissingParameter", "The request failed because it is missing the parameter `prompt`.");
            return Optional.empty();
        }
        Optional<int[]> size = size(model, body.path("size").asText("2048x2048"));
        if (size.isEmpty()) {
            return invalid(exchange, "size", body.path("size").asText());
        }
        String sequential = body.path("sequential_image_generation").asText("disabled");
        if (!Set.of("auto", "disabled").contains(sequential)) {
            return invalid(exchange, "sequential_image_generation", sequential);
        }
        JsonNode max = body.path("sequential_image_generation_options").path("max_images");
        int maxImages = max.isMissingNode() ? 15 : max.asInt(-1);
        if (!max.isMissingNode() && (!max.isInt() || maxImages < 1 || maxImages > 15)) {
            return invalid(exchange, "sequential_image_generation_options.max_images", max.toString());
        }
        String mode = body.path("optimize_prompt_options").path("mode").asText("standard");
        if (!Set.of("standard", "fast").contains(mode)) {
            return invalid(exchange, "optimize_prompt_options.mode", mode);
        }
        String format = body.path("output_format").asText("jpeg");
        if (!Set.of("png", "jpeg").contains(format) || (!model.choosesFormat() && body.has("output_format"))) {
            return invalid(exchange, "output_format", format);
        }
        String responseFormat = body.path("response_format").asText("url");
        if (!Set.of("url", "b64_json").contains(responseFormat)) {
            return invalid(exchange, "response_format", responseFormat);
        }
        JsonNode watermark = body.path("watermark");
        if (!watermark.isMissingNode() && !watermark.isBoolean()) {
            return invalid(exchange, "watermark", watermark.toString());
        }
        if (body.path("stream").asBoolean(false)) {
            return invalid(exchange, "stream", "true (the emulator answers in one piece only)");
        }
        JsonNode references = body.path("image");
        int referenceCount = references.isMissingNode() ? 0 : references.isArray() ? references.size() : 1;
        for (JsonNode reference : references.isArray() ? references : json.createArrayNode().add(references)) {
            String value = reference.asText("");
            if (!references.isMissingNode() && !(value.startsWith("https://") || value.startsWith("http://")
                    || value.startsWith("data:image/"))) {
                return invalid(exchange, "image", "an item that is neither a URL nor base64 image data");
            }
        }
        if (referenceCount > 14) {
            return invalid(exchange, "image", referenceCount + " images (at most 14)");
        }
        int images = "auto".equals(sequential) ? Math.min(maxImages, 15 - referenceCount) : 1;
        return Optional.of(new Request(prompt, size.get(), format, responseFormat.equals("b64_json"), images,
                watermark.asBoolean(true)));
    }

    private Optional<Request> invalid(HttpExchange exchange, String parameter, String value) throws IOException {
        error(exchange, 400, "InvalidParameter", "The parameter `" + parameter + "` specified in the request is not valid: "
                + value + ".");
        return Optional.empty();
    }

    private static Optional<int[]> size(Model model, String value) {
        Matcher m = SIZE.matcher(model.presets().getOrDefault(value, value));
        if (!m.matches()) {
            return Optional.empty();
        }
        long width = Long.parseLong(m.group(1));
        long height = Long.parseLong(m.group(2));
        long pixels = width * height;
        boolean aspectOk = width * 16 >= height && height * 16 >= width;
        if (pixels < model.minPixels() || pixels > model.maxPixels() || !aspectOk) {
            return Optional.empty();
        }
        return Optional.of(new int[] {(int) width, (int) height});
    }

    private void answer(HttpExchange exchange, Generation generation, boolean breakHalfway) throws IOException {
        Request request = generation.request();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String size = request.size()[0] + "x" + request.size()[1];
        write(out, "{\"model\":\"seedream\",\"created\":" + System.currentTimeMillis() / 1000 + ",\"data\":[");
        for (int position = 1; position <= request.images(); position++) {
            if (position > 1) {
                write(out, ",");
            }
            if (generation.fails(position)) {
                write(out, "{\"error\":{\"code\":\"OutputImageSensitiveContentDetected\",\"message\":"
                        + "\"The generated image may contain sensitive information.\"}}");
            } else if (request.inline()) {
                write(out, "{\"b64_json\":\"");
                OutputStream base64 = Base64.getEncoder().wrap(new NonClosing(out));
                base64.write(picture(generation, position));
                base64.close();
                write(out, "\",\"size\":\"" + size + "\"}");
            } else {
                write(out, "{\"url\":\"" + fileUrl(generation, position) + "\",\"size\":\"" + size + "\"}");
            }
            if (breakHalfway) {
                out.flush();
                throw new BrokenOnPurpose("answer broken on purpose");
            }
        }
        write(out, "],\"usage\":{\"generated_images\":" + generation.billed() + ",\"output_tokens\":"
                + generation.billed() * 16384 + ",\"total_tokens\":" + generation.billed() * 16384 + "}}");
    }

    private String fileUrl(Generation generation, int position) {
        String host = config.outputHost == null ? "127.0.0.1" : config.outputHost;
        return "http://" + host + ":" + port() + "/files/" + generation.id() + "/" + position + "."
                + generation.request().format();
    }

    private void serveFile(HttpExchange exchange, String id, int position, String ext) throws IOException {
        tally("file");
        String key = config.key;
        boolean credentials = exchange.getRequestHeaders().containsKey("Authorization")
                || exchange.getRequestURI().toString().contains(key)
                || exchange.getRequestHeaders().values().stream().flatMap(List::stream).anyMatch(v -> v.contains(key));
        if (credentials) {
            downloadsWithCredentials.incrementAndGet();
        }
        Generation generation = generations.get(id);
        if (generation == null || position < 1 || position > generation.request().images() || generation.fails(position)
                || !generation.request().format().equals(ext) || roll(Faults.Kind.EXPIRE)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        byte[] bytes = picture(generation, position);
        boolean truncate = roll(Faults.Kind.TRUNCATE);
        if (truncate) {
            tally("truncated");
        }
        Exchanges.sendPicture(exchange, bytes, ext, truncate);
    }

    private byte[] picture(Generation generation, int position) {
        Request request = generation.request();
        long look = config.realisticSizes ? 0 : Math.floorMod(request.prompt().hashCode() + position, 4);
        String key = request.size()[0] + "x" + request.size()[1] + "." + request.format() + "#" + look + request.watermark();
        return pictures.get(key, () -> PlaceholderImage.render(request.size()[0], request.size()[1],
                request.format(), look, request.watermark(), config.realisticSizes));
    }

    private boolean authorized(HttpExchange exchange) {
        return Exchanges.hasBearer(exchange, config.key);
    }

    private boolean roll(Faults.Kind kind) {
        return dice.roll(faults.probability(kind));
    }

    private Map<String, Object> stats() {
        Map<String, Object> countsNow = new TreeMap<>();
        counts.forEach((kind, n) -> countsNow.put(kind, n.get()));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", countsNow);
        stats.put("billed_images", billedImages.get());
        stats.put("downloads_with_credentials", downloadsWithCredentials.get());
        return stats;
    }

    private void tally(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("message", message + " Request id: " + UUID.randomUUID());
        detail.put("param", "");
        detail.put("type", status == 401 ? "Unauthorized" : status == 429 ? "TooManyRequests" : "BadRequest");
        sendJson(exchange, status, Map.of("error", detail));
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        Exchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a model accepts: pixel range, whether it takes output_format, its named sizes. */
    private record Model(long minPixels, long maxPixels, boolean choosesFormat, Map<String, String> presets) {
    }

    private record Request(String prompt, int[] size, String format, boolean inline, int images, boolean watermark) {
    }

    private record Generation(String id, Request request) {

        /** With {@link #PARTIAL_MARKER}, the second image fails (the only one when there is one). */
        boolean fails(int position) {
            return request.prompt().contains(PARTIAL_MARKER) && position == Math.min(2, request.images());
        }

        int billed() {
            return request.prompt().contains(PARTIAL_MARKER) ? request.images() - 1 : request.images();
        }
    }

    /** One generation call the emulator ran: its id, the body as received, and what it made. */
    public record Call(String id, String body, boolean watermark, int images) {
    }

    /** Lets the base64 encoder finish its padding without closing the answer. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Emulator settings; everything has a default. */
    public static final class Builder {
        private String key = "emulator-ark-key";
        private int port;
        private Faults faults = Faults.NONE;
        private long seed = 42;
        private boolean overdue;
        private Duration latency = Duration.ZERO;
        private String outputHost;
        private boolean realisticSizes;

        private Builder() {
        }

        /**
         * Draw noise instead of shapes, so files are as large as real pictures (a 4704x2016 PNG is
         * about 28 MB): for memory benchmarks. Every image of a size is then the same picture.
         */
        public Builder realisticSizes(boolean value) {
            this.realisticSizes = value;
            return this;
        }

        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder faults(Faults value) {
            this.faults = value;
            return this;
        }

        /** Faults as {@code name=probability,…} ({@link Faults#parse}); an unknown name is an IllegalArgumentException. */
        public Builder faults(String spec) {
            return faults(Faults.parse(spec));
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Refuse every generation with AccountOverdueError (HTTP 403), as ModelArk does for an unpaid balance. */
        public Builder overdue(boolean value) {
            this.overdue = value;
            return this;
        }

        /** How long a generation takes before the answer starts (default none). */
        public Builder latency(Duration value) {
            this.latency = value;
            return this;
        }

        /** Serve image URLs under another host name for this same server (such as {@code localhost}). */
        public Builder outputHost(String value) {
            this.outputHost = value;
            return this;
        }

        public ModelArkEmulator start() {
            try {
                return new ModelArkEmulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("the ModelArk emulator could not listen on port " + port + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
