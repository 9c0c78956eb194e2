package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.config.RosSettings;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every {@code foresight node} subcommand shares: the ROS arguments, the node's settings from
 * them, the environment and the config, and the node's lifecycle (until shut down or {@code
 * --duration}).
 */
abstract class RosNodeRunner implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Foresight YAML configuration (its ros section gives master and topics).")
  Path config;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Stop after this many seconds; 0 (default) runs until shut down.")
  double durationSeconds;

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "ROS arguments: from:=to remappings, __name:=, __ns:=, __master:=, __ip:=,"
              + " __hostname:=, __log:= (ignored), _param:=value.")
  List<String> rosArguments = new ArrayList<>();

  /** The loaded configuration (defaults without {@code --config}); set before {@link #start}. */
  ForesightConfig foresight = ForesightConfig.DEFAULTS;

  /** Node name when {@code __name:=} does not give one. */
  abstract String defaultName();

  /** Sets up the node's publishers and subscribers; returns what to stop at the end. */
  abstract NodeCommand.Running start(RosNode node, RosSettings ros, PrintWriter out)
      throws Exception;

  @Override
  public Integer call() throws Exception {
    if (durationSeconds < 0) {
      throw new IllegalArgumentException(
          "--duration " + durationSeconds + " is negative, expected seconds >= 0");
    }
    NodeArguments arguments =
        RosNodeEnvironment.arguments(
            rosArguments, true, "ROS arguments like from:=to or __name:=NAME");
    foresight = ConfigFiles.load(config);
    RosSettings ros = foresight.ros();
    PrintWriter out = spec.commandLine().getOut();
    RosNode node = RosNodeEnvironment.start(arguments, ros, defaultName());
    try (ShutdownHook hook =
        ShutdownHook.add("foresight-node-shutdown", node::close, Duration.ZERO)) {
      try (NodeCommand.Running running = start(node, ros, out)) {
        node.lastMasterError().ifPresent(error -> spec.commandLine().getErr().println(error));
        if (durationSeconds > 0) {
          node.awaitClosed(Math.round(durationSeconds * 1000), TimeUnit.MILLISECONDS);
        } else {
          node.awaitClosed(Long.MAX_VALUE, TimeUnit.DAYS);
        }
      } finally {
        node.close();
      }
    }
    return 0;
  }
}
