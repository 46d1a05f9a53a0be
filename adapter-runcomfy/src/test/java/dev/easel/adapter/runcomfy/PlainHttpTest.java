package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The token and paid outputs travel over HTTPS, except to this machine or where a test server is explicitly allowed. */
class PlainHttpTest {

    @Test
    void anApiBaseOverPlainHttpIsRefusedUnlessItIsThisMachine() {
        assertThatThrownBy(() -> RunComfyProvider.builder().token("tok-0123456789").baseUrl("http://model-api.runcomfy.net").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("https").hasMessageContaining("EASEL_ALLOW_HTTP");

        assertThat(RunComfyProvider.builder().token("tok-0123456789").baseUrl("http://127.0.0.1:9999").build()).isNotNull();
        assertThat(RunComfyProvider.builder().token("tok-0123456789").baseUrl("http://localhost:9999").build()).isNotNull();
        assertThat(RunComfyProvider.builder().token("tok-0123456789").baseUrl("http://[::1]:9999").build()).isNotNull();
        assertThat(RunComfyProvider.builder().token("tok-0123456789").baseUrl("https://model-api.runcomfy.net").build()).isNotNull();
        assertThat(RunComfyProvider.builder().token("tok-0123456789").allowPlainHttp(true)
                .baseUrl("http://test-server.lan:8080").build()).as("explicitly allowed for a test server").isNotNull();
    }

    @Test
    void downloadsAndRedirectsOverPlainHttpAreRefusedUnlessToThisMachine() {
        HostPolicy policy = HostPolicy.of(HostPolicy.DEFAULT_PATTERNS, URI.create("https://model-api.runcomfy.net"), false);

        assertThat(policy.allows(URI.create("https://cdn.runcomfy.net/a.png"))).isTrue();
        assertThat(policy.allows(URI.create("http://cdn.runcomfy.net/a.png"))).isFalse();
        assertThat(policy.allows(URI.create("ftp://cdn.runcomfy.net/a.png"))).isFalse();

        HostPolicy local = HostPolicy.of("127.0.0.1,localhost", URI.create("http://127.0.0.1:9999"), false);
        assertThat(local.allows(URI.create("http://127.0.0.1:9999/out/a.png"))).isTrue();
        assertThat(local.allows(URI.create("http://localhost:9999/out/a.png"))).isTrue();

        HostPolicy testing = HostPolicy.of("files.lan", URI.create("https://model-api.runcomfy.net"), true);
        assertThat(testing.allows(URI.create("http://files.lan/a.png"))).isTrue();
    }
}
