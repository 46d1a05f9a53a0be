package dev.easel.boot;

import dev.easel.core.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code easel} command run as a process of its own, for the tests that kill one (SIGKILL) and
 * check what another process makes of what it left: its output goes to {@code child.log} in its
 * working folder.
 */
final class ChildEasel {

    private static final Pattern LISTENING = Pattern.compile("Easel studio on http://127\\.0\\.0\\.1:(\\d+)/");

    private ChildEasel() {
    }

    /** Starts {@code easel <command>} in {@code work} with exactly these environment additions. */
    static Process launch(Path work, Map<String, String> env, List<String> command) throws IOException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.easel.boot.Main"));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log(work).toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Where a child started in {@code work} writes its output. */
    static Path log(Path work) {
        return work.resolve("child.log");
    }

    /** The port a child {@code serve} listens on, from the line it prints once it serves. */
    static int port(Path log) {
        int[] port = new int[1];
        Await.until("the child serve to listen", Duration.ofSeconds(60), () -> {
            Optional<Matcher> found;
            try {
                found = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(LISTENING::matcher)
                        .filter(Matcher::find).findFirst();
            } catch (IOException notYet) {
                found = Optional.empty();
            }
            found.ifPresent(m -> port[0] = Integer.parseInt(m.group(1)));
            return found.isPresent();
        });
        return port[0];
    }
}
