package dev.foresight.ros;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves graph names as ROS 1 does. Global names ({@code /a/b}) stay as they are; relative names
 * ({@code a/b}) are put in the node's namespace; private names ({@code ~a}) under the node's own
 * name. Then remapping applies: a {@code from:=to} rule, with both sides resolved the same way,
 * replaces a name equal to {@code from}.
 *
 * @param namespace the node's namespace, global (e.g. {@code /} or {@code /robot})
 * @param nodeName the node's global name, e.g. {@code /robot/foresight}
 * @param remappings resolved {@code from → to} rules
 */
public record NameResolver(String namespace, String nodeName, Map<String, String> remappings) {
  /** Checks the names and copies the rules. */
  public NameResolver {
    namespace = GraphNames.canonicalNamespace(namespace);
    GraphNames.requireValid("node", nodeName);
    if (!nodeName.startsWith("/")) {
      throw new IllegalArgumentException(
          "node name '" + nodeName + "' must be global (start with /)");
    }
    remappings = Map.copyOf(remappings);
  }

  /**
   * Builds a resolver for a node.
   *
   * @param namespace namespace (e.g. from {@code __ns:=} or {@code ROS_NAMESPACE}); empty is {@code
   *     /}
   * @param baseName node name, relative ({@code foresight}) or global
   * @param rawRemappings {@code from → to} rules as written on the command line (unresolved)
   */
  public static NameResolver of(
      String namespace, String baseName, Map<String, String> rawRemappings) {
    String ns = GraphNames.canonicalNamespace(namespace);
    GraphNames.requireValid("node", baseName);
    if (baseName.startsWith("~")) {
      throw new IllegalArgumentException("node name '" + baseName + "' cannot be private");
    }
    String node = baseName.startsWith("/") ? baseName : GraphNames.join(ns, baseName);
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> rule : rawRemappings.entrySet()) {
      resolved.put(
          resolveWithout(ns, node, rule.getKey(), "remapping source"),
          resolveWithout(ns, node, rule.getValue(), "remapping target"));
    }
    return new NameResolver(ns, node, resolved);
  }

  /**
   * Resolves a name to a global name, then applies remapping.
   *
   * @throws IllegalArgumentException naming the value when it is not a graph name
   */
  public String resolve(String name) {
    String global = resolveWithout(namespace, nodeName, name, "graph");
    return remappings.getOrDefault(global, global);
  }

  /** Whether a remapping rule applies to {@code name}. */
  public boolean isRemapped(String name) {
    return remappings.containsKey(resolveWithout(namespace, nodeName, name, "graph"));
  }

  private static String resolveWithout(
      String namespace, String nodeName, String name, String what) {
    GraphNames.requireValid(what, name);
    if (name.startsWith("/")) {
      return name;
    }
    if (name.startsWith("~")) {
      return GraphNames.join(nodeName, name.substring(1));
    }
    return GraphNames.join(namespace, name);
  }
}
