package dev.foresight.launch;

import dev.foresight.config.ConfigError;
import dev.foresight.config.ConfigException;
import dev.foresight.config.ConfigLoader;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Where every command gets its configuration: the {@code --config} file (or the defaults) and the
 * model bundle it names (or a {@code --model} override), found relative to the checkout.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * The config file, or the defaults when {@code file} is null.
   *
   * @throws IllegalArgumentException for a bad file: every error (file, line, key path, problem) on
   *     one line, separated by {@code "; "}
   */
  static ForesightConfig load(Path file) {
    if (file == null) {
      return ForesightConfig.DEFAULTS;
    }
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("; ")), e);
    }
  }

  /**
   * The model to open: {@code bundle} when given, else the config's {@code model.bundle}, resolved
   * by {@link Home#resolve}; always on the config's {@code model.engine}.
   *
   * @param bundle a {@code --model} option, or null
   */
  static ModelSettings model(ForesightConfig config, Path bundle) {
    return new ModelSettings(
        Home.resolve(bundle != null ? bundle : config.model().bundle()), config.model().engine());
  }
}
