package dev.easel.examples;

import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.runcomfy.RunComfyProvider;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.adapter.storage.file.FileJobRecords;
import dev.easel.core.Easel;
import dev.easel.core.model.Job;
import dev.easel.core.model.seedream.Resolution;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.JobListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The example of docs/embedding.md. The region between the tags is quoted in the guide, and
 * EmbeddingExampleTest checks the two agree and runs it, so the documentation cannot rot.
 */
final class EmbeddingExample {

    private EmbeddingExample() {
    }

    static Job generate(String token, String baseUrl, Path folder, List<String> progress) {
        // tag::example[]
        RunComfyProvider runComfy = RunComfyProvider.builder()
                .token(token)                      // for example System.getenv("RUNCOMFY_API_TOKEN")
                .baseUrl(baseUrl)                  // optional: https://model-api.runcomfy.net by default
                .build();

        try (Easel easel = Easel.builder()
                .provider(runComfy)
                .catalog(BundledModelCatalog.load())
                .store(FileImageStore.at(folder.resolve("images")))
                .records(FileJobRecords.at(folder.resolve("images")))   // <job-id>.json beside the images
                .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                .build()) {

            CompletableFuture<Job> future = easel.generateAsync(
                    SeedreamLiteTextToImage.prompt("a red fox in snow")
                            .resolution(Resolution.SQUARE_2048)
                            .build(),
                    new JobListener() {
                        @Override
                        public void onChange(Job job) {
                            progress.add(job.state().name());
                        }
                    });

            Job job = future.join();               // STORED, or FAILED/CANCELLED/EXPIRED with job.note()
            return job;                            // job.images(): key, bytes, sha256, width, height
        }
        // end::example[]
    }
}
