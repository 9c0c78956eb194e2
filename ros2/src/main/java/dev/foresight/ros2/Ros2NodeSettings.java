package dev.foresight.ros2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a ROS 2 node is: its name, namespace, DDS domain and topic remappings. The caller reads
 * {@code ROS_DOMAIN_ID} and {@code --ros-args} ({@link Ros2Arguments#applyTo}); this module reads
 * no environment.
 *
 * @param name node name, one token
 * @param namespace namespace, {@code /} or {@code /a/b}
 * @param domainId DDS domain ({@code ROS_DOMAIN_ID}), 0 to {@value #MAX_DOMAIN_ID}
 * @param remappings topic remapping rules {@code from → to}, both resolved against this node
 */
public record Ros2NodeSettings(
    String name, String namespace, int domainId, Map<String, String> remappings) {
  /** Highest domain id Fast-DDS's default port mapping allows. */
  public static final int MAX_DOMAIN_ID = 232;

  /** Checks the fields. */
  public Ros2NodeSettings {
    Ros2Names.requireNodeName(name);
    Ros2Names.requireNamespace(namespace);
    if (domainId < 0 || domainId > MAX_DOMAIN_ID) {
      throw new IllegalArgumentException(
          "ROS_DOMAIN_ID must be in [0, " + MAX_DOMAIN_ID + "], got " + domainId);
    }
    remappings = Collections.unmodifiableMap(new LinkedHashMap<>(remappings));
  }

  /** A node without remappings. */
  public Ros2NodeSettings(String name, String namespace, int domainId) {
    this(name, namespace, domainId, Map.of());
  }

  /** A node {@code name} in namespace {@code /} on domain 0. */
  public static Ros2NodeSettings of(String name) {
    return new Ros2NodeSettings(name, "/", 0);
  }

  /** These settings on domain {@code id}. */
  public Ros2NodeSettings withDomainId(int id) {
    return new Ros2NodeSettings(name, namespace, id, remappings);
  }

  /** These settings in namespace {@code ns}. */
  public Ros2NodeSettings withNamespace(String ns) {
    return new Ros2NodeSettings(name, ns, domainId, remappings);
  }
}
