package dev.easel.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EaselCliTest {

    /** Answered before picocli builds anything, so it must say exactly what picocli's own --version says. */
    @Test
    void versionPrintsWhatPicocliWouldWithoutAskingForServices() {
        CliServicesFactory noServices = (demo, overrides) -> {
            throw new AssertionError("--version opened services");
        };
        StringWriter picocli = new StringWriter();
        int picocliExit = new CommandLine(new EaselCli()).setOut(new PrintWriter(picocli)).execute("--version");

        for (String flag : new String[] {"--version", "-V"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = EaselCli.run(new String[] {flag}, noServices, new PrintWriter(out), new PrintWriter(err));

            assertThat(exit).isEqualTo(picocliExit).isZero();
            assertThat(out.toString()).isEqualTo(picocli.toString()).startsWith("easel ");
            assertThat(err.toString()).isEmpty();
        }
    }
}
