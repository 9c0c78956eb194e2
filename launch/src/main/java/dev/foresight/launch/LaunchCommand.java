package dev.foresight.launch;

import dev.foresight.launch.wiring.LaunchDescription;
import dev.foresight.launch.wiring.LaunchLoader;
import dev.foresight.launch.wiring.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight launch FILE}: runs a launch description. */
@Command(
    name = "launch",
    mixinStandardHelpOptions = true,
    description = {
      "Run the components of a launch description (YAML) in dependency order.%n",
      "Ctrl-C stops them in reverse order: the commanding side first, then the bridge agent, "
          + "which holds the arm as it stops.%n",
      "Exit status: that of the component that ended the run."
    })
final class LaunchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Launch description (YAML).")
  Path file;

  @Option(
      names = "--check",
      description = "Only check the file and print the start-up order; start nothing.")
  boolean checkOnly;

  @Override
  public Integer call() {
    LaunchDescription description = LaunchLoader.load(file);
    var out = spec.commandLine().getOut();
    if (checkOnly) {
      List<String> order = new ArrayList<>();
      LaunchLoader.startOrder(description).forEach(c -> order.add(c.name()));
      out.printf("%s: ok, start order %s%n", file, String.join(" -> ", order));
      return 0;
    }
    List<String> prefix =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            ForesightCli.class.getName());
    Launcher launcher = new Launcher(out, ForesightCli::execute, prefix);
    try (ShutdownHook hook =
        ShutdownHook.add("launch-shutdown", launcher::requestStop, Duration.ofSeconds(30))) {
      return launcher.run(description);
    }
  }
}
