package dev.easel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a stored image is, as the frameworks' images carry it (LangChain4j's and Spring AI's adapters both ask). */
class EaselLocationTest {

    @Test
    void aUrlStaysAsItIs() {
        assertThat(Easel.asUri("https://bucket.s3.example.com/2026-01-01/job-1.png?X-Amz-Signature=abc"))
                .isEqualTo(URI.create("https://bucket.s3.example.com/2026-01-01/job-1.png?X-Amz-Signature=abc"));
    }

    @Test
    void aFilePathBecomesAFileUriEvenWithCharactersAUriRefuses() {
        assertThat(Easel.asUri("/data/easel output/job 1.png")).isEqualTo(Path.of("/data/easel output/job 1.png").toUri());
        assertThat(Easel.asUri("/data/out/job-1.png")).hasScheme("file").hasPath("/data/out/job-1.png");
        assertThat(Easel.asUri("easel-output/job-1.png")).isEqualTo(Path.of("easel-output/job-1.png").toUri());
        assertThat(Easel.asUri("C:/images/job-1.png")).as("a drive letter is no scheme").hasScheme("file");
    }
}
