package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FieldType;
import dev.easel.core.model.SchemaProblem;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel schema [MODEL]}: a model's inputs, with allowed values and defaults. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Show a model's inputs: type, allowed values, default, and what each does.")
final class SchemaCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "Model id (default: ${DEFAULT-VALUE}).")
    private String model = SeedreamLiteTextToImage.MODEL.value();

    @Option(names = "--json", description = "Print the schema as JSON.")
    private boolean json;

    SchemaCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(false, providerOption.overrides(Map.of()))) {
            ModelDescription description = session.models().describe(ModelId.of(model));
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(asJson(description)));
                return ExitCode.OK;
            }
            print(description, out);
        }
        return ExitCode.OK;
    }

    private static void print(ModelDescription description, PrintWriter out) {
        out.println(description.id() + " — " + description.name());
        if (!description.summary().isEmpty()) {
            out.println(description.summary());
        }
        if (!description.categories().isEmpty() || description.price() != null) {
            out.println(String.join(", ", description.categories())
                    + (description.price() == null ? "" : (description.categories().isEmpty() ? "" : "; ") + description.price()));
        }
        out.println();
        for (FieldSpec field : description.inputs().fields()) {
            out.println(field.name() + " (" + typeText(field) + (field.required() ? ", required" : "") + ")");
            if (!field.allowed().isEmpty()) {
                out.println("    allowed: " + field.contiguousIntegerRange()
                        .map(r -> r[0] + " to " + r[1])
                        .orElseGet(() -> field.allowed().stream().map(String::valueOf).collect(Collectors.joining(", "))));
            }
            if (field.minimum() != null || field.maximum() != null) {
                out.println("    range: " + bounds(field.minimum(), field.maximum()));
            }
            if (field.minLength() != null || field.maxLength() != null) {
                out.println("    length: " + bounds(field.minLength(), field.maxLength()) + " characters");
            }
            if (field.minItems() != null || field.maxItems() != null) {
                out.println("    items: " + bounds(field.minItems(), field.maxItems()));
            }
            if (field.isFileInput()) {
                out.println("    a file: a URL, or a local file with --image PATH or --param " + field.name() + "=@PATH");
            }
            field.defaultOptional().filter(d -> !field.required())
                    .ifPresent(d -> out.println("    default: " + d));
            if (!field.description().isEmpty()) {
                out.println("    " + field.description());
            }
        }
        if (!description.inputs().problems().isEmpty()) {
            out.println();
            out.println("The catalog's schema for this model is inconsistent; Easel cannot check these inputs:");
            description.inputs().problems().forEach(p -> out.println("    " + p.message()));
        }
    }

    private static String typeText(FieldSpec field) {
        String element = field.elementType().jsonName() + (field.isFileInput() ? " (uri)" : "");
        return field.type() == FieldType.ARRAY ? "array of " + element : element;
    }

    private static String bounds(Object min, Object max) {
        return (min == null ? "" : plain(min)) + " to " + (max == null ? "" : plain(max));
    }

    private static String plain(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    private static Map<String, Object> asJson(ModelDescription description) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldSpec f : description.inputs().fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("type", f.type().jsonName());
            if (f.type() == FieldType.ARRAY) {
                field.put("items", f.itemType().jsonName());
            }
            if (f.isFileInput()) {
                field.put("format", "uri");
            }
            field.put("title", f.title());
            field.put("description", f.description());
            field.put("required", f.required());
            f.defaultOptional().ifPresent(d -> field.put("default", d));
            if (!f.allowed().isEmpty()) {
                field.put("enum", f.allowed());
            }
            if (f.minimum() != null) {
                field.put("minimum", f.minimum());
            }
            if (f.maximum() != null) {
                field.put("maximum", f.maximum());
            }
            putIfSet(field, "minLength", f.minLength());
            putIfSet(field, "maxLength", f.maxLength());
            putIfSet(field, "minItems", f.minItems());
            putIfSet(field, "maxItems", f.maxItems());
            fields.put(f.name(), field);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("id", description.id().value());
        schema.put("name", description.name());
        schema.put("summary", description.summary());
        schema.put("categories", description.categories());
        description.priceOptional().ifPresent(p -> schema.put("price", Map.of("usd", p.usd(), "unit", p.unit())));
        schema.put("inputs", fields);
        if (!description.inputs().problems().isEmpty()) {
            schema.put("problems", description.inputs().problems().stream().map(SchemaProblem::message).toList());
        }
        return schema;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
