package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config} and {@code --model} options shared by {@code foresight demo} and {@code
 * foresight sim eval}: which configuration the planning stack opens with, and which bundle.
 */
final class SimModelMixin {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML configuration: model.engine (and model.bundle unless --model) and the planner"
              + " settings; default: the built-in defaults.")
  Path config;

  @Option(
      names = "--model",
      description =
          "World-model bundle for --planner learned (default: models/foresight-TASK where one"
              + " ships for the task, else models/foresight-sim).")
  Path model;

  /** The configuration: the file's, or the built-in defaults. */
  ForesightConfig load() {
    return ConfigFiles.load(config);
  }

  /** The bundle for {@code task}: {@code --model}, else the file's, else the task's shipped one. */
  Path bundle(ForesightConfig cfg, String task) {
    return SimPolicies.bundle(model, config, cfg, task);
  }
}
