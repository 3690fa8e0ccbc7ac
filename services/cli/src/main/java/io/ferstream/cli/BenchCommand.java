package io.ferstream.cli;

import io.ferstream.classifier.bench.LiveBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fer bench}: measurements of the product as a user runs it, one subcommand per path. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: fer bench live (the live classifier).",
        subcommands = {LiveBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
