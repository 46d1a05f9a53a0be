package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's class-data-sharing training (what a command loads is what the archive holds) runs every
 * command {@code easel --help} lists, {@code mcp} included, and each does what it should.
 */
class ArchiveTrainingTest {

    private static final Pattern COMMAND = Pattern.compile("^  ([a-z]+)\\s{2,}", Pattern.MULTILINE);

    @TempDir
    Path work;

    @Test
    void theTrainingRunsEveryCommandTheHelpListsAndEachSucceeds() throws Exception {
        ArchiveTraining.Result result = ArchiveTraining.train();

        assertThat(result.failures()).isEmpty();
        assertThat(result.commands()).contains("mcp").containsAll(listedCommands());
    }

    private Set<String> listedCommands() {
        StringWriter out = new StringWriter();
        int exit = Main.run(new String[] {"--help"}, Map.of("EASEL_HOME", work.resolve("home").toString()), work, work,
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(exit).isZero();
        String commands = out.toString().substring(out.toString().indexOf("Commands:"));
        Set<String> names = new TreeSet<>();
        Matcher m = COMMAND.matcher(commands);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("generate", "jobs", "serve", "mcp");
        return names;
    }
}
