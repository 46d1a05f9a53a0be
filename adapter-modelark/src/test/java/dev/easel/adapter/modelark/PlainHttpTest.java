package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * The key travels over HTTPS, except to this machine or where a test server is explicitly allowed.
 * Downloads follow the same rule: {@code HostPolicyTest} in adapter-provider-support.
 */
class PlainHttpTest {

    private static ModelArkProvider.Builder builder(String base) {
        return ModelArkProvider.builder().key("ark-0123456789").baseUrl(base);
    }

    @Test
    void anApiBaseOverPlainHttpIsRefusedUnlessItIsThisMachine() {
        assertThatThrownBy(() -> builder("http://ark.ap-southeast.bytepluses.com/api/v3").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("https").hasMessageContaining("EASEL_ALLOW_HTTP").hasMessageNotContaining("0123456789");

        assertThat(builder("http://127.0.0.1:9999/api/v3").build()).isNotNull();
        assertThat(builder("http://localhost:9999/api/v3").build()).isNotNull();
        assertThat(builder("https://ark.ap-southeast.bytepluses.com/api/v3").build()).isNotNull();
        assertThat(builder("http://test-server.lan:8080/api/v3").allowPlainHttp(true).build())
                .as("explicitly allowed for a test server").isNotNull();
    }
}
