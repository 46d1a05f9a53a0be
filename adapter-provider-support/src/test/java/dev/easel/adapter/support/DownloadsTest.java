package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Downloads over real HTTP from a loopback server that answers as scripted, one answer per request. */
class DownloadsTest {

    private static final byte[] PICTURE = "not really a picture, but bytes all the same".getBytes(StandardCharsets.UTF_8);
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(10));
    private static final Downloads.Wording OUTPUTS = new Downloads.Wording("output", "it expired", false);
    private static final Downloads.Wording IMAGES = new Downloads.Wording("image", "kept a day", true);

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server = start();

    private interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            s.createContext("/", exchange -> {
                seen.add(exchange);
                Answer next;
                synchronized (script) {
                    next = script.isEmpty() ? DownloadsTest::whole : script.poll();
                }
                try (exchange) {
                    next.send(exchange);
                }
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Downloads downloads(Downloads.Wording wording) {
        HostPolicy hosts = HostPolicy.of("127.0.0.1,localhost", URI.create("https://api.example.com"));
        return new Downloads(hosts, QUICK, Duration.ofSeconds(5), Duration.ofSeconds(5), SecretScrubber.of("sk-0123456789"), wording);
    }

    private static void whole(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, PICTURE.length);
        exchange.getResponseBody().write(PICTURE);
    }

    private static Answer status(int code, String... header) {
        return exchange -> {
            for (int i = 0; i + 1 < header.length; i += 2) {
                exchange.getResponseHeaders().add(header[i], header[i + 1]);
            }
            exchange.sendResponseHeaders(code, -1);
        };
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void anOutputIsStreamedWholeWithoutAnyCredential() throws IOException {
        assertThat(read(downloads(OUTPUTS).open(url("/files/a.png")))).isEqualTo(PICTURE);

        assertThat(seen).singleElement().satisfies(exchange -> {
            assertThat(exchange.getRequestHeaders()).doesNotContainKeys("Authorization", "Cookie");
            assertThat(exchange.getRequestHeaders().getFirst("User-Agent")).isEqualTo("easel/0.1");
        });
    }

    @Test
    void redirectsAreFollowedByHandEachHopChecked() throws IOException {
        String local = "http://localhost:" + server.getAddress().getPort() + "/files/moved.png";
        script.add(status(302, "Location", local));
        assertThat(read(downloads(OUTPUTS).open(url("/files/a.png")))).isEqualTo(PICTURE);
        assertThat(seen).hasSize(2);

        script.add(status(302, "Location", "https://cdn.elsewhere.example/a.png"));
        assertThatThrownBy(() -> downloads(OUTPUTS).open(url("/files/b.png")))
                .isInstanceOf(ProviderException.class)
                .hasMessage("refusing to download https://cdn.elsewhere.example/a.png: its host is not one outputs may"
                        + " come from (127.0.0.1,localhost,api.example.com); add it to EASEL_DOWNLOAD_HOSTS if you trust it");
        assertThat(seen).as("the refused host was never asked").hasSize(3);
    }

    @Test
    void aRefusedPlainHttpAddressNamesTheSwitchWhereTheAdapterSaysSo() {
        URI offMachine = URI.create("http://files.example.com/a.png");
        assertThatThrownBy(() -> downloads(IMAGES).open(offMachine))
                .hasMessage("refusing to download http://files.example.com/a.png: its host is not one images may come from"
                        + " (127.0.0.1,localhost,api.example.com); add it to EASEL_DOWNLOAD_HOSTS if you trust it, or, for plain http"
                        + " off this machine, EASEL_ALLOW_HTTP=true");
        assertThatThrownBy(() -> downloads(OUTPUTS).open(offMachine)).hasMessageNotContaining("EASEL_ALLOW_HTTP");
    }

    @Test
    void endlessRedirectsAreGivenUp() {
        for (int i = 0; i < 10; i++) {
            script.add(status(301, "Location", "/files/again.png"));
        }
        assertThatThrownBy(() -> downloads(OUTPUTS).open(url("/files/a.png")))
                .isInstanceOf(ProviderException.class).hasMessageEndingWith("was redirected more than 5 times");
        assertThat(seen).hasSize(6);
    }

    @Test
    void anOutputNoLongerServedHasExpiredInTheAdaptersWords() {
        script.add(status(404));
        assertThatThrownBy(() -> downloads(IMAGES).open(url("/files/a.png")))
                .isInstanceOf(OutputExpiredException.class)
                .hasMessage("the image " + url("/files/a.png") + " is no longer served (HTTP 404): kept a day");
        assertThat(seen).as("not tried again").hasSize(1);
    }

    @Test
    void serverFaultsAreTriedAgainWithinThePolicy() throws IOException {
        script.add(status(503));
        script.add(status(429, "Retry-After", "0"));
        assertThat(read(downloads(OUTPUTS).open(url("/files/a.png")))).isEqualTo(PICTURE);
        assertThat(seen).hasSize(3);

        seen.clear();
        for (int i = 0; i < 3; i++) {
            script.add(status(500));
        }
        assertThatThrownBy(() -> downloads(OUTPUTS).open(url("/files/b.png")))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessage("could not download " + url("/files/b.png") + " after 3 tries (HTTP 500)");
        assertThat(seen).hasSize(3);
    }

    @Test
    void aRefusalThatWillNotChangeIsNotTriedAgain() {
        script.add(status(400));
        assertThatThrownBy(() -> downloads(OUTPUTS).open(url("/files/a.png")))
                .isInstanceOf(ProviderException.class).isNotInstanceOf(ProviderUnavailableException.class)
                .hasMessageEndingWith("failed with HTTP 400");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aBodyShorterThanItsLengthIsAnInterruptionNotAWholeFile() throws IOException {
        script.add(exchange -> {
            exchange.sendResponseHeaders(200, PICTURE.length);
            exchange.getResponseBody().write(PICTURE, 0, PICTURE.length / 2);
            exchange.getResponseBody().flush();
            throw new IOException("the connection breaks here, on purpose");
        });
        try (InputStream in = downloads(OUTPUTS).open(url("/files/a.png"))) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(OutputInterruptedException.class)
                    .hasMessageContaining("after " + PICTURE.length / 2);
        }
    }

    @Test
    void theLengthCheckCountsSingleBytesAndBlocksAlike() throws IOException {
        InputStream complete = new Downloads.LengthCheckingInputStream(
                new java.io.ByteArrayInputStream(PICTURE), java.util.OptionalLong.of(PICTURE.length));
        assertThat(complete.read()).isEqualTo(PICTURE[0]);
        assertThat(complete.readAllBytes()).hasSize(PICTURE.length - 1);

        InputStream shortOne = new Downloads.LengthCheckingInputStream(
                new java.io.ByteArrayInputStream(PICTURE), java.util.OptionalLong.of(PICTURE.length + 1L));
        assertThatThrownBy(shortOne::readAllBytes).isInstanceOf(OutputInterruptedException.class)
                .hasMessage("the download ended after " + PICTURE.length + " of " + (PICTURE.length + 1) + " bytes");

        InputStream unknownLength = new Downloads.LengthCheckingInputStream(
                new java.io.ByteArrayInputStream(PICTURE), java.util.OptionalLong.empty());
        assertThat(unknownLength.readAllBytes()).isEqualTo(PICTURE);
    }
}
