package dev.easel.adapter.runcomfy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.seedream.Resolution;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.testing.TestCatalog;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BundledModelCatalogTest {

    private final ModelDescription bundled = BundledModelCatalog.load().find(SeedreamLiteTextToImage.MODEL).orElseThrow();

    @Test
    void bundlesSeedreamLiteTextToImageWithBothPromptOptimisations() {
        assertThat(bundled.inputs().field("optimize_prompt_options").orElseThrow().allowed())
                .containsExactly("standard", "fast");
        assertThat(bundled.inputs().field("resolution").orElseThrow().allowed())
                .containsExactlyElementsOf(Arrays.stream(Resolution.values()).map(Resolution::value).toList());
        assertThat(bundled.inputs().field("prompt").orElseThrow().required()).isTrue();
    }

    @Test
    void bundlesTheEditModelWithAnArrayOfImageUris() {
        ModelDescription edit = BundledModelCatalog.load().find(ModelId.of("bytedance/seedream-5/lite/edit")).orElseThrow();
        FieldSpec image = edit.inputs().field("image").orElseThrow();

        assertThat(edit.inputs().problems()).isEmpty();
        assertThat(image.type()).isEqualTo(FieldType.ARRAY);
        assertThat(image.isFileInput()).isTrue();
        assertThat(image.required()).isTrue();
        assertThat(image.minItems()).isEqualTo(1);
        assertThat(image.maxItems()).isEqualTo(14);
        assertThat(edit.categories()).containsExactly("image-to-image");
        assertThat(edit.price()).hasToString("$0.028/image");
    }

    /** The typed builder and the core tests rely on the same rules the bundled JSON states. */
    @Test
    void agreesWithTheSchemaTheCoreTestsUse() {
        ModelDescription java = TestCatalog.seedreamDescription();
        assertThat(bundled.inputs().fields()).extracting(FieldSpec::name)
                .containsExactlyElementsOf(java.inputs().fields().stream().map(FieldSpec::name).toList());
        for (FieldSpec field : java.inputs().fields()) {
            FieldSpec other = bundled.inputs().field(field.name()).orElseThrow();
            assertThat(other.type()).as(field.name()).isEqualTo(field.type());
            assertThat(other.allowed()).as(field.name()).isEqualTo(field.allowed());
            assertThat(other.required()).as(field.name()).isEqualTo(field.required());
            if (!field.required()) {
                assertThat(other.defaultValue()).as(field.name()).isEqualTo(field.defaultValue());
            }
        }
    }
}
