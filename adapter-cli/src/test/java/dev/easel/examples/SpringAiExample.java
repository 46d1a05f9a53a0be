package dev.easel.examples;

import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.runcomfy.RunComfyProvider;
import dev.easel.adapter.springai.EaselImageModel;
import dev.easel.adapter.springai.EaselImageOptions;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.Easel;
import java.nio.file.Path;
import java.util.List;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;

/**
 * The Spring AI example of docs/frameworks.md. The region between the tags is quoted in the page,
 * and FrameworkExamplesTest checks the two agree and runs it against the emulator.
 */
final class SpringAiExample {

    private SpringAiExample() {
    }

    static List<String> generate(String token, String baseUrl, Path folder) {
        // tag::example[]
        try (Easel easel = Easel.builder()
                .provider(RunComfyProvider.builder().token(token).baseUrl(baseUrl).build())
                .catalog(BundledModelCatalog.load())
                .store(FileImageStore.at(folder.resolve("images")))
                .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                .build()) {

            ImageModel model = EaselImageModel.of(easel);          // Spring AI's ImageModel; a @Bean in an app

            ImageResponse wide = model.call(new ImagePrompt("a harbour in fog",
                    ImageOptionsBuilder.builder().width(2848).height(1600).build()));   // "2848x1600 (16:9)"
            ImageResponse jpegs = model.call(new ImagePrompt("two kites over a beach",
                    EaselImageOptions.builder().n(2).input("output_format", "jpeg").build()));

            return List.of(wide.getResult().getOutput().getUrl(),      // file:/…/images/<day>/<job>-1.png
                    jpegs.getResults().get(0).getOutput().getUrl(),
                    jpegs.getResults().get(1).getOutput().getUrl());
        }
        // end::example[]
    }
}
