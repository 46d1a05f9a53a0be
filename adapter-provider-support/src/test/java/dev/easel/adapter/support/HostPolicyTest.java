package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Paid outputs, and every redirect, come over HTTPS from allowed hosts only, except from this machine or an allowed test server. */
class HostPolicyTest {

    @Test
    void downloadsAndRedirectsOverPlainHttpAreRefusedUnlessToThisMachine() {
        HostPolicy policy = HostPolicy.of("*.runcomfy.net,*.runcomfy.com", URI.create("https://model-api.runcomfy.net"), false);

        assertThat(policy.allows(URI.create("https://cdn.runcomfy.net/a.png"))).isTrue();
        assertThat(policy.allows(URI.create("http://cdn.runcomfy.net/a.png"))).isFalse();
        assertThat(policy.allows(URI.create("ftp://cdn.runcomfy.net/a.png"))).isFalse();

        HostPolicy local = HostPolicy.of("127.0.0.1,localhost", URI.create("http://127.0.0.1:9999"), false);
        assertThat(local.allows(URI.create("http://127.0.0.1:9999/out/a.png"))).isTrue();
        assertThat(local.allows(URI.create("http://localhost:9999/out/a.png"))).isTrue();

        HostPolicy testing = HostPolicy.of("files.lan", URI.create("https://model-api.runcomfy.net"), true);
        assertThat(testing.allows(URI.create("http://files.lan/a.png"))).isTrue();
    }

    @Test
    void onlyListedHostsAndTheApisOwnAreAllowedAndNeverWithCredentialsInTheUrl() {
        HostPolicy strict = HostPolicy.of("*.bytepluses.com,*.byteplus.com,*.volces.com",
                URI.create("https://ark.ap-southeast.bytepluses.com/api/v3"), false);

        assertThat(strict.allows(URI.create("https://ark-content.tos-ap-southeast-1.bytepluses.com/a.png"))).isTrue();
        assertThat(strict.allows(URI.create("http://ark-content.tos-ap-southeast-1.bytepluses.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("https://evil.example.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("https://user:pass@x.bytepluses.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("ftp://x.bytepluses.com/a.png"))).isFalse();
        assertThat(strict.allows(URI.create("https://bytepluses.com.evil.example/a.png"))).isFalse();

        HostPolicy lenient = HostPolicy.of("test-server.lan", URI.create("http://test-server.lan:8080/api/v3"), true);
        assertThat(lenient.allows(URI.create("http://test-server.lan:8080/files/a.png"))).isTrue();

        HostPolicy apiOnly = HostPolicy.of("", URI.create("https://api.example.com"));
        assertThat(apiOnly.allows(URI.create("https://api.example.com/out/a.png"))).isTrue();
        assertThat(apiOnly.allows(URI.create("https://cdn.example.com/out/a.png"))).isFalse();
        assertThat(apiOnly).hasToString("api.example.com");
    }

    @Test
    void aPatternThatIsNoHostNameIsRefusedByName() {
        assertThatThrownBy(() -> HostPolicy.of("cdn.example.com,https://x.example.com", URI.create("https://api.example.com")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("\"https://x.example.com\"").hasMessageContaining("EASEL_DOWNLOAD_HOSTS");
    }

    @Test
    void loopbackIsKnownByNameAndAddress() {
        assertThat(HostPolicy.isLoopback("localhost")).isTrue();
        assertThat(HostPolicy.isLoopback("files.localhost")).isTrue();
        assertThat(HostPolicy.isLoopback("127.0.0.1")).isTrue();
        assertThat(HostPolicy.isLoopback("[::1]")).isTrue();
        assertThat(HostPolicy.isLoopback("128.0.0.1")).isFalse();
        assertThat(HostPolicy.isLoopback("localhost.example.com")).isFalse();
    }
}
