package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0023: the gateway answers a submit as soon as the provider has accepted the job, while
 * its SUBMITTED record is being committed. Here an {@code easel serve} is killed with SIGKILL in
 * that very moment: the client has its answer, and SUBMITTED is not on disk yet (another process
 * holds the SQLite file's write lock). The job is left SUBMITTING, exactly as a crash a moment
 * before the answer would leave it: paid for once, never sent again, reported by {@code easel resume}.
 */
class GatewayCrashTest {

    private static final String MODEL = "bytedance/seedream-5/lite/text-to-image";

    @TempDir
    Path work;

    private EaselHarness harness;
    private Gate gate;
    private Process child;
    private SqlJobJournal journal;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (gate != null) {
            gate.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aServeKilledAfterAnsweringButBeforeSubmittedIsOnDiskPaidOnceAndNothingIsSentAgain() throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(3)));
        gate = new Gate(URI.create(harness.emulator().baseUrl().toString()));
        Map<String, String> env = new HashMap<>(harness.env());
        env.put("RUNCOMFY_BASE_URL", gate.baseUrl());
        env.put("EASEL_JOURNAL_LEASE", "2s");
        child = ChildEasel.launch(work, env, List.of("serve", "--port", "0"));
        int port = ChildEasel.port(ChildEasel.log(work));
        journal = EaselHarness.journalIn(work);

        HttpRequest submit = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/" + MODEL))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"answered before its request id was on disk\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(submit,
                HttpResponse.BodyHandlers.ofString());
        Await.until("the submit to reach the provider", Duration.ofSeconds(60), () -> gate.submitsHeld() == 1);
        assertThat(journal.jobs()).as("the claim is on disk before the paid call").singleElement()
                .extracting(Job::state).isEqualTo(JobState.SUBMITTING);

        JobId id;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("home/easel.db"));
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            gate.release();

            HttpResponse<String> answered = answer.get(60, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            id = JobId.of(new ObjectMapper().readTree(answered.body()).path("request_id").asText());
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            lock.execute("ROLLBACK");
        }

        assertThat(journal.find(id)).as("the crash lost the request id, as one before the answer would")
                .hasValueSatisfying(job -> {
                    assertThat(job.state()).isEqualTo(JobState.SUBMITTING);
                    assertThat(job.requestId()).isEmpty();
                });
        assertThat(harness.emulator().calls("submit")).as("paid for once").isEqualTo(1);

        Await.until("the killed serve's lease to run out", Duration.ofSeconds(30),
                () -> journal.orphans(10).stream().anyMatch(j -> j.id().equals(id)));
        EaselHarness.Run resume = harness.easel("resume");

        assertThat(resume.err()).contains("job " + id + " was sent with an unknown outcome and is not sent again");
        assertThat(harness.emulator().calls("submit")).as("never sent again").isEqualTo(1);
        assertThat(journal.find(id).map(Job::state)).contains(JobState.SUBMITTING);
    }

    /**
     * Between Easel and the emulator, on loopback: passes every call on, but holds each submit until
     * {@link #release} (the test decides the moment the provider answers).
     */
    private static final class Gate implements AutoCloseable {
        private final HttpServer server;
        private final URI upstream;
        private final HttpClient client = HttpClient.newHttpClient();
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger held = new AtomicInteger();
        private final ExecutorService threads = Executors.newCachedThreadPool();

        Gate(URI upstream) throws IOException {
            this.upstream = upstream;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::pass);
            server.setExecutor(threads);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int submitsHeld() {
            return held.get();
        }

        void release() {
            released.countDown();
        }

        private void pass(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String method = exchange.getRequestMethod();
                if (method.equals("POST") && exchange.getRequestURI().getPath().startsWith("/v1/models/")) {
                    held.incrementAndGet();
                    if (!released.await(60, TimeUnit.SECONDS)) {
                        exchange.sendResponseHeaders(504, -1);
                        return;
                    }
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Authorization", "Content-Type", "Accept")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
