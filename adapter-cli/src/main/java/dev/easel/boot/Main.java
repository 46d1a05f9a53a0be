package dev.easel.boot;

import dev.easel.adapter.cli.EaselCli;
import dev.easel.adapter.cli.EaselCli.Subcommand;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code easel} launcher's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ProcessDefaults.apply(System.getProperties());
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath(),
                out, err));
    }

    /**
     * The process's stdin and stdout for {@code easel mcp}, which carries the protocol on stdout:
     * {@code System.out} is moved to stderr from then on, so that no stray print can corrupt it.
     */
    private static McpCommand.Streams protocolStreams() {
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        return new McpCommand.Streams(new FileInputStream(FileDescriptor.in), protocol);
    }

    /** The whole command line with the given environment and folders: what {@link #main} runs, and tests too. */
    static int run(String[] args, Map<String, String> environment, Path userHome, Path workingDirectory,
                   PrintWriter out, PrintWriter err) {
        return run(args, environment, userHome, workingDirectory, out, err, Main::protocolStreams);
    }

    /** The same, with {@code easel mcp} speaking on the given streams instead of the process's own. */
    static int run(String[] args, Map<String, String> environment, Path userHome, Path workingDirectory,
                   PrintWriter out, PrintWriter err, Supplier<McpCommand.Streams> mcpStreams) {
        return run(args, new EaselServicesFactory(environment, userHome, workingDirectory), out, err, mcpStreams);
    }

    /** The same with the given services factory, which it closes at the end (a test may then ask it what it did). */
    static int run(String[] args, EaselServicesFactory factory, PrintWriter out, PrintWriter err,
                   Supplier<McpCommand.Streams> mcpStreams) {
        try (EaselServicesFactory services = factory) {
            // First of all: what the command will need is made on the second core while picocli works on this one.
            services.startEarly(args);
            return EaselCli.run(args, services, out, err, new Subcommand(EmulatorCommand.class, EmulatorCommand::new),
                    new Subcommand(ServeCommand.class, () -> new ServeCommand(services)),
                    new Subcommand(McpCommand.class, () -> new McpCommand(services, mcpStreams)));
        }
    }
}
