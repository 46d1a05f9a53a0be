package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.out.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelCatalog} must do. Each provider's catalog test extends this, so that the
 * same Easel model id and inputs mean the same thing whichever provider runs them.
 */
public abstract class ModelCatalogContract {

    protected ModelCatalog catalog;

    protected abstract ModelCatalog newCatalog() throws Exception;

    @BeforeEach
    void freshCatalog() throws Exception {
        catalog = newCatalog();
    }

    @Test
    void listsModelsOnceEachAndFindsEveryOneItLists() {
        List<ModelDescription> models = catalog.models();

        assertThat(models).isNotEmpty();
        assertThat(models).extracting(ModelDescription::id).doesNotHaveDuplicates();
        for (ModelDescription model : models) {
            assertThat(catalog.find(model.id())).as("find(%s)", model.id()).contains(model);
            assertThat(model.inputs().model()).isEqualTo(model.id());
        }
    }

    @Test
    void anIdItDoesNotOfferIsNotFound() {
        assertThat(catalog.find(ModelId.of("nobody/no-such-model"))).isEmpty();
    }

    @Test
    void seedreamLiteTakesTheSameInputsOnEveryProvider() {
        ModelDescription seedream = catalog.find(SeedreamLiteTextToImage.MODEL).orElseThrow(() ->
                new AssertionError("every provider offers " + SeedreamLiteTextToImage.MODEL));
        Map<String, Object> inputs = SeedreamLiteTextToImage.prompt("a lighthouse").build().inputs();

        GenerationRequest request = GenerationRequest.validated(seedream.inputs(), inputs);
        GenerationRequest bareSize = GenerationRequest.validated(seedream.inputs(),
                Map.of("prompt", "a lighthouse", "resolution", "2848x1600", "output_format", "jpeg", "max_images", 3,
                        "sequential_image_generation", "auto"));

        assertThat(request.inputs()).containsEntry("prompt", "a lighthouse");
        assertThat(bareSize.inputs()).containsEntry("resolution", "2848x1600 (16:9)").containsEntry("max_images", 3);
    }
}
