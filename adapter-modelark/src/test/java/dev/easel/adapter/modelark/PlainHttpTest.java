package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.SecretScrubber;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The key and paid images travel over HTTPS, except to this machine or where a test server is explicitly allowed. */
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

    @Test
    void downloadsOverPlainHttpAreRefusedUnlessToThisMachine() {
        Downloads strict = new Downloads(Downloads.DEFAULT_HOSTS, URI.create("https://ark.ap-southeast.bytepluses.com/api/v3"),
                false, Retries.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(1), SecretScrubber.none());

        assertThat(strict.allows(URI.create("https://ark-content.tos-ap-southeast-1.bytepluses.com/a.png"))).isTrue();
        assertThat(strict.allows(URI.create("http://ark-content.tos-ap-southeast-1.bytepluses.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("https://evil.example.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("https://user:pass@x.bytepluses.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("ftp://x.bytepluses.com/a.png"))).isFalse();

        Downloads lenient = new Downloads("test-server.lan", URI.create("http://test-server.lan:8080/api/v3"),
                true, Retries.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(1), SecretScrubber.none());
        assertThat(lenient.allows(URI.create("http://test-server.lan:8080/files/a.png"))).isTrue();
    }
}
