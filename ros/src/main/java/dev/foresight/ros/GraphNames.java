package dev.foresight.ros;

import java.util.regex.Pattern;

/** Checks and joins ROS graph resource names. */
public final class GraphNames {
  /** A name: optional {@code /} or {@code ~}, then {@code /}-separated tokens. */
  private static final Pattern NAME =
      Pattern.compile("[~/]?([A-Za-z][A-Za-z0-9_]*)(/[A-Za-z][A-Za-z0-9_]*)*|/");

  private GraphNames() {}

  /** Whether {@code name} is a valid graph name ({@code /} alone is the root namespace). */
  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Checks a graph name.
   *
   * @param what what the name names, for the message (e.g. {@code topic})
   * @throws IllegalArgumentException naming the value and what a graph name is
   */
  public static String requireValid(String what, String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          what
              + " name '"
              + name
              + "' is not a ROS graph name, expected letters, digits and _ separated by /"
              + " (optionally starting with / or ~)");
    }
    return name;
  }

  /** Joins a global namespace and a relative name: {@code join("/a", "b") = "/a/b"}. */
  public static String join(String namespace, String relative) {
    if (namespace.endsWith("/")) {
      return namespace + relative;
    }
    return namespace + "/" + relative;
  }

  /** The namespace of a global name: {@code parent("/a/b") = "/a"}, {@code parent("/a") = "/"}. */
  public static String parent(String globalName) {
    int slash = globalName.lastIndexOf('/');
    return slash <= 0 ? "/" : globalName.substring(0, slash);
  }

  /** Normalises a namespace: leading {@code /}, no trailing {@code /} (except the root). */
  public static String canonicalNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return "/";
    }
    String ns = namespace.startsWith("/") ? namespace : "/" + namespace;
    while (ns.length() > 1 && ns.endsWith("/")) {
      ns = ns.substring(0, ns.length() - 1);
    }
    requireValid("namespace", ns);
    return ns;
  }
}
