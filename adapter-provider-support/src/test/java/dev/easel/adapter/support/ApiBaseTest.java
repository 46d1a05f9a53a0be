package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiBaseTest {

    private static final URI EXAMPLE = URI.create("https://api.example.com/v3");

    @Test
    void anHttpUrlIsKeptWithoutItsTrailingSlashes() {
        assertThat(ApiBase.parse("X_BASE_URL", " https://api.example.com/v3// ", EXAMPLE))
                .isEqualTo(URI.create("https://api.example.com/v3"));
    }

    @Test
    void anythingButAnHttpUrlWithAHostIsRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> ApiBase.parse("X_BASE_URL", "not a url", EXAMPLE))
                .isInstanceOf(ConfigurationException.class).hasMessage("X_BASE_URL \"not a url\" is not a URL");
        assertThatThrownBy(() -> ApiBase.parse("X_BASE_URL", "ftp://api.example.com", EXAMPLE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("X_BASE_URL \"ftp://api.example.com\" must be an http(s) URL such as " + EXAMPLE);
        assertThatThrownBy(() -> ApiBase.parse("X_BASE_URL", "//api.example.com", EXAMPLE))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be an http(s) URL");
    }

    @Test
    void plainHttpIsRefusedOffThisMachineUnlessAllowed() {
        assertThatThrownBy(() -> ApiBase.requireEncrypted("X_BASE_URL", URI.create("http://api.example.com"), false, "API key"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("X_BASE_URL \"http://api.example.com\" is plain http: the API key would travel in clear")
                .hasMessageContaining("EASEL_ALLOW_HTTP=true");
        assertThatCode(() -> ApiBase.requireEncrypted("X", URI.create("http://127.0.0.1:8080"), false, "API key"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ApiBase.requireEncrypted("X", URI.create("http://api.lan"), true, "API key"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ApiBase.requireEncrypted("X", URI.create("https://api.example.com"), false, "API key"))
                .doesNotThrowAnyException();
    }
}
