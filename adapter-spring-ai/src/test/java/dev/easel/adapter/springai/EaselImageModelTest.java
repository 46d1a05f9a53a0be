package dev.easel.adapter.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.runcomfy.RunComfyProvider;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.Easel;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;

/** Easel behind Spring AI's {@link ImageModel}, used only through Spring AI's types, against the RunComfy emulator. */
class EaselImageModelTest {

    @TempDir
    Path folder;

    private RunComfyEmulator emulator;
    private Easel easel;
    private ImageModel model;

    @BeforeEach
    void start() {
        emulator = RunComfyEmulator.builder().timing(Duration.ofMillis(50), Duration.ofMillis(150)).start();
        easel = Easel.builder()
                .provider(RunComfyProvider.builder().token(emulator.token()).baseUrl(emulator.baseUrl().toString()).build())
                .catalog(BundledModelCatalog.load())
                .store(FileImageStore.at(folder.resolve("images")))
                .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                .build();
        model = EaselImageModel.of(easel);
    }

    @AfterEach
    void stop() {
        easel.close();
        emulator.close();
    }

    @Test
    void aPromptWithWidthAndHeightBecomesTheModelsResolutionAndAStoredCopy() throws Exception {
        ImageResponse response = model.call(new ImagePrompt("a harbour in fog",
                ImageOptionsBuilder.builder().width(2848).height(1600).build()));

        URI url = URI.create(response.getResult().getOutput().getUrl());
        assertThat(url.getScheme()).isEqualTo("file");
        assertThat(Path.of(url)).startsWith(folder.resolve("images"));
        assertThat(header(Path.of(url))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2848, 1600));
        assertThat(response.getResult().getOutput().getB64Json()).isNull();
        assertThat((String) response.getMetadata().get("model")).isEqualTo("bytedance/seedream-5/lite/text-to-image");
        assertThat(emulator.submissions()).singleElement().satisfies(s -> {
            assertThat(s.inputs()).containsEntry("prompt", "a harbour in fog");
            assertThat(s.inputs()).containsEntry("resolution", "2848x1600 (16:9)");
        });
    }

    @Test
    void nImagesAreNJobsAndEaselOptionsReachTheModelsInputs() throws Exception {
        ImageResponse response = model.call(new ImagePrompt("two kites",
                EaselImageOptions.builder().n(2).input("output_format", "jpeg").build()));

        assertThat(response.getResults()).hasSize(2).extracting(r -> Path.of(URI.create(r.getOutput().getUrl())))
                .allSatisfy(file -> assertThat(header(file).mediaType()).isEqualTo(MediaType.JPEG))
                .doesNotHaveDuplicates();
        assertThat(emulator.submissions()).hasSize(2)
                .allSatisfy(s -> assertThat(s.inputs()).containsEntry("output_format", "jpeg"));
    }

    @Test
    void optionsEaselCannotHonourAreRefusedTogetherAndNothingIsSubmitted() {
        ImageOptions options = ImageOptionsBuilder.builder().width(999).height(999).responseFormat("b64_json")
                .style("vivid").build();

        assertThatThrownBy(() -> model.call(new ImagePrompt("a fox", options)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("width x height", "style", "responseFormat"))
                .hasMessageContaining("\"999x999\" is not a size").hasMessageContaining("2304x1728")
                .hasMessageContaining("b64_json");
        assertThat(emulator.submissions()).isEmpty();
    }

    @Test
    void optionsOfAnotherVendorAreRefusedRatherThanHalfUsed() {
        ImageOptions vendor = new ImageOptions() {
            @Override
            public Integer getN() {
                return 1;
            }

            @Override
            public String getModel() {
                return null;
            }

            @Override
            public Integer getWidth() {
                return null;
            }

            @Override
            public Integer getHeight() {
                return null;
            }

            @Override
            public String getResponseFormat() {
                return null;
            }

            @Override
            public String getStyle() {
                return null;
            }
        };

        assertThatThrownBy(() -> model.call(new ImagePrompt("a fox", vendor)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("EaselImageOptions");
        assertThat(emulator.submissions()).isEmpty();
    }

    @Test
    void aSchemaViolationNamesTheFieldAndNothingIsSubmitted() {
        assertThatThrownBy(() -> model.call(new ImagePrompt("a fox",
                EaselImageOptions.builder().input("max_images", 99).input("colour", "red").build())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("max_images", "colour"));
        assertThat(emulator.submissions()).isEmpty();
    }

    private static ImageHeaders.Header header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ImageHeaders.read(bytes, bytes.length).orElseThrow();
    }

}
