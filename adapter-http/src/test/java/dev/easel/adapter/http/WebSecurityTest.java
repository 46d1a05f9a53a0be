package dev.easel.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.RemoteState;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestImages;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The web front as an attacker sees it: foreign pages, rebinding names, guessed keys, floods. Each
 * test reproduces a finding of issue 12 against a real server on loopback, headers sent byte for byte.
 */
class WebSecurityTest {

    private static final String KEY = "team-key-0123456789abcdef";
    private static final String MODEL_PATH = "/v1/models/bytedance/seedream-5/lite/text-to-image";
    private static final String JOB = "{\"inputs\": {\"prompt\": \"a fox\"}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(64, 48)));
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final InMemoryImageStore store = new InMemoryImageStore();

    private EaselWeb web(WebSettings settings) {
        WebUseCases useCases = TestUseCases.of(provider, store, journal);
        return new EaselWeb(useCases, settings, List.of(), clock);
    }

    private static WebSettings settings(List<String> keys) {
        return new WebSettings(keys, "0123456789abcdef0123".getBytes(), 4096, Duration.ofMinutes(1));
    }

    private void serve(WebSettings settings, BiConsumer<RawHttp, Integer> test) {
        JavalinTest.test(web(settings).app(), (server, client) -> test.accept(new RawHttp(server.port()), server.port()));
    }

    private static JsonNode json(RawHttp.Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }

    private static String cookieOf(RawHttp.Answer answer) {
        return answer.all("Set-Cookie").stream().filter(c -> c.startsWith("easel_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    @Test
    void aForeignPagesTextPlainPostSubmitsNothingOnAnOpenServer() {
        serve(settings(List.of()), (http, port) -> {
            // What fetch(url, {method: 'POST', mode: 'no-cors', body}) from another site sends.
            String[] foreign = {"Content-Type: text/plain;charset=UTF-8", "Origin: https://evil.example", "Sec-Fetch-Site: cross-site"};

            assertThat(http.post("/api/v1/jobs", JOB, foreign).status()).isEqualTo(403);
            assertThat(http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}", foreign).status()).isEqualTo(403);
            assertThat(http.post("/api/v1/jobs", JOB, "Content-Type: text/plain", "Origin: https://evil.example").status())
                    .as("an Origin alone, from a browser that sends no Sec-Fetch-Site").isEqualTo(403);
            assertThat(http.post("/api/v1/jobs", JOB, "Content-Type: text/plain", "Sec-Fetch-Site: same-site").status())
                    .isEqualTo(403);
            assertThat(http.post("/api/v1/jobs", JOB, "Content-Type: text/plain", "Origin: null").status()).isEqualTo(403);
            assertThat(http.post("/v1/requests/20261121-000000-zzzzzz/cancel", "", foreign).status()).isEqualTo(403);
            assertThat(provider.submitted()).isEmpty();
        });
    }

    @Test
    void bodiesAreReadOnlyWhenDeclaredAsJson() {
        serve(settings(List.of()), (http, port) -> {
            RawHttp.Answer plain = http.post("/api/v1/jobs", JOB, "Content-Type: text/plain");
            RawHttp.Answer form = http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}", "Content-Type: application/x-www-form-urlencoded");
            RawHttp.Answer none = http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}");

            assertThat(List.of(plain.status(), form.status(), none.status())).containsOnly(415);
            assertThat(json(plain).path("message").asText()).contains("Content-Type: application/json", "text/plain");
            assertThat(provider.submitted()).isEmpty();
            assertThat(http.post("/api/v1/jobs", JOB, "Content-Type: application/json; charset=utf-8").status())
                    .as("a program on an open server, JSON declared").isEqualTo(202);
        });
    }

    @Test
    void aForeignHostIsRefusedEverywhereSoRebindingReadsNothing() {
        serve(settings(List.of()), (http, port) -> {
            for (String path : List.of("/", "/studio.js", "/api/v1/jobs", "/api/v1/gallery", "/api/v1/session",
                    "/v1/requests/20261121-000000-zzzzzz/status", "/files/2026-11-21/x-1.png", "/no-such-page")) {
                RawHttp.Answer answer = http.get(path, "Host: evil.example:" + port);
                assertThat(answer.status()).as(path).isEqualTo(421);
                assertThat(answer.body()).doesNotContain("prompt");
            }
            assertThat(http.post("/api/v1/jobs", JOB, "Host: evil.example", "Content-Type: application/json").status()).isEqualTo(421);
            assertThat(http.get("/api/v1/jobs", "Host: 127.0.0.1.evil.example").status()).isEqualTo(421);
            assertThat(http.get("/api/v1/jobs", "Host: localhost.evil.example:" + port).status()).isEqualTo(421);
            assertThat(provider.submitted()).isEmpty();

            assertThat(http.get("/api/v1/jobs", "Host: localhost:" + port).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs", "Host: 127.0.0.1:" + port).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs", "Host: [::1]:" + port).status()).isEqualTo(200);
            assertThat(http.get("/studio.js", "Host: localhost:" + port).status()).isEqualTo(200);
        });
    }

    @Test
    void thePageAndItsScriptsArePublicWithKeysButTheApiIsNot() {
        serve(settings(List.of(KEY)), (http, port) -> {
            assertThat(http.get("/").status()).isEqualTo(200);
            assertThat(http.get("/studio.js").status()).isEqualTo(200);
            assertThat(http.get("/studio.css").status()).isEqualTo(200);
            assertThat(http.get("/api/v1/session").status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs").status()).isEqualTo(401);
            assertThat(http.get("/api/v1/events").status()).isEqualTo(401);
        });
    }

    @Test
    void thePublicUrlIsTheOnlyOtherHostAndTheBaseOfEveryLink() {
        WebSettings behindProxy = settings(List.of(KEY)).withPublicUrl(WebSettings.parsePublicUrl("https://easel.example.com/"));
        serve(behindProxy, (http, port) -> {
            String bearer = "Authorization: Bearer " + KEY;
            assertThat(http.get("/api/v1/models", "Host: other.example.com", bearer).status()).isEqualTo(421);

            RawHttp.Answer submitted = http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}", "Host: easel.example.com",
                    "Content-Type: application/json", bearer);
            assertThat(submitted.status()).isEqualTo(200);
            String id = json(submitted).path("request_id").asText();
            assertThat(json(submitted).path("status_url").asText()).isEqualTo("https://easel.example.com/v1/requests/" + id + "/status");
            Await.until("stored", Duration.ofSeconds(10), () -> json(http.get("/v1/requests/" + id + "/result", bearer))
                    .path("status").asText().equals("succeeded"));
            String image = json(http.get("/v1/requests/" + id + "/result", bearer)).path("output").path("image").asText();
            assertThat(image).startsWith("https://easel.example.com/files/").contains("exp=", "sig=");
            assertThat(http.post("/api/v1/jobs", JOB, "Host: easel.example.com", "Content-Type: application/json", bearer,
                    "Origin: https://easel.example.com", "Sec-Fetch-Site: same-origin").status())
                    .as("the public origin is same-origin").isEqualTo(202);
        });
    }

    @Test
    void linksAreBuiltFromLoopbackNeverFromTheHostHeader() {
        serve(settings(List.of()), (http, port) -> {
            RawHttp.Answer submitted = http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}", "Host: localhost:" + port,
                    "Content-Type: application/json");

            assertThat(json(submitted).path("status_url").asText()).matches("http://(127\\.0\\.0\\.1|\\[::1\\]):" + port + "/v1/requests/.*");
        });
    }

    @Test
    void theStudioGetsACsrfTokenEvenWithoutKeysAndItsStateChangesNeedIt() {
        serve(settings(List.of()), (http, port) -> {
            String origin = "Origin: http://127.0.0.1:" + port;
            RawHttp.Answer session = http.get("/api/v1/session", "Sec-Fetch-Site: same-origin");
            String cookie = "Cookie: " + cookieOf(session);
            String csrf = json(session).path("csrf").asText();
            assertThat(csrf).hasSizeGreaterThan(20);
            assertThat(json(session).path("signed_in").asBoolean()).isTrue();

            String[] browser = {"Content-Type: application/json", origin, "Sec-Fetch-Site: same-origin"};
            assertThat(http.post("/api/v1/jobs", JOB, with(browser, cookie)).status()).as("no CSRF header").isEqualTo(401);
            assertThat(http.post("/api/v1/jobs", JOB, with(browser, cookie, "X-Easel-Csrf: forged")).status()).isEqualTo(401);
            assertThat(http.post("/api/v1/jobs", JOB, browser).status()).as("a browser without the session").isEqualTo(403);
            assertThat(provider.submitted()).isEmpty();
            assertThat(http.post("/api/v1/jobs", JOB, with(browser, cookie, "X-Easel-Csrf: " + csrf)).status()).isEqualTo(202);
            assertThat(http.get("/api/v1/session", "Sec-Fetch-Site: cross-site").all("Set-Cookie"))
                    .as("no session is handed to another site").isEmpty();
        });
    }

    @Test
    void cookiesAreSecureWhenThePublicUrlIsHttps() {
        serve(settings(List.of(KEY)).withPublicUrl(URI.create("https://easel.example.com")), (http, port) -> {
            RawHttp.Answer signedIn = http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json");
            assertThat(signedIn.header("Set-Cookie")).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict");
        });
        serve(settings(List.of(KEY)), (http, port) -> {
            RawHttp.Answer signedIn = http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json");
            assertThat(signedIn.header("Set-Cookie")).doesNotContainIgnoringCase("Secure");
        });
    }

    @Test
    void sessionsEndAfterTheirIdleTimeAndTheirLifetimeAndAreCapped() {
        WebSettings short_ = settings(List.of(KEY)).withLimits(WebLimits.DEFAULTS.withSessions(Duration.ofMinutes(30), Duration.ofHours(2), 3));
        serve(short_, (http, port) -> {
            String cookie = "Cookie: " + cookieOf(http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json"));
            assertThat(http.get("/api/v1/models", cookie).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(29));
            assertThat(http.get("/api/v1/models", cookie).status()).as("used within the idle time").isEqualTo(200);
            clock.advance(Duration.ofMinutes(29));
            assertThat(http.get("/api/v1/models", cookie).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(31));
            assertThat(http.get("/api/v1/models", cookie).status()).as("idle too long").isEqualTo(401);

            String busy = "Cookie: " + cookieOf(http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json"));
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMinutes(25));
                assertThat(http.get("/api/v1/models", busy).status()).isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(25));
            assertThat(http.get("/api/v1/models", busy).status()).as("past the absolute lifetime").isEqualTo(401);

            List<String> cookies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cookies.add("Cookie: " + cookieOf(http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json")));
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(http.get("/api/v1/models", cookies.get(0)).status()).as("the oldest of four, over a cap of three").isEqualTo(401);
            assertThat(http.get("/api/v1/models", cookies.get(3)).status()).isEqualTo(200);
        });
    }

    @Test
    void signInIsThrottledPerClient() {
        serve(settings(List.of(KEY)), (http, port) -> {
            int limit = WebLimits.DEFAULTS.signInAttemptsPerMinute();
            for (int i = 0; i < limit; i++) {
                assertThat(http.post("/api/v1/session", "{\"key\": \"guess-" + i + "-0123456789abcdef\"}", "Content-Type: application/json")
                        .status()).isEqualTo(401);
            }
            RawHttp.Answer throttled = http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
            clock.advance(Duration.ofMinutes(1));
            assertThat(http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json").status()).isEqualTo(200);
        });
    }

    @Test
    void signedFileLinksExpireAndCannotBeExtended() {
        serve(settings(List.of(KEY)), (http, port) -> {
            String bearer = "Authorization: Bearer " + KEY;
            String id = json(http.post(MODEL_PATH, "{\"prompt\": \"a fox\"}", "Content-Type: application/json", bearer)).path("request_id").asText();
            Await.until("stored", Duration.ofSeconds(10), () -> json(http.get("/v1/requests/" + id + "/result", bearer))
                    .path("status").asText().equals("succeeded"));
            String image = json(http.get("/v1/requests/" + id + "/result", bearer)).path("output").path("image").asText();
            String path = image.substring(image.indexOf("/files/"));

            assertThat(http.get(path).status()).isEqualTo(200);
            String exp = path.replaceAll(".*exp=(\\d+).*", "$1");
            assertThat(http.get(path.replace("exp=" + exp, "exp=" + (Long.parseLong(exp) + 86_400))).status())
                    .as("a later expiry with the same signature").isEqualTo(401);
            clock.advance(WebLimits.DEFAULTS.fileLinkLifetime().minusMinutes(1));
            assertThat(http.get(path).status()).as("still valid a minute before its lifetime").isEqualTo(200);
            clock.advance(Duration.ofHours(2));
            assertThat(http.get(path).status()).as("expired").isEqualTo(401);
            assertThat(http.get(path, bearer).status()).as("a client may still open it").isEqualTo(200);
        });
    }

    @Test
    void aKeyAtItsJobsInFlightGets429AndNothingMoreIsSubmitted() throws Exception {
        provider = new ScriptedProvider().statuses(RemoteState.RUNNING);
        WebSettings three = settings(List.of(KEY)).withLimits(WebLimits.DEFAULTS.withMaxActivePerKey(3));
        serve(three, (http, port) -> {
            String bearer = "Authorization: Bearer " + KEY;
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Callable<RawHttp.Answer>> submits = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String path = i % 2 == 0 ? "/api/v1/jobs" : MODEL_PATH;
                    String body = i % 2 == 0 ? JOB : "{\"prompt\": \"a fox\"}";
                    submits.add(() -> http.post(path, body, "Content-Type: application/json", bearer));
                }
                List<RawHttp.Answer> answers = new ArrayList<>();
                for (Future<RawHttp.Answer> f : pool.invokeAll(submits)) {
                    answers.add(f.get());
                }
                assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(7)
                        .allSatisfy(a -> assertThat(a.header("Retry-After")).matches("\\d+"));
                assertThat(provider.submitted()).hasSize(3);
                JsonNode limits = json(http.get("/api/v1/limits", bearer));
                assertThat(limits.path("max_active_jobs").asInt()).isEqualTo(3);
                assertThat(limits.path("active_jobs").asInt()).isEqualTo(3);
                assertThat(limits.path("client").asText()).as("a key alone is named by its place").isEqualTo("key1");
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void requestsPerKeyAreRateLimited() {
        WebSettings five = settings(List.of(KEY)).withLimits(WebLimits.DEFAULTS.withRequestsPerMinutePerKey(5));
        serve(five, (http, port) -> {
            String bearer = "Authorization: Bearer " + KEY;
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/api/v1/models", bearer).status()).isEqualTo(200);
            }
            RawHttp.Answer limited = http.get("/api/v1/models", bearer);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(http.post("/api/v1/jobs", JOB, "Content-Type: application/json", bearer).status()).isEqualTo(429);
            assertThat(provider.submitted()).isEmpty();
            clock.advance(Duration.ofSeconds(13));
            assertThat(http.get("/api/v1/models", bearer).status()).isEqualTo(200);
        });
    }

    @Test
    void liveEventListenersAreCapped() throws Exception {
        serve(settings(List.of()).withLimits(WebLimits.DEFAULTS.withMaxEventListeners(1)), (http, port) -> {
            try (java.net.Socket first = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                first.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null && !line.contains("connected"); line = lines.readLine()) {
                    // the first listener's stream is open once its greeting arrives
                }
                RawHttp.Answer second = http.get("/api/v1/events", "Accept: text/event-stream");
                assertThat(second.status()).isEqualTo(429);
                assertThat(second.body()).contains("too many listeners");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void theSessionShowsTheLimits() {
        serve(settings(List.of(KEY)), (http, port) -> {
            RawHttp.Answer signedIn = http.post("/api/v1/session", "{\"key\": \"" + KEY + "\"}", "Content-Type: application/json");
            JsonNode limits = json(signedIn).path("limits");
            assertThat(limits.path("max_active_jobs").asInt()).isEqualTo(WebLimits.DEFAULT_MAX_ACTIVE_PER_KEY);
            assertThat(limits.path("requests_per_minute").asInt()).isEqualTo(WebLimits.DEFAULTS.requestsPerMinutePerKey());
            assertThat(json(http.get("/api/v1/session", "Cookie: " + cookieOf(signedIn))).path("limits").path("active_jobs").asInt())
                    .isZero();
        });
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
