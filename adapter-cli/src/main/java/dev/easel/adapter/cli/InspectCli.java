package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.image.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code easel inspect FILE}: how an image was made, read from the image itself. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print how an image was made, read from the image itself.",
            "Easel writes JSON into every PNG (an iTXt chunk named parameters) and JPEG (a comment segment).",
            "The parameters chunk other tools write is read too."})
final class InspectCli implements Callable<Integer> {

    /** Room for the largest text the reader accepts, pretty-printed. */
    private static final int SHOWN_CHARS = 4 * Provenance.MAX_TEXT_BYTES;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A PNG or JPEG.")
    private Path file;

    @Override
    public Integer call() {
        Optional<String> text;
        try (InputStream in = Files.newInputStream(file)) {
            text = Provenance.read(in);
        } catch (NoSuchFileException e) {
            return refuse("does not exist");
        } catch (IOException e) {
            return refuse("cannot be read as an image: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (text.isEmpty()) {
            spec.commandLine().getErr().println("easel: " + file + " carries no parameters");
            return ExitCode.OTHER;
        }
        // The text is the file's, not ours: control characters (title, screen clear, clipboard writes) are made inert.
        out.println(SecretScrubber.none().scrub(pretty(text.get()), SHOWN_CHARS));
        return ExitCode.OK;
    }

    /** Reading a file submits nothing, so the refusal says only what is wrong with the file. */
    private int refuse(String problem) {
        spec.commandLine().getErr().println("easel: " + file + " " + SecretScrubber.none().scrub(problem));
        return ExitCode.INVALID;
    }

    private static String pretty(String text) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode tree = json.readTree(text);
            return tree != null && tree.isObject() ? json.writerWithDefaultPrettyPrinter().writeValueAsString(tree) : text;
        } catch (IOException notJson) {
            return text;
        }
    }
}
