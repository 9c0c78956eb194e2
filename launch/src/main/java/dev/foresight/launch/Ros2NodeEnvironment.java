package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.ros2.Ros2Arguments;
import dev.foresight.ros2.Ros2NodeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds a ROS 2 node's settings the way ROS 2 does, from (highest precedence first) the command
 * line's {@code --ros-args} ({@code -r __node:=}, {@code -r __ns:=}, {@code -r from:=to}, {@code -p
 * name:=value}), the environment ({@code ROS_DOMAIN_ID}) and the configuration's {@code ros}
 * section ({@code ros.domainId}).
 */
final class Ros2NodeEnvironment {
  /** The parameters a node takes with {@code -p name:=value}. */
  static final List<String> PARAMETERS = List.of("config", "use_sim_time");

  private Ros2NodeEnvironment() {}

  /**
   * The ROS 2 arguments of a command line.
   *
   * @param rosArguments the command's positional arguments. Not modified.
   * @throws IllegalArgumentException naming the first argument outside {@code --ros-args}, a
   *     malformed ROS argument or an unknown parameter
   */
  static Ros2Arguments arguments(List<String> rosArguments) {
    Ros2Arguments arguments = Ros2Arguments.parse(rosArguments);
    if (!arguments.programArguments().isEmpty()) {
      throw new IllegalArgumentException(
          "unexpected argument '"
              + arguments.programArguments().get(0)
              + "', expected ROS 2 arguments after --ros-args (-r from:=to, -p name:=value)");
    }
    for (var parameter : arguments.parameters().entrySet()) {
      if (!PARAMETERS.contains(parameter.getKey())) {
        throw new IllegalArgumentException(
            "-p "
                + parameter.getKey()
                + ":="
                + parameter.getValue()
                + " is not a parameter of this node, expected one of "
                + PARAMETERS);
      }
    }
    String simTime = arguments.parameters().get("use_sim_time");
    if (simTime != null && !simTime.equals("false")) {
      throw new IllegalArgumentException(
          "-p use_sim_time:=" + simTime + " is not supported, expected false (wall-clock time)");
    }
    return arguments;
  }

  /**
   * The configuration file: {@code -p config:=FILE} or {@code --config FILE}, or null for the
   * defaults.
   *
   * @throws IllegalArgumentException when both name different files
   */
  static Path configFile(Ros2Arguments arguments, Path option) {
    String parameter = arguments.parameters().get("config");
    if (parameter == null) {
      return option;
    }
    Path file = Path.of(parameter);
    if (option != null && !option.equals(file)) {
      throw new IllegalArgumentException(
          "-p config:="
              + parameter
              + " and --config "
              + option
              + " name different files, expected one of them");
    }
    return file;
  }

  /**
   * @param environment process environment (only {@code ROS_DOMAIN_ID} is read)
   * @param ros the configuration's {@code ros} section
   * @param defaultNodeName node name when {@code -r __node:=} does not give one
   * @throws IllegalArgumentException naming the variable when {@code ROS_DOMAIN_ID} is malformed
   */
  static Ros2NodeSettings settings(
      Ros2Arguments arguments,
      Map<String, String> environment,
      RosSettings ros,
      String defaultNodeName) {
    int domainId = ros.domainId();
    String text = environment.get("ROS_DOMAIN_ID");
    if (text != null && !text.isBlank()) {
      try {
        domainId = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        domainId = -1;
      }
      if (domainId < 0 || domainId > Ros2NodeSettings.MAX_DOMAIN_ID) {
        throw new IllegalArgumentException(
            "ROS_DOMAIN_ID '"
                + text
                + "' is not valid, expected an integer in [0, "
                + Ros2NodeSettings.MAX_DOMAIN_ID
                + "]");
      }
    }
    return arguments.applyTo(new Ros2NodeSettings(defaultNodeName, "/", domainId));
  }
}
