package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros2.Ros2Arguments;
import dev.foresight.ros2.Ros2Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which ROS a command that is not a {@code foresight node} speaks ({@code record}, {@code explore},
 * {@code agent --play}), chosen as the nodes choose it: {@code --ros-args} or {@code --ros-version
 * 2} select ROS 2, {@code --ros-version 1} ROS 1, otherwise the config's {@code ros.version}.
 */
final class NodeTransports {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTransports.class);

  private NodeTransports() {}

  /**
   * Lets ROS 2's {@code --ros-args -r a:=b -p c:=d} reach a command's positional ROS arguments in
   * order, instead of being refused as unknown options (for commands outside {@code foresight
   * node}).
   */
  static final class RosArgumentsAsParameters implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      command.parser().unmatchedOptionsArePositionalParams(true);
      return command;
    }
  }

  /**
   * A command's ROS, its parsed arguments and its configuration.
   *
   * @param config the configuration (from {@code --config}, or {@code -p config:=FILE} on ROS 2)
   * @param ros1 ROS 1 arguments, or null on ROS 2
   * @param ros2 ROS 2 arguments, or null on ROS 1
   */
  record Selection(ForesightConfig config, NodeArguments ros1, Ros2Arguments ros2) {
    /** 1 or 2. */
    int version() {
      return ros2 != null ? 2 : 1;
    }
  }

  /**
   * Parses the ROS arguments and loads the configuration.
   *
   * @param rosArguments the command's positional arguments. Not modified.
   * @param flag {@code --ros-version}, or null when not given
   * @param configOption {@code --config}, or null
   * @param allowed whether the command takes ROS arguments with its other options
   * @param expectedRos1 what the command takes on ROS 1, for the error
   * @throws IllegalArgumentException one line naming a bad argument, version or config value
   */
  static Selection select(
      List<String> rosArguments,
      Integer flag,
      Path configOption,
      boolean allowed,
      String expectedRos1) {
    if (flag != null && flag != 1 && flag != 2) {
      throw new IllegalArgumentException(
          "--ros-version " + flag + " is not a ROS version, expected 1 or 2");
    }
    boolean ros2Arguments = rosArguments.contains("--ros-args");
    if (ros2Arguments && flag != null && flag == 1) {
      throw new IllegalArgumentException(
          "--ros-args is ROS 2's, expected ROS 1 arguments (from:=to, __name:=) with"
              + " --ros-version 1");
    }
    if (!allowed && !rosArguments.isEmpty()) {
      throw new IllegalArgumentException(
          "unexpected argument '" + rosArguments.get(0) + "', expected " + expectedRos1);
    }
    if (ros2Arguments) {
      Ros2Arguments arguments = Ros2NodeEnvironment.arguments(rosArguments);
      ForesightConfig config =
          ConfigFiles.load(Ros2NodeEnvironment.configFile(arguments, configOption));
      return new Selection(config, null, arguments);
    }
    NodeArguments ros1 = RosNodeEnvironment.arguments(rosArguments, allowed, expectedRos1);
    ForesightConfig config = ConfigFiles.load(configOption);
    if ((flag == null && config.ros().version() == 2) || (flag != null && flag == 2)) {
      return new Selection(config, null, Ros2NodeEnvironment.arguments(rosArguments));
    }
    return new Selection(config, ros1, null);
  }

  /**
   * {@link #select} for a command whose configuration is loaded already ({@code agent --play}): no
   * {@code --ros-version} flag, and {@code -p config:=} is not read.
   */
  static Selection select(List<String> rosArguments, ForesightConfig config, String expectedRos1) {
    if (rosArguments.contains("--ros-args")) {
      return new Selection(config, null, Ros2NodeEnvironment.arguments(rosArguments));
    }
    NodeArguments ros1 = RosNodeEnvironment.arguments(rosArguments, true, expectedRos1);
    return config.ros().version() == 2
        ? new Selection(config, null, Ros2NodeEnvironment.arguments(rosArguments))
        : new Selection(config, ros1, null);
  }

  /**
   * Starts the selected node; the transport owns it ({@link NodeTransport#close} leaves the graph).
   *
   * @param defaultNodeName node name when the arguments do not give one
   * @throws IOException naming the address when a ROS 1 server cannot bind
   * @throws dev.foresight.ros2.Ros2Exception when the ROS 2 node cannot join its domain
   */
  static NodeTransport start(Selection selection, String defaultNodeName)
      throws IOException, InterruptedException {
    if (selection.ros2() != null) {
      return new Ros2Transport(
          Ros2Node.start(
              Ros2NodeEnvironment.settings(
                  selection.ros2(),
                  System.getenv(),
                  selection.config().ros().withVersion(2),
                  defaultNodeName)),
          true);
    }
    var node =
        RosNodeEnvironment.start(
            selection.ros1(), selection.config().ros().withVersion(1), defaultNodeName);
    node.lastMasterError().ifPresent(error -> LOG.warn("{}", error));
    return new Ros1Transport(node, true);
  }
}
