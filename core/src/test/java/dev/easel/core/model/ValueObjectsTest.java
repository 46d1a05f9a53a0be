package dev.easel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.InvalidRequestException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

    @Test
    void modelIdsKeepTheirSlashes() {
        assertThat(ModelId.of("bytedance/seedream-5/lite/text-to-image").value())
                .isEqualTo("bytedance/seedream-5/lite/text-to-image");
    }

    @Test
    void modelIdsAreEqualByTheirValue() {
        ModelId id = ModelId.of("bytedance/seedream-5/lite/text-to-image");

        assertThat(id).isEqualTo(ModelId.of("bytedance/seedream-5/lite/text-to-image")).hasSameHashCodeAs(
                ModelId.of("bytedance/seedream-5/lite/text-to-image"));
        assertThat(id).isNotEqualTo(ModelId.of("bytedance/seedream-5/lite/image-to-image")).isNotEqualTo(id.value());
        assertThat(Set.of(id, ModelId.of("a/b"))).contains(ModelId.of("a/b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bytedance/X", "a//b", "/a", "a/", "a b", "../etc"})
    void badModelIdsAreRefusedWithTheirValue(String value) {
        assertThatThrownBy(() -> ModelId.of(value))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("model \"" + value + "\" is not a model id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "x y", "../x"})
    void requestIdsMustBeSafeInAPath(String value) {
        assertThatThrownBy(() -> RequestId.of(value)).hasMessageStartingWith("request_id \"" + value + "\"");
    }

    @Test
    void jobIdsSortByTimeAndRoundTrip() {
        JobId earlier = JobId.next(Instant.parse("2026-11-21T05:38:12Z"));
        JobId later = JobId.next(Instant.parse("2026-11-21T05:38:13Z"));

        assertThat(earlier.value()).startsWith("20261121-053812-").hasSize(22);
        assertThat(earlier.value()).isLessThan(later.value());
        assertThat(JobId.of(earlier.value())).isEqualTo(earlier);
        assertThat(JobId.looksLikeJobId("6e07d557-d7b6-4b9a")).isFalse();
        assertThatThrownBy(() -> JobId.of("job-1")).hasMessageStartingWith("job_id \"job-1\" is not an Easel job id");
    }

    @Test
    void promptsMustSaySomething() {
        assertThatThrownBy(() -> Prompt.of(null)).hasMessage("prompt must not be empty: describe the image to generate");
        assertThatThrownBy(() -> Prompt.of(" \n")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Prompt.of("x".repeat(Prompt.MAX_CHARS + 1)))
                .hasMessageContaining("at most " + Prompt.MAX_CHARS);
        assertThat(Prompt.of("word ".repeat(601)).isLong()).isTrue();
        assertThat(Prompt.of("a red fox").words()).isEqualTo(3);
    }

    @Test
    void storedImagesRefuseNonsense() {
        String sha = "a".repeat(64);
        assertThat(new StoredImage("2026-11-21/x-1.png", 10, sha, MediaType.PNG, 1, 1).key()).endsWith(".png");
        assertThatThrownBy(() -> new StoredImage("../x.png", 10, sha, MediaType.PNG, 1, 1))
                .hasMessageContaining("without '..'");
        assertThatThrownBy(() -> new StoredImage("x.png", 10, "nothex", MediaType.PNG, 1, 1))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> new StoredImage("x.png", 0, sha, MediaType.PNG, 1, 1))
                .hasMessageContaining("positive size");
    }
}
