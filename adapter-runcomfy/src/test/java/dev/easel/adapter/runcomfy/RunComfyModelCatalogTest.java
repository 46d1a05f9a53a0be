package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.SchemaProblem;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.MutableClock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live catalog over real HTTP against the emulator's catalog: paging, search, cache lifetime, offline fallback. */
class RunComfyModelCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAINTER = "acme/painter/v2/text-to-image";

    @TempDir
    Path home;

    private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private RunComfyEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static JsonNode entry(String id, String category, Map<String, Object> schema) {
        return JSON.valueToTree(Map.of("model_id", id, "display_name", "Model " + id, "categories", List.of(category),
                "base_price_usd", 0.01, "price_unit", "image", "input_schema", schema));
    }

    private static JsonNode painter() {
        return entry(PAINTER, "text-to-image", Map.of("type", "object", "required", List.of("prompt"), "properties", Map.of(
                "prompt", Map.of("type", "string"),
                "width", Map.of("type", "integer", "minimum", 256, "maximum", 2048, "default", 1024),
                "height", Map.of("type", "integer", "minimum", 256, "maximum", 2048, "default", 1024))));
    }

    private void start(List<JsonNode> extra) {
        emulator = RunComfyEmulator.builder().models(extra).start();
    }

    private RunComfyModelCatalog catalog(String baseUrl) {
        return RunComfyModelCatalog.builder().baseUrl(baseUrl).token(emulator == null ? "test-token" : emulator.token()).cacheFolder(home.resolve("cache"))
                .lifetime(Duration.ofHours(1)).clock(clock).notices(notices::add)
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
    }

    private RunComfyModelCatalog catalog() {
        return catalog(emulator.baseUrl().toString());
    }

    @Test
    void listsEveryPageOfTheCatalogWithSchemasCategoriesAndPrices() {
        List<JsonNode> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add(entry("acme/model-" + i, "text-to-image", Map.of("properties", Map.of("prompt", Map.of("type", "string")))));
        }
        many.add(painter());
        start(many);

        List<ModelDescription> models = catalog().models();

        assertThat(models).hasSize(133);
        assertThat(emulator.calls("catalog")).isEqualTo(2);
        ModelDescription painter = models.stream().filter(m -> m.id().value().equals(PAINTER)).findFirst().orElseThrow();
        assertThat(painter.categories()).containsExactly("text-to-image");
        assertThat(painter.price()).hasToString("$0.01/image");
        assertThat(painter.inputs().field("width").orElseThrow().maximum()).isEqualByComparingTo("2048");
        assertThat(notices).isEmpty();
    }

    @Test
    void searchesByTextAndCategory() {
        start(List.of(painter()));
        RunComfyModelCatalog catalog = catalog();

        assertThat(catalog.search("painter", null)).extracting(m -> m.id().value()).containsExactly(PAINTER);
        assertThat(catalog.search(null, "image-to-image")).extracting(m -> m.id().value())
                .containsExactly("bytedance/seedream-5/lite/edit");
        assertThat(catalog.search("no such thing", null)).isEmpty();
    }

    @Test
    void aFreshCacheAnswersWithoutTheNetworkAndAStaleOneIsRefreshed() {
        start(List.of(painter()));
        assertThat(catalog().models()).hasSize(3);
        long calls = emulator.calls("catalog");

        RunComfyModelCatalog again = catalog();
        assertThat(again.models()).hasSize(3);
        assertThat(again.find(ModelId.of(PAINTER))).isPresent();
        assertThat(again.search("painter", null)).hasSize(1);
        assertThat(emulator.calls("catalog")).isEqualTo(calls);

        clock.advance(Duration.ofMinutes(61));
        assertThat(catalog().models()).hasSize(3);
        assertThat(emulator.calls("catalog")).isEqualTo(calls + 1);
    }

    @Test
    void aServersCatalogReadsEachCachedEntryOnceAndStillRefreshesItWhenStale() {
        start(List.of(painter()));
        RunComfyModelCatalog catalog = catalog();
        assertThat(catalog.models()).hasSize(3);
        long calls = emulator.calls("catalog");

        ModelDescription first = catalog.find(ModelId.of(PAINTER)).orElseThrow();
        assertThat(catalog.find(ModelId.of(PAINTER))).as("read once, not on every submit").containsSame(first);
        assertThat(emulator.calls("catalog")).isEqualTo(calls);

        clock.advance(Duration.ofMinutes(61));
        assertThat(catalog.find(ModelId.of(PAINTER))).isPresent();
        assertThat(emulator.calls("catalog")).as("a stale entry is fetched again").isEqualTo(calls + 1);
        assertThat(catalog.find(ModelId.of(PAINTER))).isPresent();
        assertThat(emulator.calls("catalog")).as("and is fresh after that").isEqualTo(calls + 1);
    }

    @Test
    void findsAModelOutsideTheCacheByAskingForItAlone() {
        start(List.of(painter()));
        RunComfyModelCatalog catalog = catalog();

        FieldSpec width = catalog.find(ModelId.of(PAINTER)).orElseThrow().inputs().field("width").orElseThrow();
        assertThat(width.type()).isEqualTo(FieldType.INTEGER);
        assertThat(catalog.find(ModelId.of("acme/none"))).isEmpty();
        assertThat(emulator.calls("catalog")).isEqualTo(2);
        assertThat(catalog().find(ModelId.of(PAINTER))).isPresent();
        assertThat(emulator.calls("catalog")).isEqualTo(2);
    }

    @Test
    void offlineTheStaleCacheAnswersAndSaysSoOnce() {
        start(List.of(painter()));
        catalog().models();
        String base = emulator.baseUrl().toString();
        emulator.close();
        clock.advance(Duration.ofDays(2));

        RunComfyModelCatalog offline = catalog(base);
        assertThat(offline.models()).extracting(m -> m.id().value()).contains(PAINTER);
        assertThat(offline.find(ModelId.of(PAINTER))).isPresent();
        assertThat(notices).singleElement().asString()
                .startsWith("RunComfy's model catalog is not available: it cannot be reached")
                .contains("using the cached catalog of 2026-05-01T10:00:00Z");
    }

    @Test
    void whileOneCallerRefreshesAStaleEntryTheOthersGetTheStaleOneAtOnce() throws Exception {
        CountDownLatch asked = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer catalogServer = server(exchange -> {
            // The first answer at once; the refresh (the second request) only once the test releases it.
            if (requests.incrementAndGet() == 2) {
                asked.countDown();
                await(release);
            }
            asked.countDown();
            answer(exchange, 200, JSON.writeValueAsBytes(painter()));
        });
        try {
            RunComfyModelCatalog catalog = catalog("http://127.0.0.1:" + catalogServer.getAddress().getPort());
            ModelDescription first = catalog.find(ModelId.of(PAINTER)).orElseThrow();
            clock.advance(Duration.ofMinutes(61));

            CompletableFuture<Optional<ModelDescription>> refreshing = CompletableFuture.supplyAsync(() -> catalog.find(ModelId.of(PAINTER)));
            assertThat(asked.await(20, TimeUnit.SECONDS)).as("the refresh reached the server").isTrue();
            // The refresh is held at the server: a submit looking the model up meanwhile must not wait for it.
            Optional<ModelDescription> meanwhile = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> catalog.find(ModelId.of(PAINTER)));
            assertThat(meanwhile).as("the stale entry").contains(first);
            assertThat(requests.get()).as("no second refresh").isEqualTo(2);
            assertThat(refreshing).isNotDone();
            release.countDown();
            assertThat(refreshing.get(20, TimeUnit.SECONDS)).isPresent();
            assertThat(requests.get()).as("one refresh").isEqualTo(2);
        } finally {
            release.countDown();
            catalogServer.stop(0);
            ((java.util.concurrent.ExecutorService) catalogServer.getExecutor()).shutdownNow();
        }
    }

    @Test
    void aCatalogThatGivesNoAnswerIsAskedAgainOnlyAfterAMinute() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread hangingUp = new Thread(() -> {
                while (!silent.isClosed()) {
                    try (Socket accepted = silent.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            hangingUp.setDaemon(true);
            hangingUp.start();
            RunComfyModelCatalog catalog = catalog("http://127.0.0.1:" + silent.getLocalPort());

            assertThat(catalog.find(ModelId.of("bytedance/seedream-5/lite/text-to-image"))).as("the bundled snapshot").isPresent();
            // The JDK's client tries a GET once more on a connection closed without an answer.
            int firstAttempt = connections.get();
            assertThat(firstAttempt).isPositive();
            assertThat(catalog.find(ModelId.of(PAINTER))).isEmpty();
            assertThat(catalog.models()).hasSize(2);
            assertThat(connections.get()).as("no other attempt for a minute").isEqualTo(firstAttempt);
            assertThat(notices).singleElement().asString().contains("it cannot be reached");

            clock.advance(RunComfyModelCatalog.RETRY_AFTER);
            assertThat(catalog.find(ModelId.of(PAINTER))).isEmpty();
            Await.until("a new attempt", Duration.ofSeconds(10), () -> connections.get() > firstAttempt);
        }
    }

    @Test
    void aCatalogThatAnswersWithAnErrorIsAskedAgainAtTheNextLookUp() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer failing = server(exchange -> {
            if (requests.incrementAndGet() == 1) {
                answer(exchange, 503, "{\"detail\": \"unavailable\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                answer(exchange, 200, JSON.writeValueAsBytes(painter()));
            }
        });
        try {
            RunComfyModelCatalog catalog = catalog("http://127.0.0.1:" + failing.getAddress().getPort());

            assertThat(catalog.find(ModelId.of(PAINTER))).as("not in the bundled snapshot").isEmpty();
            assertThat(notices).singleElement().asString().contains("it answered HTTP 503");
            assertThat(catalog.find(ModelId.of(PAINTER))).as("asked again: a quick refusal says nothing of the next answer")
                    .isPresent();
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            failing.stop(0);
            ((java.util.concurrent.ExecutorService) failing.getExecutor()).shutdownNow();
        }
    }

    /** A catalog server on loopback that answers every request with {@code handler}. */
    private HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void offlineWithoutACacheTheBundledSnapshotAnswers() {
        start(List.of(painter()));
        String base = emulator.baseUrl().toString();
        emulator.close();

        RunComfyModelCatalog offline = catalog(base);
        assertThat(offline.models()).extracting(m -> m.id().value())
                .containsExactly("bytedance/seedream-5/lite/text-to-image", "bytedance/seedream-5/lite/edit");
        assertThat(offline.find(ModelId.of(PAINTER))).isEmpty();
        assertThat(notices).singleElement().asString().endsWith("using the catalog bundled with Easel");
    }

    @Test
    void aRefusedTokenFallsBackAndSaysWhy() {
        start(List.of(painter()));
        RunComfyModelCatalog wrongToken = RunComfyModelCatalog.builder().baseUrl(emulator.baseUrl().toString())
                .token("not-the-token").cacheFolder(home.resolve("cache")).clock(clock).notices(notices::add).build();

        assertThat(wrongToken.models()).hasSize(2);
        assertThat(notices).singleElement().asString().contains("it refused the token (HTTP 401)")
                .doesNotContain("not-the-token");
    }

    @Test
    void entriesWithOddOrInconsistentSchemasAreListedWithTheirProblems() {
        JsonNode broken = entry("acme/broken", "text-to-image", Map.of("required", List.of("prompt", "image"),
                "properties", Map.of("prompt", Map.of("type", "string"),
                        "steps", Map.of("type", "integer", "minimum", 9, "maximum", 1),
                        "extra", Map.of("type", "object"))));
        JsonNode noId = JSON.valueToTree(Map.of("display_name", "nameless"));
        start(List.of(broken, noId));

        ModelDescription model = catalog().find(ModelId.of("acme/broken")).orElseThrow();

        assertThat(model.inputs().fields()).extracting(FieldSpec::name).containsExactly("prompt");
        assertThat(model.inputs().problems()).extracting(SchemaProblem::field).containsExactlyInAnyOrder("steps", "extra", "image");
        assertThat(catalog().models()).extracting(m -> m.id().value()).contains("acme/broken");
    }
}
