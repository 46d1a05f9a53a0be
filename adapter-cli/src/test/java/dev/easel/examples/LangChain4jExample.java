package dev.easel.examples;

import dev.easel.adapter.langchain4j.EaselImageModel;
import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.runcomfy.RunComfyProvider;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.Easel;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import java.nio.file.Path;

/**
 * The LangChain4j example of docs/frameworks.md. The region between the tags is quoted in the page,
 * and FrameworkExamplesTest checks the two agree and runs it against the emulator.
 */
final class LangChain4jExample {

    private LangChain4jExample() {
    }

    static Image generate(String token, String baseUrl, Path folder) {
        // tag::example[]
        try (Easel easel = Easel.builder()
                .provider(RunComfyProvider.builder().token(token).baseUrl(baseUrl).build())
                .catalog(BundledModelCatalog.load())
                .store(FileImageStore.at(folder.resolve("images")))
                .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                .build()) {

            ImageModel model = EaselImageModel.builder(easel)     // LangChain4j's ImageModel
                    .input("resolution", "2048x2048")              // any input of the model's schema
                    .editModel("bytedance/seedream-5/lite/edit")   // what model.edit(image, prompt) runs
                    .build();

            Image fox = model.generate("a red fox in snow").content();
            Image dusk = model.edit(fox, "the same fox at dusk").content();
            return dusk;                           // url(): file:/…/images/<day>/<job>-1.png, Easel's stored copy
        }
        // end::example[]
    }
}
