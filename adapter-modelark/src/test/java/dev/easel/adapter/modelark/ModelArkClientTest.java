package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.easel.adapter.modelark.emulator.Faults;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ModelId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation call over real HTTP against the emulator: answers, refusals, and the POST never sent twice. */
class ModelArkClientTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(10));

    private final ModelArkEmulator emulator = ModelArkEmulator.builder().start();

    @TempDir
    Path spool;

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ModelArkClient client(String key, URI base, ResponseFormat format) {
        ApiKey apiKey = ApiKey.of(key);
        return new ModelArkClient(new ModelArkClient.Settings(apiKey, base, format, ModelArkCatalog.standard(),
                new Spool(spool, 1 << 26), QUICK, Duration.ofSeconds(2), Duration.ofSeconds(20),
                SecretScrubber.of(apiKey.reveal())));
    }

    private ModelArkClient client(ResponseFormat format) {
        return client(emulator.key(), emulator.baseUrl(), format);
    }

    private static GenerationRequest request(Map<String, Object> inputs) {
        return GenerationRequest.validated(ModelArkCatalog.standard().find(ModelArkCatalog.SEEDREAM_5_LITE).orElseThrow().inputs(),
                inputs);
    }

    @Test
    void oneImageAsALinkWithoutWatermark() {
        Answer answer = client(ResponseFormat.URL).generate(request(Map.of("prompt", "a lighthouse", "resolution", "2048x2048 (1:1)")));

        assertThat(answer.entries()).singleElement().isInstanceOfSatisfying(Answer.Linked.class,
                linked -> assertThat(linked.size()).isEqualTo("2048x2048"));
        assertThat(emulator.calls()).singleElement().satisfies(call -> {
            assertThat(call.watermark()).isFalse();
            assertThat(call.body()).contains("\"size\":\"2048x2048\"");
        });
    }

    @Test
    void sequentialImagesInlineAreEachDecodedIntoTheSpool() throws IOException {
        Answer answer = client(ResponseFormat.B64_JSON).generate(request(Map.of("prompt", "a comic strip",
                "resolution", "2848x1600 (16:9)", "sequential_image_generation", "auto", "max_images", 3, "output_format", "jpeg")));

        assertThat(answer.entries()).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(Answer.Inline.class));
        for (Answer.Entry entry : answer.entries()) {
            byte[] head = Files.readAllBytes(((Answer.Inline) entry).file());
            assertThat(head[0] & 0xff).isEqualTo(0xFF);
            assertThat(head[1] & 0xff).isEqualTo(0xD8);
        }
        assertThat(answer.usage().orElseThrow().generatedImages()).contains(3);
        assertThat(emulator.billedImages()).isEqualTo(3);
    }

    @Test
    void aFailedImageLeavesTheOthers() {
        Answer answer = client(ResponseFormat.URL).generate(request(Map.of("prompt", "three " + ModelArkEmulator.PARTIAL_MARKER,
                "sequential_image_generation", "auto", "max_images", 3)));

        assertThat(answer.entries()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Linked", "Failed", "Linked");
        assertThat(answer.usage().orElseThrow().generatedImages()).contains(2);
    }

    @Test
    void aWrongKeyIsAnAuthenticationProblemThatNamesNoKey() {
        assertThatThrownBy(() -> client("ark-wrong-key-0123456789", emulator.baseUrl(), ResponseFormat.URL)
                .generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining("ark-wrong-key-0123456789");
        assertThat(emulator.count("rejected")).isEqualTo(1);
    }

    @Test
    void anOverdueAccountIsABalanceProblem() {
        emulator.overdue(true);

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(InsufficientBalanceException.class);
    }

    @Test
    void aSensitivePromptIsRefusedWithModelArksReason() {
        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(request(Map.of("prompt", "bad " + ModelArkEmulator.SENSITIVE_MARKER))))
                .isInstanceOfSatisfying(ArkFailure.class, f -> {
                    assertThat(f.isSensitiveContent()).isTrue();
                    assertThat(f.detail()).contains("sensitive information");
                });
    }

    @Test
    void anInvalidParameterComesBackAsInvalidInputWithModelArksMessage() {
        GenerationRequest tooSmall = GenerationRequest.restored(ModelArkCatalog.SEEDREAM_5_LITE,
                Map.of("prompt", "p", "resolution", "1024x1024 (1:1)"));

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(tooSmall))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.violations().get(0).field()).isEqualTo("resolution");
                    assertThat(e.getMessage()).contains("The parameter `size` specified in the request is not valid");
                });
    }

    @Test
    void aRateLimitIsRetriedBecauseNothingRan() {
        emulator.faults(Faults.always(Faults.Kind.RATE_LIMIT));

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("429");
        assertThat(emulator.count("generate")).isEqualTo(QUICK.maxAttempts());
        assertThat(emulator.billedImages()).isZero();
    }

    @Test
    void aServerErrorIsNeverSentAgain() {
        emulator.faults(Faults.always(Faults.Kind.SERVER_ERROR));

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class).hasMessageContaining("not sent again");
        assertThat(emulator.count("generate")).isEqualTo(1);
    }

    @Test
    void aLostAnswerIsNeverSentAgain() {
        emulator.faults(Faults.always(Faults.Kind.LOST_ANSWER));

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        assertThat(emulator.count("generate")).isEqualTo(1);
        assertThat(emulator.billedImages()).isEqualTo(1);
    }

    @Test
    void aLostAnswerOnAReusedConnectionIsNeverSentAgainByTheJdk() {
        ModelArkClient client = client(ResponseFormat.URL);
        client.generate(request(Map.of("prompt", "first, on a fresh connection")));
        emulator.faults(Faults.always(Faults.Kind.LOST_ANSWER));

        assertThatThrownBy(() -> client.generate(request(Map.of("prompt", "second, on the kept-alive connection"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        assertThat(emulator.count("generate")).isEqualTo(2);
    }

    @Test
    void anAnswerBrokenHalfWayLeavesNoSpoolFile() throws IOException {
        emulator.faults(Faults.always(Faults.Kind.BROKEN_ANSWER));

        assertThatThrownBy(() -> client(ResponseFormat.B64_JSON).generate(request(Map.of("prompt", "p",
                "sequential_image_generation", "auto", "max_images", 2))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        assertThat(emulator.count("generate")).isEqualTo(1);
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aConnectionNeverMadeIsTriedAgainAndThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> client(emulator.key(), URI.create("http://127.0.0.1:" + closedPort + "/api/v3"), ResponseFormat.URL)
                .generate(request(Map.of("prompt", "p"))))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("could not reach ModelArk");
    }

    @Test
    void aServerThatEchoesTheKeyNeverGetsItIntoAMessage() throws IOException {
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = ("{\"error\":{\"code\":\"InvalidParameter\",\"message\":\"bad header " + header + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
        try {
            String key = "ark-echoed-secret-42";
            assertThatThrownBy(() -> client(key, URI.create("http://127.0.0.1:" + echo.getAddress().getPort()), ResponseFormat.URL)
                    .generate(request(Map.of("prompt", "p"))))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageNotContaining(key).hasMessageContaining("[redacted]");
        } finally {
            echo.stop(0);
        }
    }

    @Test
    void anUnknownModelIdIsRefusedBeforeAnyCall() {
        GenerationRequest unknown = GenerationRequest.restored(ModelId.of("bytedance/seedream-9/text-to-image"), Map.of("prompt", "p"));

        assertThatThrownBy(() -> client(ResponseFormat.URL).generate(unknown))
                .hasMessageContaining("ModelArk does not run bytedance/seedream-9/text-to-image");
        assertThat(emulator.count("generate")).isZero();
    }
}
