package dev.foresight.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How Foresight's nodes join a ROS 1 graph.
 *
 * @param masterUri XML-RPC URI of the ROS master, e.g. {@code http://127.0.0.1:11311}
 * @param nodeName base node name; ROS remapping ({@code __name:=}) overrides it
 * @param cameraTopic {@code sensor_msgs/Image} topic of live camera frames
 * @param goalImageTopic {@code sensor_msgs/Image} topic of goal images
 * @param latentTopic {@code std_msgs/Float32MultiArray} topic the perception node publishes
 * @param commandTopic {@code geometry_msgs/TwistStamped} topic of the planner's chosen command
 * @param jointStateTopic {@code sensor_msgs/JointState} topic the agent publishes
 * @param eePoseTopic {@code geometry_msgs/PoseStamped} topic of the end-effector pose
 */
public record RosSettings(
    URI masterUri,
    String nodeName,
    String cameraTopic,
    String goalImageTopic,
    String latentTopic,
    String commandTopic,
    String jointStateTopic,
    String eePoseTopic) {

  /** A ROS graph resource name: global, relative or private. */
  public static final Pattern GRAPH_NAME =
      Pattern.compile("[~/]?[A-Za-z][A-Za-z0-9_]*(/[A-Za-z][A-Za-z0-9_]*)*");

  /** Master on the default local port; topics under the node's namespace. */
  public static final RosSettings DEFAULTS =
      new RosSettings(
          URI.create("http://127.0.0.1:11311"),
          "foresight",
          "camera/image_raw",
          "goal/image_raw",
          "perception/latent",
          "planner/command",
          "joint_states",
          "ee_pose");

  /** Checks the master URI is http(s) with a host and port, and every name is a graph name. */
  public RosSettings {
    if (masterUri == null
        || !("http".equals(masterUri.getScheme()) || "https".equals(masterUri.getScheme()))
        || masterUri.getHost() == null
        || masterUri.getPort() <= 0) {
      throw new IllegalArgumentException(
          "ros.masterUri: '" + masterUri + "' is not valid, expected http://HOST:PORT");
    }
    requireName("ros.nodeName", nodeName);
    requireName("ros.cameraTopic", cameraTopic);
    requireName("ros.goalImageTopic", goalImageTopic);
    requireName("ros.latentTopic", latentTopic);
    requireName("ros.commandTopic", commandTopic);
    requireName("ros.jointStateTopic", jointStateTopic);
    requireName("ros.eePoseTopic", eePoseTopic);
  }

  private static void requireName(String keyPath, String value) {
    if (value == null || !GRAPH_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          keyPath
              + ": '"
              + value
              + "' is not a ROS graph name, expected letters, digits and _ separated by /");
    }
  }
}
