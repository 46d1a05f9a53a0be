package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.modelark.emulator.Faults;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.RequestNotFoundException;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.Submission;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the port's contract does not say: ModelArk's own outcomes, the spool and the downloads. */
class ModelArkProviderTest {

    private final ModelArkEmulator emulator = ModelArkEmulator.builder().outputHost("localhost").start();

    @TempDir
    Path spool;

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ModelArkProvider provider(ResponseFormat format, String extraHosts) {
        return ModelArkProvider.builder().key(emulator.key()).baseUrl(emulator.baseUrl().toString()).responseFormat(format)
                .downloadHosts(extraHosts).spoolDirectory(spool).retries(ModelArkProviderContractTest.QUICK).build();
    }

    private static GenerationRequest request(Map<String, Object> inputs) {
        return GenerationRequest.validated(ModelArkCatalog.standard().find(ModelArkCatalog.SEEDREAM_5_LITE).orElseThrow().inputs(),
                inputs);
    }

    private static ProviderResult finished(Submission submission) {
        assertThat(submission).isInstanceOf(Submission.Finished.class);
        return ((Submission.Finished) submission).result();
    }

    @Test
    void everyImageIsAnOutputAndTheFailedOneIsNamed() {
        ProviderResult result = finished(provider(ResponseFormat.URL, "localhost").submit(request(Map.of(
                "prompt", "three " + ModelArkEmulator.PARTIAL_MARKER, "sequential_image_generation", "auto", "max_images", 3))));

        assertThat(result.state()).isEqualTo(RemoteState.SUCCEEDED);
        assertThat(result.outputs()).hasSize(2);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("image 2 failed (OutputImageSensitiveContentDetected)"));
        assertThat(emulator.billedImages()).isEqualTo(result.outputs().size());
    }

    @Test
    void aSensitivePromptFailsTheJobWithModelArksReason() {
        ProviderResult result = finished(provider(ResponseFormat.URL, "").submit(request(Map.of(
                "prompt", "x " + ModelArkEmulator.SENSITIVE_MARKER))));

        assertThat(result.state()).isEqualTo(RemoteState.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("sensitive")
                .contains("InputTextSensitiveContentDetected"));
    }

    @Test
    void urlsAreDownloadedWithoutTheKeyFromAllowedHostsOnly() throws IOException {
        ProviderResult result = finished(provider(ResponseFormat.URL, "localhost").submit(request(Map.of("prompt", "p"))));
        try (InputStream in = provider(ResponseFormat.URL, "localhost").openOutput(result.outputs().get(0))) {
            assertThat(in.readAllBytes()).startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(emulator.downloadsWithCredentials()).isZero();

        ModelArkProvider strict = provider(ResponseFormat.URL, "");
        assertThatThrownBy(() -> strict.openOutput(result.outputs().get(0)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("EASEL_DOWNLOAD_HOSTS");
    }

    @Test
    void anExpiredUrlSaysSoAndATruncatedOneIsCaught() throws IOException {
        ModelArkProvider provider = provider(ResponseFormat.URL, "localhost");
        URI output = finished(provider.submit(request(Map.of("prompt", "p")))).outputs().get(0);

        emulator.faults(Faults.always(Faults.Kind.TRUNCATE));
        try (InputStream in = provider.openOutput(output)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(OutputInterruptedException.class);
        }
        emulator.faults(Faults.always(Faults.Kind.EXPIRE));
        assertThatThrownBy(() -> provider.openOutput(output)).isInstanceOf(OutputExpiredException.class)
                .hasMessageContaining("24 hours");
    }

    @Test
    void inlineImagesAreSpooledUntilReleased() throws IOException {
        ModelArkProvider provider = provider(ResponseFormat.B64_JSON, "");
        ProviderResult result = finished(provider.submit(request(Map.of("prompt", "p", "output_format", "jpeg",
                "sequential_image_generation", "auto", "max_images", 2))));

        assertThat(result.outputs()).hasSize(2).allSatisfy(uri -> assertThat(uri.getScheme()).isEqualTo("file"));
        try (InputStream in = provider.openOutput(result.outputs().get(1))) {
            assertThat(in.readNBytes(2)).containsExactly(0xFF, 0xD8);
        }
        provider.release(result.outputs());
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(() -> provider.openOutput(result.outputs().get(0))).isInstanceOf(OutputExpiredException.class);
    }

    @Test
    void aFileOutsideTheSpoolIsNeverRead() throws IOException {
        Path elsewhere = Files.writeString(Files.createTempFile("not-spooled", ".txt"), "secret");
        try {
            assertThatThrownBy(() -> provider(ResponseFormat.B64_JSON, "").openOutput(elsewhere.toUri()))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("spool");
            provider(ResponseFormat.B64_JSON, "").release(java.util.List.of(elsewhere.toUri()));
            assertThat(elsewhere).exists();
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }

    @Test
    void thereIsNothingToFollowAndNothingToCancel() {
        ModelArkProvider provider = provider(ResponseFormat.URL, "");
        Submission submission = provider.submit(request(Map.of("prompt", "p")));

        assertThat(submission.id().value()).startsWith("ark-");
        assertThatThrownBy(() -> provider.status(submission.id())).isInstanceOf(RequestNotFoundException.class);
        assertThat(provider.cancellation()).isEmpty();
    }
}
