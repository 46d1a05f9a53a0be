package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.easel.adapter.support.ApiBase;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.out.ModelCatalog;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.Retryer;
import feign.jackson.JacksonDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RunComfy's live catalog ({@code GET /v1/models}, {@code GET /v1/models/{id}}), cached in a file
 * for a lifetime so that a fresh cache answers without the network. When the cache is stale it is
 * refreshed; when RunComfy cannot be reached (or refuses the token), the stale cache answers, then
 * the bundled snapshot, and one notice says so. Entries are cached as RunComfy sent them and read
 * with {@link CatalogEntries}, so nothing a catalog publishes makes a command fail.
 */
public final class RunComfyModelCatalog implements ModelCatalog {

    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(RunComfyModelCatalog.class);
    private static final int PAGE = 100;
    private static final String FETCHED_AT = "easel_fetched_at";
    /** A catalog answering more pages than this is not a catalog Easel should follow further. */
    private static final int MAX_PAGES = 50;

    private final URI baseUrl;
    private final ApiToken token;
    private final Request.Options timeouts;
    private final ModelCatalog givenFallback;
    private final Path cacheFile;
    private final Duration lifetime;
    private final Clock clock;
    private final Consumer<String> notices;
    private final SecretScrubber scrubber;
    private final boolean hasToken;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private Cache cache;
    /** Entries of {@link #cache} already read, by model id; emptied whenever the cache changes. */
    private final Map<String, Optional<Entry>> read = new HashMap<>();
    private boolean noticed;
    /** The models whose entry one caller is fetching now, by id: the others get the stale entry, or wait for it. */
    private final Map<String, CompletableFuture<Optional<JsonNode>>> fetching = new HashMap<>();
    /** The listing of the whole catalog one caller is running now; the others wait for it. */
    private CompletableFuture<ArrayNode> listing;
    /** Why RunComfy gave no answer when last asked, and when; null once {@link #RETRY_AFTER} has passed. */
    private Unreachable unreachable;
    private Instant unreachableSince;
    /** Made on first use, like the bundled snapshot: a command answered from a fresh cache needs neither. */
    private RunComfyCatalogApi api;
    private ModelCatalog fallback;

    private RunComfyModelCatalog(Builder builder) {
        this.lifetime = builder.lifetime;
        this.clock = builder.clock;
        this.baseUrl = builder.baseUrl;
        this.token = builder.token;
        this.timeouts = new Request.Options(builder.connectTimeout, builder.readTimeout, false);
        this.givenFallback = builder.fallback;
        this.notices = builder.notices;
        this.cacheFile = builder.cacheFolder == null ? null
                : builder.cacheFolder.resolve("runcomfy-" + digest(builder.baseUrl.toString()) + ".json");
        this.scrubber = builder.token == null ? SecretScrubber.of("") : builder.token.scrubber();
        this.hasToken = token != null;
    }

    private RunComfyCatalogApi api() {
        if (api == null) {
            api = Feign.builder()
                    .client(new Client.Default(null, null))
                    .decoder(new JacksonDecoder(json))
                    .retryer(Retryer.NEVER_RETRY)
                    .options(timeouts)
                    .requestInterceptor(template -> {
                        template.header("Accept", "application/json").header("User-Agent", "easel/0.1");
                        if (token != null) {
                            template.header("Authorization", "Bearer " + token.reveal());
                        }
                    })
                    .target(RunComfyCatalogApi.class, baseUrl.toString());
        }
        return api;
    }

    private ModelCatalog fallback() {
        if (fallback == null) {
            fallback = givenFallback != null ? givenFallback : BundledModelCatalog.load();
        }
        return fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ModelDescription> models() {
        return search(null, null);
    }

    /**
     * Answers from a fresh cache at once. Otherwise asks RunComfy, without holding this catalog's
     * lock meanwhile (a server's submits look their models up here): the whole catalog is listed by
     * one caller at a time, the others wait for that listing. When RunComfy gave no answer less than
     * {@link #RETRY_AFTER} ago, the cache or the bundled snapshot answers without asking.
     */
    @Override
    public List<ModelDescription> search(String text, String category) {
        boolean everything = (text == null || text.isBlank()) && (category == null || category.isBlank());
        CompletableFuture<ArrayNode> listed;
        boolean mine = false;
        RunComfyCatalogApi client = null;
        synchronized (this) {
            Cache known = cache();
            if (known != null && known.complete() && fresh(known.fetchedAt())) {
                return filter(CatalogEntries.readAll(known.entries()), text, category);
            }
            if (stillUnreachable()) {
                return filter(offline(unreachable), text, category);
            }
            client = client();
            if (everything && listing != null) {
                listed = listing;
            } else {
                listed = new CompletableFuture<>();
                mine = true;
                if (everything) {
                    listing = listed;
                }
            }
        }
        if (mine) {
            fill(listed, client, text, category, everything);
        }
        try {
            return filter(CatalogEntries.readAll(listed.join()), text, category);
        } catch (CompletionException e) {
            synchronized (this) {
                return filter(offline(unreachable(e)), text, category);
            }
        }
    }

    /** Lists the catalog into {@code listed}; a whole listing is stamped and cached. */
    private void fill(CompletableFuture<ArrayNode> listed, RunComfyCatalogApi client, String text, String category,
                      boolean everything) {
        settle(listed, () -> {
            ArrayNode entries = list(client, text, category);
            if (everything) {
                Instant now = clock.instant();
                entries.forEach(entry -> stamp(entry, now));
                synchronized (this) {
                    save(new Cache(now, true, entries));
                }
            }
            return entries;
        }, () -> {
            if (listing == listed) {
                listing = null;
            }
        });
    }

    /**
     * Completes {@code result} with what {@code work} asks of RunComfy, or with its failure (remembering
     * a catalog that gave no answer), so that every caller waiting for it gets an answer; then runs
     * {@code done} under the lock.
     */
    private <T> void settle(CompletableFuture<T> result, java.util.function.Supplier<T> work, Runnable done) {
        try {
            result.complete(work.get());
        } catch (Unreachable e) {
            synchronized (this) {
                failed(e);
            }
            result.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (this) {
                done.run();
            }
        }
    }

    /**
     * A model's entry: from the cache while it is fresh; else fetched alone, by one caller at a time
     * per model and without holding this catalog's lock. Meanwhile the other callers get the stale
     * entry if there is one (a server's submits go on during the refresh), else wait for that fetch.
     * When RunComfy cannot answer, the stale entry, else the bundled snapshot, answers; when it gave no
     * answer at all (unreachable, timed out), it is not asked again for {@link #RETRY_AFTER}.
     */
    @Override
    public Optional<ModelDescription> find(ModelId id) {
        Optional<Entry> cached;
        CompletableFuture<Optional<JsonNode>> fetched;
        RunComfyCatalogApi client = null;
        boolean mine = false;
        synchronized (this) {
            cached = cachedEntry(id);
            if (cached.isPresent() && (fresh(cached.get().fetchedAt()) || fetching.containsKey(id.value()))) {
                return cached.get().model();
            }
            if (stillUnreachable()) {
                return offline(unreachable, id, cached);
            }
            fetched = fetching.get(id.value());
            if (fetched == null) {
                // The client first: if making it failed, no waiter would ever see this fetch end.
                client = client();
                fetched = new CompletableFuture<>();
                fetching.put(id.value(), fetched);
                mine = true;
            }
        }
        if (mine) {
            fetchInto(fetched, client, id);
        }
        try {
            return fetched.join().flatMap(CatalogEntries::read);
        } catch (CompletionException e) {
            synchronized (this) {
                return offline(unreachable(e), id, cached);
            }
        }
    }

    private void fetchInto(CompletableFuture<Optional<JsonNode>> fetched, RunComfyCatalogApi client, ModelId id) {
        settle(fetched, () -> {
            Optional<JsonNode> entry = fetch(client, id);
            synchronized (this) {
                entry.ifPresent(this::remember);
            }
            return entry;
        }, () -> fetching.remove(id.value(), fetched));
    }

    /** The client, made on first use; none without a token (the catalog is then never asked). */
    private RunComfyCatalogApi client() {
        return hasToken ? api() : null;
    }

    /** Why a listing or fetch that another caller ran failed; any other failure is passed on as it was. */
    private static Unreachable unreachable(CompletionException e) {
        if (e.getCause() instanceof Unreachable unreachable) {
            return unreachable;
        }
        if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw e;
    }

    /** How long a catalog that could not be reached is not asked again: the cache or the snapshot answers meanwhile. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private boolean stillUnreachable() {
        if (unreachable != null && Duration.between(unreachableSince, clock.instant()).compareTo(RETRY_AFTER) >= 0) {
            unreachable = null;
        }
        return unreachable != null;
    }

    /**
     * Remembers, until {@link #RETRY_AFTER} has passed, that RunComfy gave no answer at all. An answer
     * that refuses (an error status, a refused token) came quickly: the next look-up may ask again.
     */
    private void failed(Unreachable e) {
        if (e.noAnswer) {
            unreachable = e;
            unreachableSince = clock.instant();
        }
    }

    private Optional<ModelDescription> offline(Unreachable e, ModelId id, Optional<Entry> cached) {
        if (cached.isPresent()) {
            notice(e, "the cached catalog entry of " + cached.get().fetchedAt());
            return cached.get().model();
        }
        notice(e, "the catalog bundled with Easel");
        return fallback().find(id);
    }

    private List<ModelDescription> offline(Unreachable e) {
        Cache known = cache();
        if (known != null && !known.entries().isEmpty()) {
            notice(e, "the cached catalog" + (known.fetchedAt() == null ? "" : " of " + known.fetchedAt())
                    + (known.complete() ? "" : " and the catalog bundled with Easel"));
            List<ModelDescription> models = new ArrayList<>(CatalogEntries.readAll(known.entries()));
            if (!known.complete()) {
                fallback().models().stream().filter(m -> models.stream().noneMatch(c -> c.id().equals(m.id())))
                        .forEach(models::add);
            }
            return models;
        }
        notice(e, "the catalog bundled with Easel");
        return fallback().models();
    }

    private static List<ModelDescription> filter(List<ModelDescription> models, String text, String category) {
        return models.stream().filter(m -> m.matches(text) && m.inCategory(category)).toList();
    }

    private void requireToken() {
        if (!hasToken) {
            throw new Unreachable("no RunComfy API token is set (RUNCOMFY_API_TOKEN)");
        }
    }

    private ArrayNode list(RunComfyCatalogApi client, String text, String category) {
        requireToken();
        ArrayNode all = json.createArrayNode();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> query = new LinkedHashMap<>();
            putIfGiven(query, "search", text);
            putIfGiven(query, "category", category);
            query.put("include_schema", true);
            query.put("limit", PAGE);
            query.put("offset", all.size());
            JsonNode answer = call(() -> client.list(query));
            JsonNode models = answer.path("models");
            if (!models.isArray()) {
                throw new Unreachable("its catalog answer has no list of models");
            }
            models.forEach(all::add);
            long total = answer.path("total").asLong(-1);
            if (models.isEmpty() || models.size() < PAGE && total < 0 || total >= 0 && all.size() >= total) {
                return all;
            }
        }
        LOG.warn("RunComfy's catalog has more than {} models; Easel read the first {}", PAGE * MAX_PAGES, all.size());
        return all;
    }

    private Optional<JsonNode> fetch(RunComfyCatalogApi client, ModelId id) {
        requireToken();
        try {
            JsonNode answer = client.model(id.value());
            if (answer == null || answer.has("error_code")) {
                if (answer != null && answer.path("error_code").asInt() == 400001) {
                    return Optional.empty();
                }
                throw new Unreachable("it answered with an error");
            }
            JsonNode entry = answer.has("model") && answer.get("model").isObject() ? answer.get("model") : answer;
            if (!entry.has("model_id") && !entry.has("id") && entry.isObject()) {
                ((ObjectNode) entry).put("model_id", id.value());
            }
            return Optional.of(entry);
        } catch (FeignException e) {
            if (e.status() == 404 || e.status() == 400 && e.contentUTF8().contains("400001")) {
                return Optional.empty();
            }
            throw unreachable(e);
        }
    }

    private JsonNode call(java.util.function.Supplier<JsonNode> call) {
        try {
            JsonNode answer = call.get();
            if (answer == null || answer.has("error_code")) {
                throw new Unreachable("it answered with an error");
            }
            return answer;
        } catch (FeignException e) {
            throw unreachable(e);
        }
    }

    private Unreachable unreachable(FeignException e) {
        if (e.status() == 401 || e.status() == 403) {
            return new Unreachable("it refused the token (HTTP " + e.status() + ")");
        }
        if (e.status() > 0) {
            return new Unreachable("it answered HTTP " + e.status());
        }
        return new Unreachable("it cannot be reached (" + scrubber.scrub(String.valueOf(e.getMessage())) + ")", true);
    }

    private void notice(Unreachable e, String instead) {
        if (!noticed) {
            noticed = true;
            notices.accept("RunComfy's model catalog is not available: " + e.getMessage() + "; using " + instead);
        }
    }

    private boolean fresh(Instant fetchedAt) {
        return fetchedAt != null && Duration.between(fetchedAt, clock.instant()).compareTo(lifetime) < 0;
    }

    /** Each cached entry says when it was fetched, in a field of Easel's own that the reader ignores. */
    private static void stamp(JsonNode entry, Instant at) {
        if (entry instanceof ObjectNode object) {
            object.put(FETCHED_AT, at.toString());
        }
    }

    private static Instant fetchedAt(JsonNode entry) {
        try {
            return Instant.parse(entry.path(FETCHED_AT).asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The cached entry of a model, read once per cached catalog: a server looks its models up on every
     * submit (twice: the inputs' description, then the validation), and reading an entry's schema each
     * time cost more than the rest of the look-up.
     */
    private Optional<Entry> cachedEntry(ModelId id) {
        Cache known = cache();
        if (known == null) {
            return Optional.empty();
        }
        return read.computeIfAbsent(id.value(), key -> entry(known.entries(), id)
                .map(entry -> new Entry(fetchedAt(entry), CatalogEntries.read(entry))));
    }

    private static Optional<JsonNode> entry(ArrayNode entries, ModelId id) {
        for (JsonNode entry : entries) {
            String value = entry.path("model_id").asText(entry.path("id").asText(""));
            if (value.equals(id.value())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** A model fetched alone joins the cache with its own time, without making the listing look fresh. */
    private void remember(JsonNode entry) {
        Cache known = cache();
        ArrayNode entries = json.createArrayNode();
        String id = entry.path("model_id").asText(entry.path("id").asText(""));
        if (known != null) {
            known.entries().forEach(e -> {
                if (!e.path("model_id").asText(e.path("id").asText("")).equals(id)) {
                    entries.add(e);
                }
            });
        }
        stamp(entry, clock.instant());
        entries.add(entry);
        save(known == null ? new Cache(null, false, entries) : new Cache(known.fetchedAt(), known.complete(), entries));
    }

    private Cache cache() {
        if (cache == null && cacheFile != null && Files.isRegularFile(cacheFile)) {
            try {
                JsonNode tree = json.readTree(cacheFile.toFile());
                Instant listed = tree.path("fetched_at").isTextual() ? Instant.parse(tree.path("fetched_at").asText()) : null;
                cache = new Cache(listed, tree.path("complete").asBoolean(),
                        tree.path("models").isArray() ? (ArrayNode) tree.path("models") : json.createArrayNode());
            } catch (IOException | RuntimeException e) {
                LOG.warn("the cached model catalog {} cannot be read ({}); it will be fetched again", cacheFile, e.getMessage());
            }
        }
        return cache;
    }

    private void save(Cache value) {
        cache = value;
        read.clear();
        if (cacheFile == null) {
            return;
        }
        ObjectNode tree = json.createObjectNode();
        tree.put("fetched_at", value.fetchedAt() == null ? null : value.fetchedAt().toString());
        tree.put("complete", value.complete());
        tree.set("models", value.entries());
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temporary = Files.createTempFile(cacheFile.getParent(), ".catalog", ".tmp");
            try {
                Files.write(temporary, json.writeValueAsBytes(tree));
                try {
                    Files.move(temporary, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, cacheFile, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("the model catalog could not be cached in {}: {}", cacheFile, e.getMessage());
        }
    }

    private static void putIfGiven(Map<String, Object> query, String key, String value) {
        if (value != null && !value.isBlank()) {
            query.put(key, value.trim());
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Cache(Instant fetchedAt, boolean complete, ArrayNode entries) {
    }

    /** A cached entry as read: when it was fetched, and the model it describes (empty if unreadable). */
    private record Entry(Instant fetchedAt, Optional<ModelDescription> model) {
    }

    /** The catalog could not be read from RunComfy; the message says why, in a few words. */
    private static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** RunComfy gave no answer (it could not be reached, or did not answer in time): asking again soon would wait as long. */
        private final transient boolean noAnswer;

        Unreachable(String message) {
            this(message, false);
        }

        Unreachable(String message, boolean noAnswer) {
            super(message, null, false, false);
            this.noAnswer = noAnswer;
        }
    }

    /** Where the catalog lives and how long a copy of it stays fresh; everything but the base URL has a default. */
    public static final class Builder {
        private URI baseUrl = RunComfyProvider.DEFAULT_BASE_URL;
        private ApiToken token;
        private Path cacheFolder;
        private Duration lifetime = DEFAULT_LIFETIME;
        private Clock clock = Clock.systemUTC();
        /** Null: the bundled snapshot, read only when it must answer. */
        private ModelCatalog fallback;
        private Consumer<String> notices = LOG::warn;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(20);
        private boolean allowPlainHttp;

        private Builder() {
        }

        public Builder baseUrl(String value) {
            this.baseUrl = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            return this;
        }

        /** Without a token the catalog is not asked (RunComfy wants one on every call): the cache or snapshot answers. */
        public Builder token(String value) {
            this.token = value == null || value.isBlank() ? null : ApiToken.of(value);
            return this;
        }

        /** Where the cached copy is kept; null keeps it in memory only. */
        public Builder cacheFolder(Path value) {
            this.cacheFolder = value;
            return this;
        }

        public Builder lifetime(Duration value) {
            this.lifetime = Objects.requireNonNull(value, "lifetime");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** What answers when neither RunComfy nor the cache can (default: the bundled snapshot). */
        public Builder fallback(ModelCatalog value) {
            this.fallback = Objects.requireNonNull(value, "fallback");
            return this;
        }

        /** Receives the one line saying the catalog is offline (default: a warning on stderr). */
        public Builder notices(Consumer<String> value) {
            this.notices = Objects.requireNonNull(value, "notices");
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /** Plain HTTP to a base URL off this machine, for a test server only (EASEL_ALLOW_HTTP). */
        public Builder allowPlainHttp(boolean value) {
            this.allowPlainHttp = value;
            return this;
        }

        /** @throws ConfigurationException when the token would travel in clear to another machine */
        public RunComfyModelCatalog build() {
            if (token != null) {
                ApiBase.requireEncrypted("RUNCOMFY_BASE_URL", baseUrl, allowPlainHttp, "API token");
            }
            return new RunComfyModelCatalog(this);
        }
    }
}
