package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.ModelDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel models}: the models Easel knows. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the provider's catalog: id, name, categories and price.")
final class ModelsCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only models whose id, name or category contains TEXT.")
    private String search;

    @Option(names = "--category", paramLabel = "C", description = "Only models in category C (such as text-to-image).")
    private String category;

    @Option(names = "--json", description = "Print a JSON array.")
    private boolean json;

    ModelsCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(false, providerOption.overrides(Map.of()))) {
            List<ModelDescription> models = session.models().search(search, category);
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(models.stream().map(ModelsCli::asJson).toList()));
            } else if (models.isEmpty()) {
                spec.commandLine().getErr().println("easel: no model matches" + (search == null ? "" : " \"" + search + "\"")
                        + (category == null ? "" : " in category " + category));
            } else {
                int idWidth = models.stream().mapToInt(m -> m.id().value().length()).max().orElse(0);
                int nameWidth = models.stream().mapToInt(m -> m.name().length()).max().orElse(0);
                for (ModelDescription m : models) {
                    out.println(String.format("%-" + idWidth + "s  %-" + nameWidth + "s  %s  %s", m.id(), m.name(),
                            String.join(",", m.categories()), m.priceOptional().map(Object::toString).orElse("")).stripTrailing());
                }
            }
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> asJson(ModelDescription m) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", m.id().value());
        entry.put("name", m.name());
        entry.put("summary", m.summary());
        entry.put("categories", m.categories());
        m.priceOptional().ifPresent(p -> entry.put("price", Map.of("usd", p.usd(), "unit", p.unit())));
        return entry;
    }
}
