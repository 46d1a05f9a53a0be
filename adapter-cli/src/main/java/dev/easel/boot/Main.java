package dev.easel.boot;

import dev.easel.adapter.cli.EaselCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The {@code easel} launcher's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        EaselServicesFactory services = new EaselServicesFactory(System.getenv(),
                Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
        System.exit(EaselCli.run(args, services, out, err));
    }
}
