package io.ferstream.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line takes its value from, in this order:
 * the environment variable {@code FER_<OPTION>} (e.g. {@code FER_BOOTSTRAP_SERVERS}), then the
 * properties file given with {@code --config} (key = the option name without dashes, e.g.
 * {@code bootstrap-servers}), then the option's own default.
 */
public final class EnvAndFileDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Properties file;

    public EnvAndFileDefaults(Map<String, String> environment, Path configFile) {
        this.environment = Map.copyOf(environment);
        this.file = new Properties();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new InvalidConfigException("config", configFile, "no such file");
            }
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read config file " + configFile, e);
            }
        }
    }

    /** Finds {@code --config FILE} or {@code --config=FILE} among the raw arguments, before picocli parses them. */
    public static Path configFileIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String key = option.longestName().substring(2);
        String envName = "FER_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        String fromEnv = environment.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return file.getProperty(key);
    }
}
