package dev.foresight.ros2;

import java.util.regex.Pattern;

/**
 * ROS 2 names: validation of topic names, node names and namespaces, resolution of a topic name
 * against a node's namespace, and the DDS topic name rmw_fastrtps uses for a ROS 2 topic ({@code
 * /a/b} travels as {@code rt/a/b}).
 */
public final class Ros2Names {
  /** Prefix ROS 2 puts before the fully qualified name of a topic in DDS. */
  public static final String TOPIC_PREFIX = "rt";

  private static final String TOKEN = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern TOPIC =
      Pattern.compile("(~|~/" + TOKEN + "(/" + TOKEN + ")*|/?" + TOKEN + "(/" + TOKEN + ")*)");
  private static final Pattern NAMESPACE = Pattern.compile("/|(/" + TOKEN + ")+");
  private static final Pattern NODE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Ros2Names() {}

  /**
   * Checks a topic name: tokens of letters, digits and underscores (not starting with a digit)
   * separated by single slashes; absolute ({@code /a/b}), relative ({@code a/b}) or private ({@code
   * ~/a}); no double underscore.
   *
   * @throws IllegalArgumentException naming the topic and the rule it breaks
   */
  public static String requireTopic(String name) {
    if (name == null || !TOPIC.matcher(name).matches() || name.contains("__")) {
      throw new IllegalArgumentException(
          "ROS 2 topic name '"
              + name
              + "' is invalid: expected tokens of [A-Za-z0-9_] not starting with a digit, separated"
              + " by '/', optionally starting with '/' or '~/', without '__'");
    }
    return name;
  }

  /**
   * Checks a namespace: {@code /} or {@code /a/b}.
   *
   * @throws IllegalArgumentException naming the namespace
   */
  public static String requireNamespace(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches() || namespace.contains("__")) {
      throw new IllegalArgumentException(
          "ROS 2 namespace '" + namespace + "' is invalid: expected '/' or '/a/b' style tokens");
    }
    return namespace;
  }

  /**
   * Checks a node name: one token.
   *
   * @throws IllegalArgumentException naming the node name
   */
  public static String requireNodeName(String name) {
    if (name == null || !NODE.matcher(name).matches() || name.contains("__")) {
      throw new IllegalArgumentException(
          "ROS 2 node name '" + name + "' is invalid: expected one token of [A-Za-z0-9_]");
    }
    return name;
  }

  /**
   * The fully qualified name of {@code topic} for a node {@code nodeName} in {@code namespace}:
   * absolute names stay, relative names go below the namespace, {@code ~} names below the node.
   */
  public static String resolve(String namespace, String nodeName, String topic) {
    requireTopic(topic);
    requireNamespace(namespace);
    requireNodeName(nodeName);
    String base = namespace.equals("/") ? "" : namespace;
    if (topic.startsWith("/")) {
      return topic;
    }
    if (topic.equals("~")) {
      return base + "/" + nodeName;
    }
    if (topic.startsWith("~/")) {
      return base + "/" + nodeName + topic.substring(1);
    }
    return base + "/" + topic;
  }

  /** The DDS topic of a fully qualified ROS 2 topic name: {@code /a/b} → {@code rt/a/b}. */
  public static String ddsTopic(String fullyQualifiedTopic) {
    if (!fullyQualifiedTopic.startsWith("/")) {
      throw new IllegalArgumentException(
          "'" + fullyQualifiedTopic + "' is not a fully qualified ROS 2 topic name");
    }
    return TOPIC_PREFIX + requireTopic(fullyQualifiedTopic);
  }
}
