package dev.foresight.launch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code foresight node …}: runs a Foresight component as a ROS 1 or ROS 2 node. On ROS 1 every
 * node accepts the ROS command-line arguments {@code roslaunch} passes ({@code from:=to}, {@code
 * __name:=}, {@code __ns:=}, {@code __master:=}, {@code __ip:=}, {@code __log:=}) and reads {@code
 * ROS_MASTER_URI}, {@code ROS_IP}/{@code ROS_HOSTNAME} and {@code ROS_NAMESPACE}; it runs until
 * SIGINT/SIGTERM, a {@code shutdown} call through its slave API, or {@code --duration}. On ROS 2
 * ({@code --ros-version 2}, {@code ros.version: 2} or {@code --ros-args}) it takes {@code
 * --ros-args -r from:=to -r __node:=NAME -r __ns:=/NS -p config:=FILE} and reads {@code
 * ROS_DOMAIN_ID}.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    modelTransformer = NodeCommand.RosArgumentsAsParameters.class,
    description =
        "Run a component as a ROS 1 node (roslaunch-compatible arguments) or a ROS 2 node"
            + " (--ros-args).",
    subcommands = {
      CameraNodeCommand.class,
      RelayNodeCommand.class,
      PerceptionNodeCommand.class,
      PlannerNodeCommand.class,
      AgentNodeCommand.class
    })
final class NodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Lets ROS 2's {@code --ros-args -r a:=b -p c:=d} reach the nodes' positional ROS arguments in
   * order, instead of being refused as unknown options.
   */
  static final class RosArgumentsAsParameters implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      command
          .subcommands()
          .values()
          .forEach(sub -> sub.getCommandSpec().parser().unmatchedOptionsArePositionalParams(true));
      return command;
    }
  }

  /** What a running node's body gives back: something to stop before the node closes. */
  interface Running extends AutoCloseable {
    @Override
    void close();
  }
}
