package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.GraphNames;
import dev.foresight.ros.NameResolver;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Builds a ROS node's settings the way ROS 1 does, from (highest precedence first) the command
 * line's ROS arguments ({@code __master:=}, {@code __ip:=}, {@code __hostname:=}, {@code __ns:=},
 * {@code __name:=}, remappings), the environment ({@code ROS_MASTER_URI}, {@code ROS_IP}, {@code
 * ROS_HOSTNAME}, {@code ROS_NAMESPACE}) and the configuration's {@code ros} section.
 */
final class RosNodeEnvironment {
  private RosNodeEnvironment() {}

  /**
   * @param arguments ROS arguments of the command line
   * @param environment process environment (only the {@code ROS_*} variables are read)
   * @param ros the configuration's {@code ros} section
   * @param defaultNodeName node name when neither {@code __name:=} nor the config give one
   * @throws IllegalArgumentException naming the variable or argument when a value is malformed
   */
  static RosNodeSettings settings(
      NodeArguments arguments,
      Map<String, String> environment,
      RosSettings ros,
      String defaultNodeName) {
    URI master = arguments.masterUri().orElse(null);
    if (master == null && environment.containsKey("ROS_MASTER_URI")) {
      String text = environment.get("ROS_MASTER_URI");
      try {
        master = URI.create(text);
      } catch (IllegalArgumentException e) {
        master = null;
      }
      if (master == null || master.getHost() == null || master.getPort() <= 0) {
        throw new IllegalArgumentException(
            "ROS_MASTER_URI '" + text + "' is not valid, expected http://HOST:PORT");
      }
    }
    final URI masterUri = master == null ? ros.masterUri() : master;
    String host =
        arguments
            .ip()
            .or(arguments::hostname)
            .orElseGet(
                () -> {
                  if (notBlank(environment.get("ROS_IP"))) {
                    return environment.get("ROS_IP");
                  }
                  if (notBlank(environment.get("ROS_HOSTNAME"))) {
                    return environment.get("ROS_HOSTNAME");
                  }
                  return isLoopback(masterUri.getHost()) ? "127.0.0.1" : localHostName();
                });
    String namespace =
        arguments
            .namespace()
            .orElseGet(
                () -> {
                  String fromEnvironment = environment.get("ROS_NAMESPACE");
                  if (!notBlank(fromEnvironment)) {
                    return "/";
                  }
                  try {
                    return GraphNames.canonicalNamespace(fromEnvironment);
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        "ROS_NAMESPACE '" + fromEnvironment + "' is not a ROS namespace");
                  }
                });
    String name = arguments.name().orElse(defaultNodeName);
    NameResolver names = NameResolver.of(namespace, name, arguments.remappings());
    String bindHost = isLoopback(host) ? "127.0.0.1" : "0.0.0.0";
    RosNodeSettings defaults = RosNodeSettings.of(masterUri, name, host);
    return new RosNodeSettings(
        masterUri,
        names,
        host,
        bindHost,
        defaults.maxMessageBytes(),
        defaults.maxXmlRpcBytes(),
        defaults.callTimeout(),
        defaults.retryInterval());
  }

  /**
   * The ROS arguments of a command line.
   *
   * @param rosArguments the command's positional arguments. Not modified.
   * @param allowed whether the command takes ROS arguments with its other options
   * @param expected what the command takes, for the error
   * @throws IllegalArgumentException naming the first argument that is not a ROS argument, or the
   *     first argument when none is allowed
   */
  static NodeArguments arguments(List<String> rosArguments, boolean allowed, String expected) {
    NodeArguments arguments = NodeArguments.parse(rosArguments);
    if (!arguments.remaining().isEmpty() || (!rosArguments.isEmpty() && !allowed)) {
      throw new IllegalArgumentException(
          "unexpected argument '"
              + (arguments.remaining().isEmpty()
                  ? rosArguments.get(0)
                  : arguments.remaining().get(0))
              + "', expected "
              + expected);
    }
    return arguments;
  }

  /**
   * Starts a node with {@link #settings} from this process's environment.
   *
   * @throws IOException naming the address when a server of the node cannot bind
   */
  static RosNode start(NodeArguments arguments, RosSettings ros, String defaultNodeName)
      throws IOException, InterruptedException {
    return RosNode.start(settings(arguments, System.getenv(), ros, defaultNodeName));
  }

  /**
   * {@link #start} for a command that speaks ROS 1 only ({@code run --frames ros}, {@code agent}
   * without {@code --play}): a config asking for ROS 2 is refused in one line rather than silently
   * ignored. ({@code record}, {@code explore} and {@code agent --play} choose through {@link
   * NodeTransports}.)
   *
   * @param command the command's name, as the user typed it
   */
  static RosNode startRos1(
      NodeArguments arguments, RosSettings ros, String defaultNodeName, String command)
      throws IOException, InterruptedException {
    if (ros.version() != 1) {
      throw new IllegalArgumentException(
          "ros.version: "
              + ros.version()
              + " is not supported by "
              + command
              + ", which speaks ROS 1 only, expected ros.version: 1 (on ROS 2 run the nodes:"
              + " foresight node camera|perception|planner|agent)");
    }
    return start(arguments, ros, defaultNodeName);
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }
}
