package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.ModelDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel models}: the models Easel knows. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models Easel knows.")
final class ModelsCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array.")
    private boolean json;

    ModelsCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(false, Map.of())) {
            List<ModelDescription> models = session.models().models();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(models.stream()
                        .map(m -> Map.of("id", m.id().value(), "name", m.name(), "summary", m.summary())).toList()));
            } else {
                int width = models.stream().mapToInt(m -> m.id().value().length()).max().orElse(0);
                for (ModelDescription m : models) {
                    out.printf("%-" + width + "s  %s%n", m.id(), m.name());
                }
            }
        }
        return ExitCode.OK;
    }
}
