package dev.easel.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.RemoteState;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every route of the web front, with the core on in-memory ports (the adapter under test is the web). */
class WebApiTest {

    private static final String KEY = "team-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(64, 48)));
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final InMemoryImageStore store = new InMemoryImageStore();

    private EaselWeb web(List<String> keys) {
        WebUseCases useCases = TestUseCases.of(provider, store, journal);
        return new EaselWeb(useCases, new WebSettings(keys, "0123456789abcdef0123".getBytes(), 4096, Duration.ofMinutes(1)).withProvider("scripted"));
    }

    private static Response post(HttpClient client, String path, String json, Consumer<io.javalin.testtools.Request.Builder> more) {
        return client.request(path, b -> {
            b.post(BodyPublishers.ofString(json)).header("Content-Type", "application/json");
            more.accept(b);
        });
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body().string());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private static Consumer<io.javalin.testtools.Request.Builder> bearer(String key) {
        return b -> b.header("Authorization", "Bearer " + key);
    }

    @Test
    void modelsAndTheirSchemas() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            assertThat(json(client.get("/api/v1/models")).get(0).path("id").asText())
                    .isEqualTo("bytedance/seedream-5/lite/text-to-image");
            JsonNode schema = json(client.get("/api/v1/models/bytedance/seedream-5/lite/text-to-image"));
            assertThat(schema.path("inputs").findValuesAsText("name")).contains("prompt", "resolution", "max_images");
            assertThat(schema.path("inputs").get(1).path("enum")).hasSize(18);
            assertThat(client.get("/api/v1/models/acme/painter").code()).isEqualTo(404);
        });
    }

    @Test
    void submitsFollowsAndStoresAJobThenShowsItInTheGallery() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            Response submitted = post(client, "/api/v1/jobs", "{\"inputs\": {\"prompt\": \"a web fox\", \"resolution\": \"2048x2048\"}}", b -> { });

            assertThat(submitted.code()).isEqualTo(202);
            JsonNode job = json(submitted);
            String id = job.path("job_id").asText();
            assertThat(job.path("inputs").path("resolution").asText()).isEqualTo("2048x2048 (1:1)");
            assertThat(job.path("provider").asText()).as("the provider the job was made for").isEqualTo("runcomfy");
            Await.until("the job to be stored", Duration.ofSeconds(10),
                    () -> json(client.get("/api/v1/jobs/" + id)).path("state").asText().equals("stored"));

            JsonNode gallery = json(client.get("/api/v1/gallery?limit=5"));
            assertThat(gallery.path("items")).hasSize(1);
            JsonNode item = gallery.path("items").get(0);
            assertThat(item.path("job").path("inputs").path("prompt").asText()).isEqualTo("a web fox");
            String url = item.path("image").path("url").asText();
            Response file = client.get(url);
            assertThat(file.code()).isEqualTo(200);
            assertThat(file.headers().get("Content-Type")).containsExactly("image/png");
            assertThat(json(client.get("/api/v1/jobs?state=stored")).findValuesAsText("job_id")).containsExactly(id);
        });
    }

    @Test
    void jobsAreSearchedFilteredAndPagedAndUsageIsSummed() {
        java.time.Instant at = java.time.Instant.parse("2026-11-21T10:15:00Z");
        dev.easel.core.model.InputSchema schema = TestCatalog.seedreamDescription().inputs();
        List<dev.easel.core.model.Job> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            dev.easel.core.model.Job job = dev.easel.core.model.Job.pending(
                    dev.easel.core.model.JobId.of(String.format("20261121-1015%02d-aaaaaa", i)),
                    dev.easel.core.model.GenerationRequest.validated(schema, java.util.Map.of("prompt",
                            i == 3 ? "a lighthouse at dusk" : "a red fox number " + i)), at.plusSeconds(i));
            jobs.add(job);
        }
        jobs.set(4, jobs.get(4).moveTo(dev.easel.core.model.JobState.SUBMITTING, at, "")
                .submitted(dev.easel.core.model.RequestId.of("req-4"), at)
                .succeeded(List.of(java.net.URI.create("https://x/4.png")), new java.math.BigDecimal("0.035"), at));
        journal.recordAll(jobs);
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            assertThat(json(client.get("/api/v1/jobs?search=LIGHTHOUSE%20dusk")).findValuesAsText("job_id"))
                    .containsExactly("20261121-101503-aaaaaa");
            assertThat(json(client.get("/api/v1/jobs?state=succeeded")).findValuesAsText("job_id"))
                    .containsExactly("20261121-101504-aaaaaa");
            assertThat(json(client.get("/api/v1/jobs?model=someone/else")).size()).isZero();

            Response first = client.get("/api/v1/jobs?limit=2&search=fox");
            assertThat(json(first).findValuesAsText("job_id")).containsExactly("20261121-101504-aaaaaa", "20261121-101502-aaaaaa");
            String next = first.headers().get(EaselWeb.NEXT_PAGE).get(0);
            Response second = client.get("/api/v1/jobs?limit=2&search=fox&after=" + next);
            assertThat(json(second).findValuesAsText("job_id")).containsExactly("20261121-101501-aaaaaa", "20261121-101500-aaaaaa");
            assertThat(second.headers().get(EaselWeb.NEXT_PAGE)).isNull();
            assertThat(client.get("/api/v1/jobs?state=sleeping").code()).isEqualTo(422);
            assertThat(client.get("/api/v1/jobs?since=yesterday").code()).isEqualTo(422);

            JsonNode usage = json(client.get("/api/v1/usage?by=model"));
            assertThat(usage.path("groups").get(0).path("jobs").asInt()).isEqualTo(5);
            assertThat(usage.path("groups").get(0).path("priced_jobs").asInt()).isEqualTo(1);
            assertThat(usage.path("total_usd").decimalValue()).isEqualByComparingTo("0.035");
            assertThat(json(client.get("/api/v1/usage?by=day")).path("groups").get(0).path("group").asText()).isEqualTo("2026-11-21");
            assertThat(client.get("/api/v1/usage?by=planet").code()).isEqualTo(422);
        });
    }

    @Test
    void invalidInputAnswers422WithEveryViolationAndSubmitsNothing() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            Response refused = post(client, "/api/v1/jobs",
                    "{\"inputs\": {\"prompt\": \"\", \"max_images\": 16, \"output_format\": \"gif\"}}", b -> { });

            assertThat(refused.code()).isEqualTo(422);
            JsonNode problem = json(refused);
            assertThat(problem.path("violations").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("prompt", "max_images", "output_format");
            assertThat(problem.path("violations").findValuesAsText("message"))
                    .contains("max_images 16 is not allowed: use an integer from 1 to 15");
            assertThat(provider.submitted()).isEmpty();
            assertThat(post(client, "/api/v1/jobs", "not json", b -> { }).code()).isEqualTo(400);
            assertThat(client.get("/api/v1/gallery?limit=0").code()).isEqualTo(422);
        });
    }

    @Test
    void requestBodiesAreCapped() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            String huge = "{\"inputs\": {\"prompt\": \"" + "x".repeat(10_000) + "\"}}";

            assertThat(post(client, "/api/v1/jobs", huge, b -> { }).code()).isEqualTo(413);
            assertThat(provider.submitted()).isEmpty();
        });
    }

    @Test
    void withKeysEveryApiAndGatewayCallNeedsOne() {
        JavalinTest.test(web(List.of(KEY)).app(), (server, client) -> {
            assertThat(client.get("/api/v1/models").code()).isEqualTo(401);
            assertThat(post(client, "/v1/models/bytedance/seedream-5/lite/text-to-image", "{\"prompt\": \"x\"}", b -> { }).code())
                    .isEqualTo(401);
            assertThat(client.get("/api/v1/models", bearer("wrong-key-0123456789")).code()).isEqualTo(401);
            assertThat(client.get("/api/v1/models", bearer(KEY)).code()).isEqualTo(200);
            assertThat(client.get("/").code()).as("the studio page itself is public").isEqualTo(200);
            assertThat(provider.submitted()).isEmpty();
        });
    }

    @Test
    void theStudioSignsInToASessionCookieAndStateChangesNeedItsCsrfToken() {
        JavalinTest.test(web(List.of(KEY)).app(), (server, client) -> {
            assertThat(post(client, "/api/v1/session", "{\"key\": \"not-it-0123456789abc\"}", b -> { }).code()).isEqualTo(401);
            Response signedIn = post(client, "/api/v1/session", "{\"key\": \"" + KEY + "\"}", b -> { });
            String setCookie = String.join(";", signedIn.headers().get("Set-Cookie"));
            String cookie = setCookie.replaceAll("(?s).*easel_session=([0-9a-f]+).*", "$1");
            String csrf = json(signedIn).path("csrf").asText();
            assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");

            Consumer<io.javalin.testtools.Request.Builder> session = b -> b.header("Cookie", "easel_session=" + cookie);
            assertThat(client.get("/api/v1/models", session).code()).isEqualTo(200);
            String body = "{\"inputs\": {\"prompt\": \"a session fox\"}}";
            assertThat(post(client, "/api/v1/jobs", body, session).code()).as("no CSRF header").isEqualTo(401);
            assertThat(post(client, "/api/v1/jobs", body, session.andThen(b -> b.header("X-Easel-Csrf", "forged"))).code())
                    .isEqualTo(401);
            assertThat(provider.submitted()).isEmpty();
            assertThat(post(client, "/api/v1/jobs", body, session.andThen(b -> b.header("X-Easel-Csrf", csrf))).code())
                    .isEqualTo(202);
        });
    }

    @Test
    void theGatewaySpeaksRunComfysShapesWithUrlsToStoredCopies() {
        JavalinTest.test(web(List.of(KEY)).app(), (server, client) -> {
            Response submitted = post(client, "/v1/models/bytedance/seedream-5/lite/text-to-image",
                    "{\"prompt\": \"A vibrant close-up editorial portrait\"}", bearer(KEY));

            assertThat(submitted.code()).isEqualTo(200);
            JsonNode answer = json(submitted);
            String id = answer.path("request_id").asText();
            assertThat(answer.path("status_url").asText()).endsWith("/v1/requests/" + id + "/status");
            assertThat(answer.path("cancel_url").asText()).endsWith("/v1/requests/" + id + "/cancel");
            Await.until("completed", Duration.ofSeconds(10), () ->
                    json(client.get("/v1/requests/" + id + "/status", bearer(KEY))).path("status").asText().equals("completed"));

            JsonNode result = json(client.get("/v1/requests/" + id + "/result", bearer(KEY)));
            assertThat(result.path("status").asText()).isEqualTo("succeeded");
            String image = result.path("output").path("image").asText();
            assertThat(image).matches("http://(127\\.0\\.0\\.1|\\[::1\\]):" + server.port() + "/files/.*").contains("sig=");
            String path = image.substring(image.indexOf("/files/"));
            Response download = client.get(path);
            assertThat(download.code()).as("signed links work without a key, like a CDN's").isEqualTo(200);
            assertThat(client.get(path.replaceAll("sig=.*", "sig=forged")).code())
                    .isEqualTo(401);

            JsonNode cancel = json(post(client, "/v1/requests/" + id + "/cancel", "", bearer(KEY)));
            assertThat(cancel.path("outcome").asText()).isEqualTo("not_cancellable");
            assertThat(client.get("/v1/requests/20261121-000000-zzzzzz/status", bearer(KEY)).code()).isEqualTo(404);
        });
    }

    @Test
    void aJobLeftSubmittingByAServerThatStoppedReadsFailedWithWhySoClientsStopAsking() {
        java.time.Instant now = java.time.Instant.now();
        dev.easel.core.model.InputSchema schema = TestCatalog.seedreamDescription().inputs();
        dev.easel.core.model.GenerationRequest request = dev.easel.core.model.GenerationRequest.validated(schema,
                Map.of("prompt", "sent by a server that was killed"));
        java.time.Instant longAgo = now.minus(Views.SUBMIT_OUTCOME_UNKNOWN_AFTER).minusSeconds(1);
        dev.easel.core.model.Job left = dev.easel.core.model.Job.pending(dev.easel.core.model.JobId.next(longAgo), request, longAgo)
                .moveTo(dev.easel.core.model.JobState.SUBMITTING, longAgo, "");
        dev.easel.core.model.Job sending = dev.easel.core.model.Job.pending(dev.easel.core.model.JobId.next(now), request, now)
                .moveTo(dev.easel.core.model.JobState.SUBMITTING, now, "");
        journal.recordAll(List.of(left, sending));
        JavalinTest.test(web(List.of(KEY)).app(), (server, client) -> {
            assertThat(json(client.get("/v1/requests/" + left.id() + "/status", bearer(KEY))).path("status").asText())
                    .isEqualTo("failed");
            JsonNode result = json(client.get("/v1/requests/" + left.id() + "/result", bearer(KEY)));
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error").asText()).contains("charges for it", "not sent again", "dashboard", "easel status " + left.id());

            assertThat(json(client.get("/v1/requests/" + sending.id() + "/status", bearer(KEY))).path("status").asText())
                    .as("one a server may still be sending").isEqualTo("in_queue");
            assertThat(json(client.get("/v1/requests/" + sending.id() + "/result", bearer(KEY))).has("error")).isFalse();
        });
        assertThat(provider.submitted()).as("neither is sent").isEmpty();
    }

    @Test
    void pagesCarryHeadersThatKeepThemSafe() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            Response page = client.get("/");
            assertThat(page.headers().get("Content-Security-Policy").get(0)).contains("script-src 'self'", "frame-ancestors 'none'");
            assertThat(page.headers().get("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(page.body().string()).contains("<title>Easel studio</title>");
        });
    }

    @Test
    void eachJobRecordsTheNameOfTheKeyThatAskedForItAndUsageGroupsByIt() {
        String second = "second-key-0123456789abcdef";
        JavalinTest.test(web(List.of("alice:" + KEY, second)).app(), (server, client) -> {
            assertThat(post(client, "/api/v1/jobs", "{\"inputs\": {\"prompt\": \"alice's fox\"}}", bearer(KEY)).code()).isEqualTo(202);
            assertThat(post(client, "/v1/models/bytedance/seedream-5/lite/text-to-image", "{\"prompt\": \"a gateway fox\"}",
                    bearer(second)).code()).isEqualTo(200);
            assertThat(post(client, "/api/v1/jobs", "{\"inputs\": {\"prompt\": \"again\"}}", bearer(KEY)).code()).isEqualTo(202);

            assertThat(journal.jobs()).extracting(j -> j.requestedBy().orElse("?")).containsExactlyInAnyOrder("alice", "key2", "alice");
            Response usage = client.get("/api/v1/usage?by=key", bearer(KEY));
            String body = usage.body().string();
            JsonNode view = JSON.readTree(body);
            assertThat(view.path("by").asText()).isEqualTo("key");
            assertThat(view.path("groups").findValuesAsText("group")).containsExactly("alice", "key2");
            assertThat(view.path("groups").findValues("jobs")).extracting(JsonNode::asInt).containsExactly(2, 1);
            assertThat(body).doesNotContain(KEY).doesNotContain(second);
            assertThat(journal.jobs().toString() + journal.records()).doesNotContain(KEY).doesNotContain(second);
        });
    }

    @Test
    void onAServerWithoutKeysJobsAreLocal() {
        JavalinTest.test(web(List.of()).app(), (server, client) -> {
            assertThat(post(client, "/api/v1/jobs", "{\"inputs\": {\"prompt\": \"an open fox\"}}", b -> { }).code()).isEqualTo(202);

            assertThat(journal.jobs()).singleElement().satisfies(j -> assertThat(j.requestedBy()).isEmpty());
            assertThat(json(client.get("/api/v1/usage?by=key")).path("groups").findValuesAsText("group")).containsExactly("local");
            assertThat(client.get("/api/v1/usage?by=colour").code()).isEqualTo(422);
        });
    }
}
