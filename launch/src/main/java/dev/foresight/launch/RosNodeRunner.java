package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.config.RosSettings;
import dev.foresight.ros.RosNode;
import dev.foresight.ros2.Ros2Arguments;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Option(
      names = "--ros-version",
      paramLabel = "1|2",
      description =
          "ROS to speak: 1 or 2 (default: the config's ros.version, or 2 when --ros-args is"
              + " given).")
  Integer rosVersion;

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "ROS 1 arguments: from:=to remappings, __name:=, __ns:=, __master:=, __ip:=,"
              + " __hostname:=, __log:= (ignored), _param:=value. ROS 2 arguments: --ros-args"
              + " -r from:=to -r __node:=NAME -r __ns:=/NS -p config:=FILE [--].")
  List<String> rosArguments = new ArrayList<>();

  /** The loaded configuration (defaults without {@code --config}); set before {@link #start}. */
  ForesightConfig foresight = ForesightConfig.DEFAULTS;

  /** Node name when {@code __name:=} does not give one. */
  abstract String defaultName();

  /** Sets up the node's publishers and subscribers; returns what to stop at the end. */
  abstract NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out)
      throws Exception;

  @Override
  public Integer call() throws Exception {
    if (durationSeconds < 0) {
      throw new IllegalArgumentException(
          "--duration " + durationSeconds + " is negative, expected seconds >= 0");
    }
    NodeTransports.Selection selection =
        NodeTransports.select(
            rosArguments, rosVersion, config, true, "ROS arguments like from:=to or __name:=NAME");
    foresight = selection.config();
    if (selection.ros2() != null) {
      return runRos2(selection.ros2());
    }
    RosSettings ros = foresight.ros();
    PrintWriter out = spec.commandLine().getOut();
    RosNode node = RosNodeEnvironment.start(selection.ros1(), ros, defaultName());
    try (ShutdownHook hook =
        ShutdownHook.add("foresight-node-shutdown", node::close, Duration.ZERO)) {
      try (NodeCommand.Running running = start(new Ros1Transport(node, false), ros, out)) {
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

  /** Runs the node on ROS 2 until SIGINT/SIGTERM or {@code --duration}. */
  private int runRos2(Ros2Arguments arguments) throws Exception {
    RosSettings ros = foresight.ros().withVersion(2);
    PrintWriter out = spec.commandLine().getOut();
    Ros2NodeSettings settings =
        Ros2NodeEnvironment.settings(arguments, System.getenv(), ros, defaultName());
    CountDownLatch closed = new CountDownLatch(1);
    Ros2Transport node = new Ros2Transport(Ros2Node.start(settings), true);
    Runnable close =
        () -> {
          node.close();
          closed.countDown();
        };
    try (ShutdownHook hook = ShutdownHook.add("foresight-node-shutdown", close, Duration.ZERO)) {
      try (NodeCommand.Running running = start(node, ros, out)) {
        out.printf(
            "ROS 2 node %s in namespace %s on domain %d%n",
            settings.name(), settings.namespace(), settings.domainId());
        out.flush();
        if (durationSeconds > 0) {
          closed.await(Math.round(durationSeconds * 1000), TimeUnit.MILLISECONDS);
        } else {
          closed.await();
        }
      } finally {
        close.run();
      }
    }
    return 0;
  }
}
