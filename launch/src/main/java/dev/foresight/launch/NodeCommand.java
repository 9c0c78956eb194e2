package dev.foresight.launch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code foresight node …}: runs a Foresight component as a ROS 1 node. Every node accepts the ROS
 * command-line arguments {@code roslaunch} passes ({@code from:=to}, {@code __name:=}, {@code
 * __ns:=}, {@code __master:=}, {@code __ip:=}, {@code __log:=}) and reads {@code ROS_MASTER_URI},
 * {@code ROS_IP}/{@code ROS_HOSTNAME} and {@code ROS_NAMESPACE}; it runs until SIGINT/SIGTERM, a
 * {@code shutdown} call through its slave API, or {@code --duration}.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a component as a ROS 1 node (roslaunch-compatible arguments).",
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

  /** What a running node's body gives back: something to stop before the node closes. */
  interface Running extends AutoCloseable {
    @Override
    void close();
  }
}
