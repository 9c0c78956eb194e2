package dev.foresight.launch;

import dev.foresight.config.ConfigError;
import dev.foresight.config.ConfigException;
import dev.foresight.config.ConfigLoader;
import dev.foresight.config.ForesightConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight config …}: work with configuration files. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check configuration files.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code foresight config check FILE...}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate YAML configuration files and list every error in each.",
        "Exit status: 0 when all files are valid, 1 otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int failed = 0;
      for (Path file : files) {
        try {
          ForesightConfig config = ConfigLoader.load(file);
          out.printf(
              "%s: ok (robot %s, %s planner, model %s on %s)%n",
              file,
              config.robot().robotId(),
              config.planner().sampler().configName(),
              config.model().bundle(),
              config.model().engine().configName());
        } catch (ConfigException e) {
          failed++;
          for (ConfigError error : e.errors()) {
            err.println(error);
          }
        }
      }
      if (failed > 0) {
        err.printf("%d of %d file(s) invalid%n", failed, files.size());
        return 1;
      }
      return 0;
    }
  }
}
