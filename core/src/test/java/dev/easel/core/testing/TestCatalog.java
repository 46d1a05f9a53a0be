package dev.easel.core.testing;

import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.Resolution;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.out.ModelCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** A catalog with the Seedream 5 Lite text-to-image schema written out in Java, for core tests. */
public final class TestCatalog implements ModelCatalog {

    private final List<ModelDescription> models;

    public TestCatalog(ModelDescription... models) {
        this.models = List.of(models);
    }

    public static TestCatalog seedream() {
        return new TestCatalog(seedreamDescription());
    }

    public static ModelDescription seedreamDescription() {
        ModelId id = SeedreamLiteTextToImage.MODEL;
        return new ModelDescription(id, "Seedream 5.0 Lite text-to-image", "test copy", new InputSchema(id, List.of(
                FieldSpec.builder("prompt", FieldType.STRING).required().defaultValue("a default prompt").build(),
                FieldSpec.builder("resolution", FieldType.STRING)
                        .allowed(Arrays.stream(Resolution.values()).map(Resolution::value).toList())
                        .defaultValue("2304x1728 (4:3)").build(),
                FieldSpec.builder("sequential_image_generation", FieldType.STRING)
                        .allowed(List.of("auto", "disabled")).defaultValue("disabled").build(),
                FieldSpec.builder("max_images", FieldType.INTEGER)
                        .allowed(IntStream.rangeClosed(1, 15).boxed().toList()).defaultValue(15).build(),
                FieldSpec.builder("output_format", FieldType.STRING).allowed(List.of("png", "jpeg")).defaultValue("png").build(),
                FieldSpec.builder("optimize_prompt_options", FieldType.STRING)
                        .allowed(List.of("standard", "fast")).defaultValue("standard").build())));
    }

    @Override
    public List<ModelDescription> models() {
        return models;
    }
}
