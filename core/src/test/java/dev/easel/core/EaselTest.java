package dev.easel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the facade adds for frameworks (LangChain4j's and Spring AI's adapters both use it). */
class EaselTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/out/1.png");

    private final ScriptedProvider provider = new ScriptedProvider();

    private Easel easel() {
        return Easel.builder().provider(provider).catalog(TestCatalog.seedream()).store(new InMemoryImageStore())
                .journal(new InMemoryJobJournal()).build();
    }

    @Test
    void nJobsRunSideBySideAndAllAreWaitedFor() {
        provider.synchronous().succeedsWith(Map.of(OUTPUT, TestImages.png(40, 30)));
        try (Easel easel = easel()) {
            List<Job> jobs = easel.generate(SeedreamLiteTextToImage.prompt("a red fox").build(), 3);

            assertThat(jobs).hasSize(3).allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.STORED));
            assertThat(jobs).extracting(Job::id).doesNotHaveDuplicates();
            assertThat(provider.submitted()).hasSize(3);
        }
    }

    @Test
    void aJobsErrorIsThrownAsRaisedAndFewerThanOneIsRefused() {
        try (Easel easel = easel()) {
            assertThatThrownBy(() -> easel.generate(SeedreamLiteTextToImage.prompt("a red fox").build(), 0))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("n").hasMessageContaining("at least 1");

            provider.synchronous().submitFails(new IllegalStateException("the provider broke"));
            assertThatThrownBy(() -> easel.generate(SeedreamLiteTextToImage.prompt("a red fox").build(), 2))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("the provider broke");
        }
    }

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
