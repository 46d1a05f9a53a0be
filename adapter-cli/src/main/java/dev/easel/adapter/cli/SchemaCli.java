package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import java.io.IOException;
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
        try (CliServices session = services.open(false, Map.of())) {
            ModelDescription description = session.models().describe(ModelId.of(model));
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(asJson(description)));
                return ExitCode.OK;
            }
            out.println(description.id() + " — " + description.name());
            if (!description.summary().isEmpty()) {
                out.println(description.summary());
            }
            out.println();
            for (FieldSpec field : description.inputs().fields()) {
                out.println(field.name() + " (" + field.type().jsonName() + (field.required() ? ", required" : "") + ")");
                if (!field.allowed().isEmpty()) {
                    out.println("    allowed: " + field.contiguousIntegerRange()
                            .map(r -> r[0] + " to " + r[1])
                            .orElseGet(() -> field.allowed().stream().map(String::valueOf).collect(Collectors.joining(", "))));
                }
                if (field.minimum() != null || field.maximum() != null) {
                    out.println("    range: " + (field.minimum() == null ? "" : field.minimum().toPlainString()) + " to "
                            + (field.maximum() == null ? "" : field.maximum().toPlainString()));
                }
                field.defaultOptional().filter(d -> !field.required())
                        .ifPresent(d -> out.println("    default: " + d));
                if (!field.description().isEmpty()) {
                    out.println("    " + field.description());
                }
            }
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> asJson(ModelDescription description) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldSpec f : description.inputs().fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("type", f.type().jsonName());
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
            fields.put(f.name(), field);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("id", description.id().value());
        schema.put("name", description.name());
        schema.put("summary", description.summary());
        schema.put("inputs", fields);
        return schema;
    }
}
