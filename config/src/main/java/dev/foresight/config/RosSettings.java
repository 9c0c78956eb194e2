package dev.foresight.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How Foresight's nodes join a ROS graph: ROS 1 (through a master) or ROS 2 (a DDS domain), and the
 * topics they use on either.
 *
 * @param masterUri XML-RPC URI of the ROS master, e.g. {@code http://127.0.0.1:11311}
 * @param nodeName base node name; ROS remapping ({@code __name:=}) overrides it
 * @param cameraTopic {@code sensor_msgs/Image} topic of live camera frames
 * @param goalImageTopic {@code sensor_msgs/Image} topic of goal images
 * @param latentTopic {@code std_msgs/Float32MultiArray} topic the perception node publishes
 * @param commandTopic {@code geometry_msgs/TwistStamped} topic of the planner's chosen command
 * @param jointStateTopic {@code sensor_msgs/JointState} topic the agent publishes
 * @param eePoseTopic {@code geometry_msgs/PoseStamped} topic of the end-effector pose
 * @param version which ROS the nodes speak: {@code 1} or {@code 2}
 * @param domainId ROS 2 DDS domain when {@code ROS_DOMAIN_ID} is not set, 0 to {@value
 *     #MAX_DOMAIN_ID}
 */
public record RosSettings(
    URI masterUri,
    String nodeName,
    String cameraTopic,
    String goalImageTopic,
    String latentTopic,
    String commandTopic,
    String jointStateTopic,
    String eePoseTopic,
    int version,
    int domainId) {

  /** A ROS graph resource name: global, relative or private. */
  public static final Pattern GRAPH_NAME =
      Pattern.compile("[~/]?[A-Za-z][A-Za-z0-9_]*(/[A-Za-z][A-Za-z0-9_]*)*");

  /** The ROS versions the nodes speak. */
  public static final Range VERSION = Range.closed(1, 2, "");

  /** Highest ROS 2 domain id (Fast-DDS's default port mapping). */
  public static final int MAX_DOMAIN_ID = 232;

  /** ROS 2 domain ids. */
  public static final Range DOMAIN_ID = Range.closed(0, MAX_DOMAIN_ID, "");

  /** ROS 1, master on the default local port; topics under the node's namespace; domain 0. */
  public static final RosSettings DEFAULTS =
      new RosSettings(
          URI.create("http://127.0.0.1:11311"),
          "foresight",
          "camera/image_raw",
          "goal/image_raw",
          "perception/latent",
          "planner/command",
          "joint_states",
          "ee_pose",
          1,
          0);

  /** ROS 1 settings (version 1, domain 0). */
  public RosSettings(
      URI masterUri,
      String nodeName,
      String cameraTopic,
      String goalImageTopic,
      String latentTopic,
      String commandTopic,
      String jointStateTopic,
      String eePoseTopic) {
    this(
        masterUri,
        nodeName,
        cameraTopic,
        goalImageTopic,
        latentTopic,
        commandTopic,
        jointStateTopic,
        eePoseTopic,
        1,
        0);
  }

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
    if (!VERSION.contains(version)) {
      throw new IllegalArgumentException(
          "ros.version: " + version + " is not a ROS version, expected 1 or 2");
    }
    if (!DOMAIN_ID.contains(domainId)) {
      throw new IllegalArgumentException(
          "ros.domainId: " + domainId + " is out of range, expected " + DOMAIN_ID);
    }
  }

  /** These settings with ROS version {@code newVersion} (1 or 2). */
  public RosSettings withVersion(int newVersion) {
    return new RosSettings(
        masterUri,
        nodeName,
        cameraTopic,
        goalImageTopic,
        latentTopic,
        commandTopic,
        jointStateTopic,
        eePoseTopic,
        newVersion,
        domainId);
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
