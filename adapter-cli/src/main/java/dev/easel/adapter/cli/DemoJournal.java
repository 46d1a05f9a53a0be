package dev.easel.adapter.cli;

import picocli.CommandLine.Option;

/** {@code --demo} for the commands that read the journal: demo jobs are kept apart from real ones. */
final class DemoJournal {

    @Option(names = "--demo", description = "The journal of jobs made with --demo (they are kept apart from real ones).")
    boolean demo;
}
