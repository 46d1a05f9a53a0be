package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.FileInput;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.LocalFile;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase.FieldFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The model and its inputs as flags, shared by {@code generate} and {@code batch}: {@code --input}
 * and {@code --input-file} as RunComfy's own CLI takes them, then {@code --param}s, then the typed
 * Seedream flags, then {@code --image}s, each over the ones before.
 */
final class InputOptions {

    /** Made on first use: most command lines give no JSON, and a mapper costs a tenth of a short command's start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Option(names = "--resolution", paramLabel = "R", order = 10,
            description = "2K, 3K, or a size such as \"2304x1728 (4:3)\" or just 2304x1728 (default: the model's, 2304x1728).")
    String resolution;

    @Option(names = "--sequential", paramLabel = "auto|disabled", order = 11,
            description = "auto lets the model return several images (up to --max-images).")
    String sequential;

    @Option(names = "--max-images", paramLabel = "N", order = 12,
            description = "Upper bound on the number of images, 1 to 15 (with --sequential auto).")
    Integer maxImages;

    @Option(names = "--format", paramLabel = "png|jpeg", order = 13, description = "Output format (default png).")
    String format;

    @Option(names = "--optimize", paramLabel = "standard|fast", order = 14,
            description = "Prompt optimisation: standard (better) or fast.")
    String optimize;

    @Option(names = "--model", paramLabel = "ID", order = 15,
            description = "Any model of the catalog (default: ${DEFAULT-VALUE}); see `easel models`.")
    String model = SeedreamLiteTextToImage.MODEL.value();

    @Option(names = "--param", paramLabel = "KEY=VALUE", order = 16,
            description = {"Any model input by its schema name, typed by the schema; repeatable (a repeated key"
                    + " makes an array). KEY=@PATH sends a local image for a file input. See `easel schema`."})
    List<String> params = new ArrayList<>();

    @Option(names = "--input", paramLabel = "JSON", order = 17, description = "Inputs as one JSON object, as `runcomfy run` takes them.")
    String inputJson;

    @Option(names = "--input-file", paramLabel = "FILE|-", order = 18, description = "Inputs as a JSON object read from FILE, or stdin with -.")
    String inputFile;

    @Option(names = "--image", paramLabel = "PATH|URL", order = 19,
            description = "An image for the model's file input (a local file or an https URL); repeatable.")
    List<String> images = new ArrayList<>();

    ModelId modelId() {
        return ModelId.of(model);
    }

    /** The inputs the flags set, as text, before the schema is known (batch defaults). */
    Map<String, Object> inputs() {
        Map<String, Object> inputs = new LinkedHashMap<>(readJson());
        paramValues().forEach(inputs::put);
        putIfGiven(inputs, "resolution", resolution);
        putIfGiven(inputs, "sequential_image_generation", sequential);
        putIfGiven(inputs, "max_images", maxImages);
        putIfGiven(inputs, "output_format", format);
        putIfGiven(inputs, "optimize_prompt_options", optimize);
        return inputs;
    }

    /**
     * The inputs for {@code schema}: arrays given as text split, {@code --image} added to the model's
     * file input, and every local file ({@code @PATH}, or an {@code --image} that is no URL) checked
     * and made fetchable by {@code files}. Unusable files are all named at once, nothing is sent.
     */
    Map<String, Object> inputs(InputSchema schema, PrepareFileInputsUseCase files) {
        Map<String, Object> inputs = inputs();
        if (!images.isEmpty()) {
            FieldSpec field = imageField(schema);
            List<Object> values = new ArrayList<>(asList(inputs.get(field.name())));
            images.forEach(i -> values.add(isUrl(i) ? i : "@" + i));
            inputs.put(field.name(), field.type() == FieldType.ARRAY || values.size() > 1 ? values : values.get(0));
        }
        for (FieldSpec field : schema.fields()) {
            if (field.type() == FieldType.ARRAY && inputs.get(field.name()) instanceof String text) {
                inputs.put(field.name(), splitArray(field, text));
            }
        }
        return withLocalFiles(schema, inputs, files);
    }

    private Map<String, Object> withLocalFiles(InputSchema schema, Map<String, Object> inputs, PrepareFileInputsUseCase files) {
        List<FieldFile> local = new ArrayList<>();
        List<Violation> missing = new ArrayList<>();
        for (FieldSpec field : schema.fileInputs()) {
            for (Object value : asList(inputs.get(field.name()))) {
                if (value instanceof String text && text.startsWith("@")) {
                    Path path = Path.of(text.substring(1));
                    if (!Files.isRegularFile(path)) {
                        missing.add(new Violation(field.name(), text.substring(1), "is not a file"));
                        continue;
                    }
                    try {
                        local.add(new FieldFile(field.name(), new LocalFile(text.substring(1), Files.size(path),
                                () -> Files.newInputStream(path))));
                    } catch (IOException e) {
                        missing.add(new Violation(field.name(), text.substring(1), "cannot be read: " + e.getMessage()));
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(missing);
        }
        if (local.isEmpty()) {
            return inputs;
        }
        List<FileInput> prepared = files.prepare(local);
        int next = 0;
        Map<String, Object> resolved = new LinkedHashMap<>(inputs);
        for (FieldSpec field : schema.fileInputs()) {
            Object value = inputs.get(field.name());
            if (value instanceof List<?> list) {
                List<Object> replaced = new ArrayList<>();
                for (Object item : list) {
                    replaced.add(item instanceof String t && t.startsWith("@") ? prepared.get(next++) : item);
                }
                resolved.put(field.name(), replaced);
            } else if (value instanceof String t && t.startsWith("@")) {
                resolved.put(field.name(), prepared.get(next++));
            }
        }
        return resolved;
    }

    /** The one file input {@code --image} fills: the only one, or else the first required one. */
    private static FieldSpec imageField(InputSchema schema) {
        List<FieldSpec> candidates = schema.fileInputs();
        if (candidates.size() > 1) {
            candidates = candidates.stream().filter(FieldSpec::required).toList();
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String names = String.join(", ", schema.fileInputs().stream().map(FieldSpec::name).toList());
        throw InvalidRequestException.of("--image", null, schema.fileInputs().isEmpty()
                ? "cannot be used: " + schema.model() + " takes no file input"
                : "is ambiguous: " + schema.model() + " takes several files (" + names + "); use --param NAME=@PATH");
    }

    private static List<Object> splitArray(FieldSpec field, String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("[")) {
            try {
                JsonNode node = Json.MAPPER.readTree(trimmed);
                if (node.isArray()) {
                    return Json.MAPPER.convertValue(node, List.class);
                }
            } catch (IOException e) {
                throw InvalidRequestException.of(field.name(), text, "is not a JSON array: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (field.isFileInput()) {
            return List.of(text);
        }
        return new ArrayList<>(Arrays.stream(text.split(",")).map(String::trim).toList());
    }

    private Map<String, Object> paramValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String param : params) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw InvalidRequestException.of("--param", param, "must be KEY=VALUE, such as --param width=1024");
            }
            String key = param.substring(0, eq).trim();
            String value = param.substring(eq + 1);
            Object before = values.get(key);
            if (before == null) {
                values.put(key, value);
            } else {
                List<Object> list = new ArrayList<>(asList(before));
                list.add(value);
                values.put(key, list);
            }
        }
        return values;
    }

    /** Read once: stdin can be read only once. */
    private Map<String, Object> json;

    private Map<String, Object> readJson() {
        if (json == null) {
            json = parseJson();
        }
        return json;
    }

    private Map<String, Object> parseJson() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (inputFile != null) {
            values.putAll(parseObject("--input-file", inputFile, readInputFile()));
        }
        if (inputJson != null) {
            values.putAll(parseObject("--input", inputJson, inputJson));
        }
        return values;
    }

    private String readInputFile() {
        try {
            if (inputFile.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(inputFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidRequestException.of("--input-file", inputFile, "cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, Object> parseObject(String option, String shown, String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw InvalidRequestException.of(option, abbreviate(shown), "must be a JSON object of inputs, such as {\"prompt\": \"a fox\"}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.convertValue(node, Map.class);
            return map;
        } catch (IOException e) {
            throw InvalidRequestException.of(option, abbreviate(shown), "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "…" : text;
    }

    private static List<?> asList(Object value) {
        return value == null ? List.of() : value instanceof List<?> list ? list : List.of(value);
    }

    private static boolean isUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:");
    }

    private static void putIfGiven(Map<String, Object> inputs, String name, Object value) {
        if (value != null) {
            inputs.put(name, value);
        }
    }
}
