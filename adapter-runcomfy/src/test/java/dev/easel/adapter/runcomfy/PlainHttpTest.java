package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * The token travels over HTTPS, except to this machine or where a test server is explicitly allowed.
 * Downloads follow the same rule: {@code HostPolicyTest} in adapter-provider-support.
 */
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
}
