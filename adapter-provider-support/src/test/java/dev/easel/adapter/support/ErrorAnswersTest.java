package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Request;
import feign.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorAnswersTest {

    private static Response answer(Map<String, Collection<String>> headers, byte[] body) {
        Request request = Request.create(Request.HttpMethod.GET, "https://api.example.com/x", Map.of(), null,
                StandardCharsets.UTF_8, null);
        return Response.builder().status(429).reason("Too Many Requests").request(request).headers(headers).body(body).build();
    }

    @Test
    void theBodyIsReadAsTextUpTo64KibAndNoneIsEmpty() {
        assertThat(ErrorAnswers.body(answer(Map.of(), "{\"detail\":\"slow down\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("{\"detail\":\"slow down\"}");
        assertThat(ErrorAnswers.body(answer(Map.of(), "x".repeat(100_000).getBytes(StandardCharsets.UTF_8))))
                .hasSize(64 * 1024);
        assertThat(ErrorAnswers.body(answer(Map.of(), null))).isEmpty();
    }

    @Test
    void retryAfterIsFoundWhateverTheCaseOfItsName() {
        assertThat(ErrorAnswers.retryAfter(answer(Map.of("retry-after", List.of("2")), null))).contains(Duration.ofSeconds(2));
        assertThat(ErrorAnswers.retryAfter(answer(Map.of("Retry-After", List.of("later")), null))).isEmpty();
        assertThat(ErrorAnswers.retryAfter(answer(Map.of(), null))).isEmpty();
    }
}
