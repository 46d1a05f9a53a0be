package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.runcomfy.emulator.Faults;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.RequestNotFoundException;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunComfyProviderTest {

    private static final RetryPolicy QUICK = new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(20));
    private static final BundledModelCatalog CATALOG = BundledModelCatalog.load();

    private RunComfyEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private RunComfyProvider start(Consumer<RunComfyEmulator.Builder> settings) {
        RunComfyEmulator.Builder builder = RunComfyEmulator.builder().timing(Duration.ofMillis(150), Duration.ofMillis(150))
                .retryAfterSeconds(0);
        settings.accept(builder);
        emulator = builder.start();
        return providerFor(emulator.token());
    }

    private RunComfyProvider providerFor(String token) {
        return RunComfyProvider.builder().token(token).baseUrl(emulator.baseUrl().toString()).retries(QUICK).build();
    }

    private static GenerationRequest request(Map<String, Object> inputs) {
        return GenerationRequest.validated(CATALOG.find(ModelId.of("bytedance/seedream-5/lite/text-to-image")).orElseThrow().inputs(), inputs);
    }

    private static ProviderResult awaitResult(RunComfyProvider provider, RequestId id) {
        Await.until("the job to finish", Duration.ofSeconds(10), () -> provider.status(id).state().isFinished());
        return provider.result(id);
    }

    @Test
    void runsAJobFromSubmitToDownloadOverRealHttp() throws IOException {
        // The emulator's clock is moved by hand: right after the submit the job is surely not done,
        // however slow the machine, and it is done once the clock passes its queue and run time.
        MutableClock clock = MutableClock.at("2026-11-21T12:00:00Z");
        RunComfyProvider provider = start(b -> b.clock(clock));

        RequestId id = provider.submit(request(Map.of("prompt", "a lighthouse", "resolution", "2848x1600 (16:9)"))).id();

        assertThat(emulator.submissions()).singleElement().satisfies(s -> {
            assertThat(s.model().value()).isEqualTo("bytedance/seedream-5/lite/text-to-image");
            assertThat(s.inputs()).containsEntry("resolution", "2848x1600 (16:9)").containsEntry("prompt", "a lighthouse");
        });
        assertThat(provider.status(id).state()).isEqualTo(RemoteState.QUEUED);
        clock.advance(Duration.ofMillis(200));
        assertThat(provider.status(id).state()).isEqualTo(RemoteState.RUNNING);
        clock.advance(Duration.ofMillis(200));
        ProviderResult result = awaitResult(provider, id);
        assertThat(result.state()).isEqualTo(RemoteState.SUCCEEDED);
        assertThat(result.outputs()).hasSize(1);
        assertThat(result.cost()).isPresent();
        try (InputStream in = provider.openOutput(result.outputs().get(0))) {
            byte[] bytes = in.readAllBytes();
            assertThat(ImageHeaders.read(bytes, bytes.length)).contains(new ImageHeaders.Header(MediaType.PNG, 2848, 1600));
        }
        assertThat(emulator.downloadsWithAuthorization()).isZero();
    }

    @Test
    void aShortTokenDoesNotHideTheStateWords() {
        // "t" is inside "completed" and "succeeded": scrubbing the state word before reading it
        // once made a finished job look unfinished forever.
        RunComfyProvider provider = start(b -> b.token("t"));

        RequestId id = provider.submit(request(Map.of("prompt", "a lighthouse"))).id();

        assertThat(awaitResult(provider, id).state()).isEqualTo(RemoteState.SUCCEEDED);
    }

    @Test
    void readsSeveralImagesFromTheImagesField() {
        RunComfyProvider provider = start(b -> { });
        String prompt = promptWithImageCount(3, 4);

        RequestId id = provider.submit(request(Map.of("prompt", prompt, "sequential_image_generation", "auto",
                "max_images", 4, "output_format", "jpeg"))).id();

        ProviderResult result = awaitResult(provider, id);
        assertThat(result.outputs()).hasSize(3).allMatch(u -> u.getPath().endsWith(".jpeg"));
    }

    @Test
    void acceptsOneImageGivenAsAList() {
        RunComfyProvider provider = start(b -> b.imagesFieldAlways(true));

        RequestId id = provider.submit(request(Map.of("prompt", "one"))).id();

        assertThat(awaitResult(provider, id).outputs()).hasSize(1);
    }

    @Test
    void cancelsAQueuedJobButNotARunningOne() {
        RunComfyProvider provider = start(b -> b.timing(Duration.ofSeconds(30), Duration.ofSeconds(1)));
        RequestId queued = provider.submit(request(Map.of("prompt", "wait"))).id();

        assertThat(provider.cancellation().orElseThrow().cancel(queued)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(provider.status(queued).state()).isEqualTo(RemoteState.CANCELLED);
        emulator.close();

        RunComfyProvider running = start(b -> b.timing(Duration.ZERO, Duration.ofSeconds(30)));
        RequestId busy = running.submit(request(Map.of("prompt", "busy"))).id();
        assertThat(running.cancellation().orElseThrow().cancel(busy)).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
        assertThat(running.status(busy).state()).isEqualTo(RemoteState.RUNNING);
    }

    @Test
    void aRefusedTokenIsAnAuthenticationErrorThatNeverShowsTheToken() {
        start(b -> { });
        RunComfyProvider wrong = providerFor("sk-wrong-secret-123");

        assertThatThrownBy(() -> wrong.submit(request(Map.of("prompt", "x"))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("RUNCOMFY_API_TOKEN")
                .hasMessageNotContaining("sk-wrong-secret-123");
        assertThat(emulator.submissions()).isEmpty();
    }

    @Test
    void anUnknownModelIsReportedWithRunComfysCode() {
        RunComfyProvider provider = start(b -> { });

        assertThatThrownBy(() -> provider.submit(GenerationRequest.restored(ModelId.of("acme/painter"), Map.of("prompt", "x"))))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("error_code 400001");
    }

    @Test
    void anErrorCodeInAnHttp200IsAnErrorNeverASuccess() {
        RunComfyProvider provider = start(b -> b.insufficientBalance(true));

        assertThatThrownBy(() -> provider.submit(request(Map.of("prompt", "x"))))
                .isInstanceOf(InsufficientBalanceException.class)
                .hasMessageContaining("balance is insufficient")
                .hasMessageContaining("HTTP 200, error_code 400002");
    }

    @Test
    void inputTheServerRefusesShowsTheServersDetail() {
        RunComfyProvider provider = start(b -> { });

        assertThatThrownBy(() -> provider.submit(GenerationRequest.restored(
                ModelId.of("bytedance/seedream-5/lite/text-to-image"), Map.of("prompt", "x", "max_images", 16))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("max_images");
    }

    @Test
    void anUnknownRequestIdIsNotFound() {
        RunComfyProvider provider = start(b -> { });

        assertThatThrownBy(() -> provider.status(RequestId.of("no-such-request")))
                .isInstanceOf(RequestNotFoundException.class)
                .hasMessageContaining("404001");
    }

    @Test
    void survivesRateLimitsServerErrorsDroppedConnectionsAndErrorCodesOnReads() {
        // About 25% of read calls fail; with 12 tries a call gives up with a chance below 1e-7.
        start(b -> b.faults(Faults.parse("rate-limit=0.1,server-error=0.08,drop=0.04,error-200=0.04")).seed(7));
        RunComfyProvider provider = RunComfyProvider.builder().token(emulator.token()).baseUrl(emulator.baseUrl().toString())
                .retries(new RetryPolicy(12, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(20))).build();

        for (int i = 0; i < 5; i++) {
            RequestId id = provider.submit(request(Map.of("prompt", "job " + i))).id();
            assertThat(awaitResult(provider, id).state()).isEqualTo(RemoteState.SUCCEEDED);
        }
        assertThat(emulator.submissions()).hasSize(5);
        assertThat(emulator.calls("status")).isGreaterThan(5);
    }

    @Test
    void aRateLimitedSubmitIsRetriedBecauseNothingWasCreated() {
        RunComfyProvider provider = start(b -> b.faults(Faults.parse("rate-limit=0.6")).seed(3));

        for (int i = 0; i < 4; i++) {
            provider.submit(request(Map.of("prompt", "paid " + i)));
        }
        assertThat(emulator.submissions()).hasSize(4);
        assertThat(emulator.calls("submit")).isGreaterThan(4);
    }

    @Test
    void aSubmitThatCannotConnectSaysSoAndCreatesNothing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RunComfyProvider provider = RunComfyProvider.builder().token("t").baseUrl("http://127.0.0.1:" + closedPort)
                .retries(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofSeconds(5))).build();

        assertThatThrownBy(() -> provider.submit(request(Map.of("prompt", "x"))))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("could not reach RunComfy");
    }

    @Test
    void aSubmitWhoseReplyIsLostIsReportedUnknownAndNotSentAgain() {
        RunComfyProvider provider = start(b -> b.faults(Faults.parse("lost-reply=1")));

        assertThatThrownBy(() -> provider.submit(request(Map.of("prompt", "paid once"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class)
                .hasMessageContaining("cannot tell whether RunComfy created the job");
        assertThat(emulator.calls("submit")).isEqualTo(1);
        assertThat(emulator.submissions()).hasSize(1);
    }

    /**
     * On a reused keep-alive connection, the JDK's HttpURLConnection would by default send a POST a
     * second time when the answer is lost: the provider must not let it.
     */
    @Test
    void aLostSubmitReplyOnAReusedConnectionIsNotSentAgainByTheHttpClient() {
        RunComfyProvider provider = start(b -> { });
        RequestId first = provider.submit(request(Map.of("prompt", "warms the connection"))).id();
        provider.status(first);
        emulator.faults(Faults.parse("lost-reply=1"));

        assertThatThrownBy(() -> provider.submit(request(Map.of("prompt", "paid once only"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        assertThat(emulator.submissions()).extracting(s -> s.inputs().get("prompt"))
                .containsExactly("warms the connection", "paid once only");
    }

    @Test
    void outputsFromAnotherHostAreRefusedUnlessThatHostIsAllowed() throws IOException {
        RunComfyProvider strict = start(b -> b.outputHost("localhost"));
        RequestId id = strict.submit(request(Map.of("prompt", "cdn"))).id();
        URI output = awaitResult(strict, id).outputs().get(0);
        assertThat(output.getHost()).isEqualTo("localhost");

        assertThatThrownBy(() -> strict.openOutput(output)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("refusing to download");
        assertThat(emulator.calls("file")).isZero();

        RunComfyProvider trusting = RunComfyProvider.builder().token(emulator.token())
                .baseUrl(emulator.baseUrl().toString()).downloadHosts("localhost").retries(QUICK).build();
        try (InputStream in = trusting.openOutput(output)) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
        assertThat(emulator.downloadsWithAuthorization()).isZero();
    }

    @Test
    void aTruncatedDownloadFailsTheReadInsteadOfLookingWhole() {
        RunComfyProvider provider = start(b -> b.faults(Faults.parse("truncate=1")));
        RequestId id = provider.submit(request(Map.of("prompt", "x", "resolution", "2048x2048"))).id();
        URI output = awaitResult(provider, id).outputs().get(0);

        assertThatThrownBy(() -> {
            try (InputStream in = provider.openOutput(output)) {
                in.readAllBytes();
            }
        }).isInstanceOf(OutputInterruptedException.class).hasMessageContaining("download");
    }

    @Test
    void anExpiredOutputUrlSaysSo() {
        RunComfyProvider provider = start(b -> b.faults(Faults.parse("expire=1")));
        RequestId id = provider.submit(request(Map.of("prompt", "x"))).id();
        URI output = awaitResult(provider, id).outputs().get(0);

        assertThatThrownBy(() -> provider.openOutput(output))
                .isInstanceOf(OutputExpiredException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void refusesToDownloadFromAHostNotAllowed() {
        RunComfyProvider provider = start(b -> { });

        assertThatThrownBy(() -> provider.openOutput(URI.create("http://203.0.113.9/steal.png")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("EASEL_DOWNLOAD_HOSTS");
    }

    @Test
    void aFailedJobCarriesTheProvidersErrorText() {
        RunComfyProvider provider = start(b -> { });
        RequestId id = provider.submit(request(Map.of("prompt", "a cat " + RunComfyEmulator.FAIL_MARKER))).id();

        ProviderResult result = awaitResult(provider, id);

        assertThat(result.state()).isEqualTo(RemoteState.FAILED);
        assertThat(result.error()).contains("the prompt was rejected by the model's content filter");
    }

    @Test
    void theEmulatorReportsCallsAndTimingsForBenchmarks() throws Exception {
        RunComfyProvider provider = start(b -> { });
        RequestId id = provider.submit(request(Map.of("prompt", "measured"))).id();
        awaitResult(provider, id);

        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(emulator.baseUrl().resolve("/_emulator/stats")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        com.fasterxml.jackson.databind.JsonNode stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        assertThat(stats.path("calls").path("submit").asInt()).isEqualTo(1);
        assertThat(stats.path("calls").path("status").asInt()).isPositive();
        assertThat(stats.path("jobs").get(0).path("request_id").asText()).isEqualTo(id.value());
        assertThat(java.time.Instant.parse(stats.path("jobs").get(0).path("finished_at").asText()))
                .isAfter(java.time.Instant.parse(stats.path("jobs").get(0).path("submitted_at").asText()));
        com.fasterxml.jackson.databind.JsonNode submits = stats.path("handling").path("submit");
        assertThat(submits.path("count").asInt()).isEqualTo(1);
        assertThat(submits.path("p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(submits.path("max_ms").asDouble());
        assertThat(stats.path("handling").path("status").path("count").asInt()).isEqualTo(stats.path("calls").path("status").asInt());
    }

    @Test
    void aJobsClockStartsWhenItsRequestArrivesNotOnceTheEmulatorHasReadIt() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T12:00:00Z");
        start(b -> b.clock(clock));
        byte[] body = "{\"prompt\": \"a slow client\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(emulator.baseUrl().getHost(), emulator.port())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/models/bytedance/seedream-5/lite/text-to-image HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + emulator.token() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body, 0, 5);
            out.flush();
            Await.until("the emulator to be handling the submit", Duration.ofSeconds(10), () -> emulator.calls("submit") == 1);
            clock.advance(Duration.ofSeconds(3));
            out.write(body, 5, body.length - 5);
            out.flush();
            Await.until("the submission to be accepted", Duration.ofSeconds(10), () -> emulator.submissions().size() == 1);
        }

        assertThat(emulator.submissions().get(0).at()).isEqualTo(java.time.Instant.parse("2026-11-21T12:00:00Z"));
    }

    @Test
    void mapsRunComfysWordsForStatesAndTreatsNewOnesAsUnfinished() {
        assertThat(List.of("in_queue", "in_progress", "completed", "succeeded", "failed", "cancelled", "warming_up"))
                .extracting(RunComfyProvider::state)
                .containsExactly(RemoteState.QUEUED, RemoteState.RUNNING, RemoteState.SUCCEEDED, RemoteState.SUCCEEDED,
                        RemoteState.FAILED, RemoteState.CANCELLED, RemoteState.UNKNOWN);
    }

    @Test
    void theTokenIsRedactedWhenPrinted() {
        assertThat(ApiToken.of("sk-secret").toString()).isEqualTo("ApiToken[redacted]");
    }

    /** A prompt for which the emulator returns {@code count} images when {@code max} is allowed. */
    private static String promptWithImageCount(int count, int max) {
        for (int i = 0; ; i++) {
            String prompt = "storyboard " + i;
            if (1 + Math.floorMod((long) prompt.hashCode(), max) == count) {
                return prompt;
            }
        }
    }
}
