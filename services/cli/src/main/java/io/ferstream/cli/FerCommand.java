package io.ferstream.cli;

import io.ferstream.trainer.EnsembleCommand;
import io.ferstream.trainer.EvaluateCommand;
import io.ferstream.trainer.TrainCommand;
import java.nio.file.Path;

import io.ferstream.platform.config.EnvAndFileDefaults;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.classifier.ClassifyCommand;
import io.ferstream.embedder.EmbedCommand;
import io.ferstream.labels.LabelIssuesCommand;
import io.ferstream.enhancer.EnhanceCommand;
import io.ferstream.faces.FacesCommand;
import io.ferstream.gateway.GatewayCommand;
import io.ferstream.fetcher.DatasetsCommand;
import io.ferstream.fetcher.FetchCommand;
import io.ferstream.pipeline.RunCommand;
import io.ferstream.pipeline.ServeCommand;
import io.ferstream.quality.QualityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code fer}: one command, one subcommand per service, so every piece runs alone or together. */
@Command(name = "fer",
        mixinStandardHelpOptions = true,
        versionProvider = FerCommand.Version.class,
        description = "Streaming pipeline that cleans facial-expression datasets and serves a live emotion classifier.",
        subcommands = {RunCommand.class, ServeCommand.class, FetchCommand.class, DatasetsCommand.class, PlatformCommand.class, BrokerCommand.class, RegistryCommand.class, TopicsCommand.class,
                QualityCommand.class, FacesCommand.class, EmbedCommand.class, LabelIssuesCommand.class, EnhanceCommand.class, TrainCommand.class, EvaluateCommand.class,
                EnsembleCommand.class, ClassifyCommand.class, GatewayCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Options not given take their value from env FER_<OPTION> (e.g. FER_BOOTSTRAP_SERVERS),",
                "then from the --config properties file (key = option name without dashes), then the default."})
public final class FerCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Properties file with option values, e.g. bootstrap-servers=kafka:9092.")
    Path configFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or config). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new FerCommand());
        try {
            commandLine.setDefaultValueProvider(new EnvAndFileDefaults(System.getenv(), EnvAndFileDefaults.configFileIn(args)));
        } catch (InvalidConfigException e) {
            System.err.println("fer: " + e.getMessage());
            return 2;
        }
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            boolean usage = e instanceof IllegalArgumentException;
            cmd.getErr().println("fer " + cmd.getCommandName() + (usage ? ": " : " failed: ") + message(e));
            String last = message(e);
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                if (!message(cause).equals(last) && !last.contains(String.valueOf(cause.getMessage()))) {
                    cmd.getErr().println("  caused by: " + message(cause));
                    last = message(cause);
                }
            }
            return usage ? 2 : 1;
        });
        try {
            return commandLine.execute(args);
        } finally {
            // Output written with print (not println) must reach the terminal before System.exit.
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /** The message a user reads: the exception's own text, or its type when it has none. */
    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"fer " + (version == null ? "development build" : version)};
        }
    }
}
