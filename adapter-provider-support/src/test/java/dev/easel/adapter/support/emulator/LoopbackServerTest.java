package dev.easel.adapter.support.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An emulator's server and answers over real HTTP on loopback. */
class LoopbackServerTest {

    private static final byte[] PICTURE = new byte[1000];

    private static LoopbackServer server() throws IOException {
        return LoopbackServer.start(0, "test-emulator", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/who")) {
                    byte[] json = ("{\"bearer\":" + Exchanges.hasBearer(exchange, "s3cret") + "}").getBytes(StandardCharsets.UTF_8);
                    Exchanges.sendJson(exchange, 200, json);
                } else {
                    Exchanges.sendPicture(exchange, PICTURE, "jpeg", path.equals("/short.jpeg"));
                }
            } catch (BrokenOnPurpose expected) {
                // the connection closes with the exchange
            }
        });
    }

    private static HttpURLConnection open(LoopbackServer server, String path, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        return c;
    }

    @Test
    void jsonIsAnsweredAndTheBearerIsCheckedExactly() throws IOException {
        try (LoopbackServer server = server()) {
            HttpURLConnection right = open(server, "/who", "Bearer s3cret");
            assertThat(right.getHeaderField("Content-Type")).isEqualTo("application/json");
            assertThat(new String(right.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"bearer\":true}");
            for (String wrong : new String[] {null, "Bearer s3cre", "Bearer s3cret2", "bearer s3cret", "s3cret"}) {
                assertThat(new String(open(server, "/who", wrong).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .as(String.valueOf(wrong)).isEqualTo("{\"bearer\":false}");
            }
        }
    }

    @Test
    void aPictureIsServedWholeOrBrokenHalfWay() throws IOException {
        try (LoopbackServer server = server()) {
            HttpURLConnection whole = open(server, "/a.jpeg", null);
            assertThat(whole.getHeaderField("Content-Type")).isEqualTo("image/jpeg");
            assertThat(whole.getInputStream().readAllBytes()).hasSize(PICTURE.length);

            HttpURLConnection broken = open(server, "/short.jpeg", null);
            assertThat(broken.getContentLengthLong()).isEqualTo(PICTURE.length);
            assertThat(bytesBeforeTheEnd(broken)).as("half, then the end, early").isEqualTo(PICTURE.length / 2);
        }
    }

    /** What arrives before the body ends or breaks (the JDK's client may report either). */
    private static int bytesBeforeTheEnd(HttpURLConnection connection) throws IOException {
        int n = 0;
        try (InputStream body = connection.getInputStream()) {
            while (body.read() >= 0) {
                n++;
            }
        } catch (IOException broken) {
            return n;
        }
        return n;
    }

    @Test
    void itListensOnLoopbackOnlyAndStopsWhenClosed() throws IOException {
        LoopbackServer server = server();
        int port = server.port();
        assertThat(port).isPositive();
        server.close();
        assertThatThrownBy(() -> open(server, "/who", null).getResponseCode()).isInstanceOf(IOException.class);
    }
}
