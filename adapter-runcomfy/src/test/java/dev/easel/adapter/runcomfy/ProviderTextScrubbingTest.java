package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A RunComfy that quotes the caller's token back in its answers, over real HTTP: no text the provider
 * hands to core may carry the token or a fragment of it, and every such text is capped.
 */
class ProviderTextScrubbingTest {

    private static final String TOKEN = "rc_9fK2mQ7xW4pLzT8vB1nY6cH3dJ5sG0aEuRtQ7";
    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5));

    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private HttpServer server;
    private RunComfyProvider provider;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer a = answer.get();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        provider = RunComfyProvider.builder().token(TOKEN)
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).retries(ONCE).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anErrorBodyQuotingTheTokenAcrossTheCutReachesNoMessage() {
        // The token starts 20 characters before the 600-character cut.
        String detail = "x".repeat(SecretScrubber.MAX_LENGTH - 20) + "Bearer " + TOKEN + " was refused";
        answer.set(new Answer(400, "{\"detail\":\"" + detail + "\"}"));

        Throwable thrown = catchThrowable(() -> provider.status(RequestId.of("r-1")));

        assertThat(thrown).isNotNull();
        assertNoFragment(thrown.getMessage());
        assertThat(thrown.getMessage().length()).isLessThan(SecretScrubber.MAX_LENGTH + 300);
    }

    @Test
    void anErrorCodeOnHttp200QuotingTheTokenReachesNoMessage() {
        answer.set(new Answer(200, "{\"error_code\":403001,\"error_message\":\"token " + TOKEN.substring(4, 30) + " is invalid\"}"));

        Throwable thrown = catchThrowable(() -> provider.status(RequestId.of("r-1")));

        assertThat(thrown).hasMessageContaining("[redacted]");
        assertNoFragment(thrown.getMessage());
    }

    @Test
    void theErrorTextOfAFailedResultIsScrubbedAndCapped() {
        String long_ = "y".repeat(5000);
        answer.set(new Answer(200, "{\"status\":\"failed\",\"error\":{\"message\":\"worker used " + TOKEN
                + " then " + TOKEN.substring(10) + " \\u001b]0;title\\u0007 " + long_ + "\"}}"));

        ProviderResult result = provider.result(RequestId.of("r-1"));

        assertThat(result.state()).isEqualTo(RemoteState.FAILED);
        String error = result.error().orElseThrow();
        assertNoFragment(error);
        assertThat(error).contains("[redacted]").doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(error.length()).isLessThanOrEqualTo(SecretScrubber.MAX_LENGTH + 1);
    }

    @Test
    void anUndocumentedStateWordQuotingTheTokenIsScrubbed() {
        answer.set(new Answer(200, "{\"status\":\"weird-" + TOKEN + "\"}"));

        ProviderStatus status = provider.status(RequestId.of("r-1"));

        assertThat(status.state()).isEqualTo(RemoteState.UNKNOWN);
        assertNoFragment(status.rawState());
    }

    @Test
    void anOutputThatIsNotAUrlIsReportedWithoutTheToken() {
        answer.set(new Answer(200, "{\"status\":\"succeeded\",\"output\":{\"image\":\"not a url " + TOKEN + "\"}}"));

        Throwable thrown = catchThrowable(() -> provider.result(RequestId.of("r-1")));

        assertThat(thrown).isNotNull();
        assertNoFragment(thrown.getMessage());
    }

    private static void assertNoFragment(String text) {
        for (int i = 0; i + SecretScrubber.MIN_FRAGMENT <= TOKEN.length(); i++) {
            assertThat(text).doesNotContain(TOKEN.substring(i, i + SecretScrubber.MIN_FRAGMENT));
        }
    }
}
