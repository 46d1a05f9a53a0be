package dev.easel.adapter.mcp;

import dev.easel.core.error.EaselException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FileInput;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.CancelReport;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.LocalFile;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase.FieldFile;
import dev.easel.core.port.in.TrackJobsUseCase;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Easel's MCP tools: generate with any model (validated by its schema before anything is paid),
 * read, list, search and cancel jobs, list models and read a model's schema. Every handler calls
 * core use cases only; expected failures come back as tool errors an agent can read and act on.
 */
final class EaselTools {

    static final String GENERATE = "generate_image";
    static final String GET_JOB = "get_job";
    static final String LIST_JOBS = "list_jobs";
    static final String CANCEL_JOB = "cancel_job";
    static final String LIST_MODELS = "list_models";
    static final String GET_SCHEMA = "get_model_schema";

    static final Duration DEFAULT_TIMEOUT = GenerateCommand.DEFAULT_TIMEOUT;
    static final int MAX_TIMEOUT_SECONDS = 3600;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;
    /** Where the HTTP transport puts the caller's job slots (a {@code Supplier<Optional<Runnable>>}). */
    static final String JOB_SLOTS = "easel.job-slots";
    /** The transport context's key for the name of the caller's API key (HTTP on a server with keys). */
    static final String REQUESTED_BY = "easel.requested-by";
    /** At most this many previews ride along in one result; the rest are named and linked. */
    static final int MAX_PREVIEWS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EaselTools.class);

    private final McpUseCases useCases;
    private final JobViews views;
    private final McpJsonMapper json;
    private final Consumer<Job> onStored;
    private final ModelDescription defaultModel;
    private final Optional<PrepareFileInputsUseCase> localFiles;

    /** @param localFiles how {@code @path} values of file inputs are read, for a local agent only (stdio); empty over HTTP */
    EaselTools(McpUseCases useCases, ImageLocator locator, McpJsonMapper json, Consumer<Job> onStored,
               Optional<PrepareFileInputsUseCase> localFiles) {
        this.useCases = useCases;
        this.localFiles = localFiles;
        this.views = new JobViews(locator);
        this.json = json;
        this.onStored = onStored;
        this.defaultModel = defaultModel(useCases);
    }

    List<SyncToolSpecification> all() {
        ModelDescription model = defaultModel;
        return List.of(
                tool(GENERATE, "Generate images",
                        "Generate images with a hosted model and wait until they are stored. The inputs below are those of "
                                + model.id() + " (the default model). For another model, set \"model\" and give that model's"
                                + " inputs as further arguments (get_model_schema shows them). Inputs are checked against the"
                                + " model's schema first: invalid input is refused with every problem named, and nothing is"
                                + " paid. The result names each stored file and carries a small preview.",
                        generateSchema(model), false, this::generate),
                tool(GET_JOB, "Read a job",
                        "One job by its Easel job id or the provider's request id: state, inputs, stored files, and what"
                                + " the provider says of it now.",
                        object(Map.of("id", string("Easel job id or provider request id")), List.of("id")), true, this::getJob),
                tool(LIST_JOBS, "List and search jobs",
                        "Journaled jobs, newest first, optionally only those whose prompt contains some text, in some"
                                + " states, or of one model.",
                        object(listJobsProperties(), List.of()), true, this::listJobs),
                tool(CANCEL_JOB, "Cancel a job",
                        "Cancel a job that is still queued at the provider. A running job cannot be cancelled and is"
                                + " reported so.",
                        object(Map.of("id", string("Easel job id or provider request id")), List.of("id")), false, this::cancel),
                tool(LIST_MODELS, "List models",
                        "The models the provider offers, optionally only those whose id, name or summary contains some text.",
                        object(Map.of("search", string("text to look for (any case)")), List.of()), true, this::listModels),
                tool(GET_SCHEMA, "Read a model's inputs",
                        "A model's inputs as JSON Schema: types, allowed values, ranges, defaults and which are required.",
                        object(Map.of("model", string("a model id from list_models")), List.of("model")), true,
                        this::schema));
    }

    private static ModelDescription defaultModel(McpUseCases useCases) {
        List<ModelDescription> models = useCases.models().models();
        return models.stream().filter(m -> m.id().equals(SeedreamLiteTextToImage.MODEL)).findFirst()
                .or(() -> models.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("the provider's catalog lists no model"));
    }

    private SyncToolSpecification tool(String name, String title, String description, Map<String, Object> schema,
                                       boolean readOnly,
                                       BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        Tool tool = Tool.builder().name(name).title(title).description(description).inputSchema(schema)
                .annotations(new ToolAnnotations(title, readOnly, false, readOnly, true, null))
                .build();
        return new SyncToolSpecification(tool, (exchange, request) -> guarded(name, () -> handler.apply(exchange, request)));
    }

    private CallToolResult guarded(String name, Supplier<CallToolResult> call) {
        try {
            return call.get();
        } catch (InvalidRequestException e) {
            return error(invalid(e.violations()));
        } catch (EaselException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("tool {} failed", name, e);
            return error(name + " failed inside Easel: " + e.getClass().getSimpleName() + "; see the server's log");
        }
    }

    static String invalid(List<Violation> violations) {
        StringBuilder text = new StringBuilder("Invalid input, nothing was submitted (")
                .append(violations.size()).append(violations.size() == 1 ? " problem):" : " problems):");
        for (Violation violation : violations) {
            text.append("\n- ").append(violation.message());
        }
        return text.toString();
    }

    private CallToolResult generate(McpSyncServerExchange exchange, CallToolRequest request) {
        Map<String, Object> inputs = new LinkedHashMap<>(arguments(request));
        Object model = inputs.remove("model");
        Object timeout = inputs.remove("timeout_seconds");
        List<Violation> violations = new ArrayList<>();
        ModelId modelId = model == null ? defaultModel.id() : modelId(model, violations);
        Duration wait = timeout(timeout, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (localFiles.isPresent()) {
            inputs = withLocalFiles(useCases.models().describe(modelId).inputs(), inputs, localFiles.get());
        }
        Optional<Runnable> slot = jobSlot(exchange);
        if (slot.isEmpty()) {
            return error("This key already has as many jobs in flight as it may (EASEL_MAX_ACTIVE_PER_KEY);"
                    + " nothing was submitted: wait for one to finish.");
        }
        Job job;
        try {
            job = useCases.generation().generate(requestedBy(exchange, new GenerateCommand(modelId, inputs, wait)),
                    new Progress(exchange, request.progressToken()));
        } finally {
            slot.get().run();
        }
        if (job.state() == JobState.STORED) {
            onStored.accept(job);
            return stored(job);
        }
        if (job.state().isTerminal()) {
            return CallToolResult.builder().isError(true)
                    .addTextContent("Job " + job.id() + " ended " + job.state() + (job.note().isBlank() ? "" : ": " + job.note()))
                    .addTextContent(write(views.job(job, Optional.empty())))
                    .build();
        }
        return CallToolResult.builder()
                .addTextContent("Job " + job.id() + " is still " + job.state() + " after " + wait.toSeconds()
                        + " s; it stays journaled. Ask get_job for it later.")
                .addTextContent(write(views.job(job, Optional.empty())))
                .build();
    }

    /**
     * Values {@code @/path/to/file} of a model's file inputs, alone or in a list, become the files'
     * checked data URIs or pre-signed links (as {@code easel generate --param image=@file} does).
     * Every unreadable file is named at once; nothing is submitted then.
     */
    private static Map<String, Object> withLocalFiles(InputSchema schema, Map<String, Object> inputs,
                                                      PrepareFileInputsUseCase files) {
        List<FieldFile> local = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        for (FieldSpec field : schema.fileInputs()) {
            Object value = inputs.get(field.name());
            for (Object item : value instanceof List<?> list ? list : value == null ? List.of() : List.of(value)) {
                if (item instanceof String text && text.startsWith("@")) {
                    Path path = Path.of(text.substring(1));
                    try {
                        long size = Files.size(path);
                        local.add(new FieldFile(field.name(), new LocalFile(path.toString(), size, () -> Files.newInputStream(path))));
                    } catch (IOException | InvalidPathException e) {
                        problems.add(new Violation(field.name(), text, "is not a readable file"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (local.isEmpty()) {
            return inputs;
        }
        Iterator<FileInput> prepared = files.prepare(local).iterator();
        Map<String, Object> resolved = new LinkedHashMap<>(inputs);
        for (FieldSpec field : schema.fileInputs()) {
            Object value = inputs.get(field.name());
            if (value instanceof List<?> list) {
                resolved.put(field.name(), list.stream()
                        .map(item -> item instanceof String t && t.startsWith("@") ? (Object) prepared.next() : item).toList());
            } else if (value instanceof String text && text.startsWith("@")) {
                resolved.put(field.name(), prepared.next());
            }
        }
        return resolved;
    }

    /** The command as asked for by the caller's API key, when the transport names one (HTTP with keys). */
    private static GenerateCommand requestedBy(McpSyncServerExchange exchange, GenerateCommand command) {
        Object name = exchange.transportContext() == null ? null : exchange.transportContext().get(REQUESTED_BY);
        return name instanceof String key ? command.requestedBy(key) : command;
    }

    /**
     * One of the caller's job slots, when the transport limits them (HTTP); a slot that gives nothing
     * back otherwise (stdio: one local agent). Empty when the caller is at its limit.
     */
    private static Optional<Runnable> jobSlot(McpSyncServerExchange exchange) {
        Object slots = exchange.transportContext() == null ? null : exchange.transportContext().get(JOB_SLOTS);
        if (!(slots instanceof Supplier<?> supplier)) {
            return Optional.of(() -> { });
        }
        return supplier.get() instanceof Optional<?> taken && taken.orElse(null) instanceof Runnable release
                ? Optional.of(release)
                : Optional.empty();
    }

    private CallToolResult stored(Job job) {
        CallToolResult.Builder result = CallToolResult.builder();
        StringBuilder text = new StringBuilder("Job " + job.id() + " stored " + job.images().size()
                + (job.images().size() == 1 ? " image:" : " images:"));
        for (StoredImage image : job.images()) {
            text.append("\n").append(views.image(image).get("file"))
                    .append(" (").append(image.width()).append('x').append(image.height()).append(")");
        }
        result.addTextContent(text.toString());
        result.addTextContent(write(views.job(job, Optional.empty())));
        job.images().stream().limit(MAX_PREVIEWS).forEach(image -> preview(image).ifPresent(result::addContent));
        for (StoredImage image : job.images()) {
            result.addContent(ResourceLink.builder().name(image.key()).uri(JobViews.uri(image))
                    .mimeType(image.mediaType().mime()).size(image.bytes())
                    .description(image.width() + "x" + image.height() + " " + image.mediaType().extension())
                    .build());
        }
        return result.build();
    }

    private Optional<ImageContent> preview(StoredImage image) {
        try (InputStream bytes = useCases.gallery().open(image.key())) {
            return Previews.jpeg(bytes)
                    .map(jpeg -> new ImageContent(null, Base64.getEncoder().encodeToString(jpeg), "image/jpeg"));
        } catch (IOException | EaselException e) {
            LOG.warn("no preview of {}: {}", image.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private CallToolResult getJob(McpSyncServerExchange exchange, CallToolRequest request) {
        TrackJobsUseCase.JobStatus status = useCases.tracking().status(requiredString(request, "id"));
        return text(write(views.job(status.job(), status.live())));
    }

    private CallToolResult listJobs(McpSyncServerExchange exchange, CallToolRequest request) {
        Map<String, Object> args = arguments(request);
        List<Violation> violations = new ArrayList<>();
        String search = optionalString(args, "search", violations).orElse(null);
        String model = optionalString(args, "model", violations).orElse(null);
        List<String> states = states(args.get("state"), violations);
        int limit = integer(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        JobQuery query = JobQuery.newest(limit).withText(search).withStates(JobQuery.parseStates(states));
        if (model != null) {
            query = query.withModel(ModelId.of(model));
        }
        List<Map<String, Object>> page = useCases.tracking().search(query).jobs().stream().map(views::summary).toList();
        return text(write(Map.of("jobs", page, "count", page.size())));
    }

    private CallToolResult cancel(McpSyncServerExchange exchange, CallToolRequest request) {
        CancelReport report = useCases.cancellation().cancel(requiredString(request, "id"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", report.outcome().name());
        view.put("message", report.message());
        report.job().ifPresent(job -> view.put("job", views.summary(job)));
        return text(write(view));
    }

    private CallToolResult listModels(McpSyncServerExchange exchange, CallToolRequest request) {
        List<Violation> violations = new ArrayList<>();
        String search = optionalString(arguments(request), "search", violations)
                .map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        List<Map<String, Object>> models = useCases.models().models().stream()
                .filter(m -> (m.id().value() + " " + m.name() + " " + m.summary()).toLowerCase(Locale.ROOT).contains(search))
                .map(m -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", m.id().value());
                    view.put("name", m.name());
                    view.put("summary", m.summary());
                    view.put("inputs", m.inputs().fieldNames());
                    return view;
                })
                .toList();
        return text(write(Map.of("models", models)));
    }

    private CallToolResult schema(McpSyncServerExchange exchange, CallToolRequest request) {
        List<Violation> violations = new ArrayList<>();
        ModelId id = modelId(arguments(request).get("model"), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        ModelDescription model = useCases.models().describe(id);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model", model.id().value());
        view.put("name", model.name());
        view.put("summary", model.summary());
        view.put("input_schema", JsonSchemas.of(model.inputs()));
        return text(write(view));
    }

    /** The default model's inputs at the top level, plus the model and how long to wait; other models' inputs pass too. */
    private static Map<String, Object> generateSchema(ModelDescription model) {
        InputSchema inputs = model.inputs();
        Map<String, Object> schema = JsonSchemas.of(inputs);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        Map<String, Object> modelProperty = string("the model to run (list_models); its inputs are the other arguments");
        modelProperty.put("default", model.id().value());
        properties.put("model", modelProperty);
        Map<String, Object> timeout = new LinkedHashMap<>();
        timeout.put("type", "integer");
        timeout.put("description", "how long to wait for the images, in seconds; the job stays journaled after that");
        timeout.put("minimum", 1);
        timeout.put("maximum", MAX_TIMEOUT_SECONDS);
        timeout.put("default", DEFAULT_TIMEOUT.toSeconds());
        properties.put("timeout_seconds", timeout);
        schema.put("properties", properties);
        schema.put("additionalProperties", true);
        return schema;
    }

    private static Map<String, Object> listJobsProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("search", string("text the prompt contains (any case)"));
        Map<String, Object> state = string("only jobs in these states, comma-separated: "
                + String.join(", ", Stream.concat(Stream.of(JobState.values()).map(Enum::name), Stream.of("UNFINISHED")).toList()));
        properties.put("state", state);
        properties.put("model", string("only jobs of this model id"));
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("type", "integer");
        limit.put("minimum", 1);
        limit.put("maximum", MAX_LIMIT);
        limit.put("default", DEFAULT_LIMIT);
        properties.put("limit", limit);
        return properties;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> string(String description) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", "string");
        property.put("description", description);
        return property;
    }

    private static Map<String, Object> arguments(CallToolRequest request) {
        return request.arguments() == null ? Map.of() : request.arguments();
    }

    private static ModelId modelId(Object given, List<Violation> violations) {
        if (given == null) {
            return null;
        }
        if (!(given instanceof String text) || text.isBlank()) {
            violations.add(new Violation("model", given, "must be a model id such as " + SeedreamLiteTextToImage.MODEL));
            return null;
        }
        try {
            return ModelId.of(text.trim());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("model", given, "is not a model id: " + e.getMessage()));
            return null;
        }
    }

    private static Duration timeout(Object given, List<Violation> violations) {
        if (given == null) {
            return DEFAULT_TIMEOUT;
        }
        if (given instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.longValue() >= 1 && n.longValue() <= MAX_TIMEOUT_SECONDS) {
            return Duration.ofSeconds(n.longValue());
        }
        violations.add(new Violation("timeout_seconds", given, "must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS));
        return DEFAULT_TIMEOUT;
    }

    private static String requiredString(CallToolRequest request, String name) {
        Object value = arguments(request).get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw InvalidRequestException.of(name, value, "is required: give it as a non-empty string");
        }
        return text.trim();
    }

    private static Optional<String> optionalString(Map<String, Object> args, String name, List<Violation> violations) {
        Object value = args.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            violations.add(new Violation(name, value, "must be a string"));
            return Optional.empty();
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    private static List<String> states(Object given, List<Violation> violations) {
        if (given == null) {
            return List.of();
        }
        if (!(given instanceof String text)) {
            violations.add(new Violation("state", given, "must be a string of comma-separated states"));
            return List.of();
        }
        List<String> states = new ArrayList<>();
        for (String part : text.split(",")) {
            String state = part.trim().toUpperCase(Locale.ROOT);
            if (state.isEmpty()) {
                continue;
            }
            boolean known = state.equals("UNFINISHED") || Stream.of(JobState.values()).anyMatch(s -> s.name().equals(state));
            if (known) {
                states.add(state);
            } else {
                violations.add(new Violation("state", part.trim(), "is not one of: "
                        + String.join(", ", Stream.of(JobState.values()).map(Enum::name).toList()) + ", UNFINISHED"));
            }
        }
        return states;
    }

    private static int integer(Map<String, Object> args, String name, int fallback, int min, int max,
                               List<Violation> violations) {
        Object value = args.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.longValue() >= min && n.longValue() <= max) {
            return n.intValue();
        }
        violations.add(new Violation(name, value, "must be an integer from " + min + " to " + max));
        return fallback;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addContent(new TextContent(text)).build();
    }

    private static CallToolResult error(String text) {
        return CallToolResult.builder().isError(true).addContent(new TextContent(text)).build();
    }

    /**
     * Sends an MCP progress notification whenever the job's state or queue position changes, when
     * the client asked for progress. Never throws into the job's thread.
     */
    private static final class Progress implements JobListener {
        private final McpSyncServerExchange exchange;
        private final Object token;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicReference<String> last = new AtomicReference<>("");

        Progress(McpSyncServerExchange exchange, Object token) {
            this.exchange = exchange;
            this.token = token;
        }

        @Override
        public void onChange(Job job) {
            send("job " + job.id() + " " + job.state());
        }

        @Override
        public void onStatus(Job job, ProviderStatus status) {
            status.queuePosition().ifPresent(p -> send("job " + job.id() + " " + job.state() + ", queue position " + p));
        }

        /** Synchronized so that notifications leave in the order of their numbers, whichever thread reports. */
        private synchronized void send(String message) {
            if (token == null || last.getAndSet(message).equals(message)) {
                return;
            }
            try {
                exchange.progressNotification(new ProgressNotification(token, count.incrementAndGet(), null, message));
            } catch (RuntimeException e) {
                LOG.debug("progress not sent: {}", e.getMessage());
            }
        }
    }
}
