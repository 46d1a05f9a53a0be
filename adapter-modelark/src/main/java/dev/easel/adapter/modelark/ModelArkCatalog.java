package dev.easel.adapter.modelark;

import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.out.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The Seedream models ModelArk documents, under the same Easel ids and with the same input names
 * and values as RunComfy's, so a batch moves from one provider to the other with one flag; plus
 * {@code watermark}, which only ModelArk has (it adds one unless told not to). The edit model is the
 * same ModelArk model given reference images ({@code image}). ModelArk publishes no
 * catalog API for image models, so the list is fixed here.
 *
 * <p>MODELARK_API.md gives the size rules of 5.0 Lite only (2K, 3K, or a size of 3,686,400 to
 * 10,404,496 pixels) and the output format for 5.0 Lite only. For the 4.x models Easel offers what
 * every Seedream model accepts: {@code 2K} and the 2K sizes; their output format is left to ModelArk.
 */
public final class ModelArkCatalog implements ModelCatalog {

    public static final ModelId SEEDREAM_5_LITE = ModelId.of("bytedance/seedream-5/lite/text-to-image");
    public static final ModelId SEEDREAM_5_LITE_EDIT = ModelId.of("bytedance/seedream-5/lite/edit");
    public static final ModelId SEEDREAM_4_5 = ModelId.of("bytedance/seedream-4-5/text-to-image");
    public static final ModelId SEEDREAM_4_0 = ModelId.of("bytedance/seedream-4-0/text-to-image");

    private static final List<String> SIZES_2K = List.of("2048x2048 (1:1)", "2304x1728 (4:3)", "1728x2304 (3:4)",
            "2848x1600 (16:9)", "1600x2848 (9:16)", "2496x1664 (3:2)", "1664x2496 (2:3)", "3136x1344 (21:9)");
    private static final List<String> SIZES_3K = List.of("3072x3072 (1:1)", "3456x2592 (4:3)", "2592x3456 (3:4)",
            "4096x2304 (16:9)", "2304x4096 (9:16)", "3744x2496 (3:2)", "2496x3744 (2:3)", "4704x2016 (21:9)");

    private static final ModelArkCatalog STANDARD = new ModelArkCatalog(List.of(
            new ArkModel(describe(SEEDREAM_5_LITE, "Seedream 5.0 Lite text-to-image",
                    "ByteDance's text-to-image model on ModelArk: precise layout, correct multilingual text, 2K to 4.7K pictures.",
                    resolutions(true), true, false), "seedream-5-0-lite-260128", true),
            new ArkModel(describe(SEEDREAM_5_LITE_EDIT, "Seedream 5.0 Lite edit",
                    "Seedream 5.0 Lite on ModelArk, guided by 1 to 14 reference images.",
                    resolutions(true), true, true), "seedream-5-0-lite-260128", true),
            new ArkModel(describe(SEEDREAM_4_5, "Seedream 4.5 text-to-image",
                    "ByteDance's Seedream 4.5 on ModelArk.", resolutions(false), false, false), "seedream-4-5-251128", false),
            new ArkModel(describe(SEEDREAM_4_0, "Seedream 4.0 text-to-image",
                    "ByteDance's Seedream 4.0 on ModelArk.", resolutions(false), false, false), "seedream-4-0-250828", false)));

    private final List<ArkModel> models;

    private ModelArkCatalog(List<ArkModel> models) {
        this.models = List.copyOf(models);
    }

    public static ModelArkCatalog standard() {
        return STANDARD;
    }

    @Override
    public List<ModelDescription> models() {
        return models.stream().map(ArkModel::description).toList();
    }

    @Override
    public Optional<ModelDescription> find(ModelId id) {
        return arkModel(id).map(ArkModel::description);
    }

    /** How ModelArk names and treats an Easel model. */
    Optional<ArkModel> arkModel(ModelId id) {
        return models.stream().filter(m -> m.description().id().equals(id)).findFirst();
    }

    /** An Easel model as ModelArk knows it: its ModelArk id, and whether it takes {@code output_format}. */
    record ArkModel(ModelDescription description, String arkId, boolean choosesFormat) {
    }

    private static List<String> resolutions(boolean threeK) {
        List<String> values = new ArrayList<>(List.of("2K"));
        if (threeK) {
            values.add("3K");
        }
        values.addAll(SIZES_2K);
        if (threeK) {
            values.addAll(SIZES_3K);
        }
        return values;
    }

    private static ModelDescription describe(ModelId id, String name, String summary, List<String> resolutions,
            boolean choosesFormat, boolean edits) {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.builder("prompt", FieldType.STRING).title("Prompt").required()
                .description("What to draw. Up to about 600 English words work best.").build());
        if (edits) {
            fields.add(FieldSpec.builder("image", FieldType.ARRAY).title("Reference images").required()
                    .description("1 to 14 images (URLs, or files sent as data URIs), at most 10 MB each; reference"
                            + " and generated images together at most 15.")
                    .items(FieldType.STRING).uri().itemCount(1, 14).build());
        }
        fields.add(FieldSpec.builder("resolution", FieldType.STRING).title("Resolution")
                .description("For 2K and 3K the model chooses width and height: describe the ratio, shape or use in"
                        + " the prompt. The other options fix the size (sent to ModelArk as size WxH).")
                .allowed(resolutions).defaultValue("2304x1728 (4:3)").build());
        fields.add(FieldSpec.builder("sequential_image_generation", FieldType.STRING).title("Sequential image generation")
                .description("auto: the model decides whether to return several images, and how many (up to max_images).")
                .allowed(List.of("auto", "disabled")).defaultValue("disabled").build());
        fields.add(FieldSpec.builder("max_images", FieldType.INTEGER).title("Max images")
                .description("Upper bound on the number of images; only effective when sequential_image_generation is auto.")
                .allowed(IntStream.rangeClosed(1, 15).boxed().toList()).defaultValue(15).build());
        if (choosesFormat) {
            fields.add(FieldSpec.builder("output_format", FieldType.STRING).title("Output format")
                    .description("The file format of the generated images.")
                    .allowed(List.of("png", "jpeg")).defaultValue("png").build());
        }
        if (!edits) {
            fields.add(FieldSpec.builder("optimize_prompt_options", FieldType.STRING).title("Prompt optimization")
                    .description("standard: better quality, slower. fast: quicker, average quality.")
                    .allowed(List.of("standard", "fast")).defaultValue("standard").build());
        }
        fields.add(FieldSpec.builder("watermark", FieldType.BOOLEAN).title("Watermark")
                .description("ModelArk only: add ModelArk's \"AI generated\" mark to the pictures.")
                .defaultValue(false).build());
        return new ModelDescription(id, name, summary, new InputSchema(id, fields));
    }
}
