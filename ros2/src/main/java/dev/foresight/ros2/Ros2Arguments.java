package dev.foresight.ros2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROS 2 command-line arguments as rcl reads them: everything between {@code --ros-args} and {@code
 * --} (or the end; several sections allowed) is ROS's, the rest is the program's.
 *
 * <ul>
 *   <li>{@code -r from:=to} / {@code --remap}: topic remapping; {@code node:from:=to} applies to
 *       that node only; {@code __node:=name} and {@code __ns:=/ns} rename the node and set its
 *       namespace.
 *   <li>{@code -p name:=value} / {@code --param}: a parameter, its value kept as text.
 *   <li>{@code --log-level LEVEL}: accepted and kept.
 * </ul>
 *
 * @param remappings {@code from → to} rules, in order (node-specific ones keep their {@code node:}
 *     prefix)
 * @param parameters {@code name → value} text, in order; a later value wins
 * @param nodeName the {@code __node} override, or null
 * @param namespace the {@code __ns} override, or null
 * @param logLevel the {@code --log-level} value, or null
 * @param programArguments the arguments outside {@code --ros-args} sections
 */
public record Ros2Arguments(
    Map<String, String> remappings,
    Map<String, String> parameters,
    String nodeName,
    String namespace,
    String logLevel,
    List<String> programArguments) {
  /** Copies the collections. */
  public Ros2Arguments {
    remappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(remappings));
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    programArguments = List.copyOf(programArguments);
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the argument when a ROS argument is malformed or not
   *     known
   */
  public static Ros2Arguments parse(List<String> args) {
    Map<String, String> remappings = new LinkedHashMap<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    List<String> program = new ArrayList<>();
    String node = null;
    String namespace = null;
    String logLevel = null;
    boolean ros = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--ros-args")) {
        ros = true;
        continue;
      }
      if (!ros) {
        program.add(arg);
        continue;
      }
      switch (arg) {
        case "--" -> ros = false;
        case "-r", "--remap" -> {
          String[] rule = rule(args, ++i, arg);
          if (rule[0].equals("__node") || rule[0].equals("__name")) {
            node = Ros2Names.requireNodeName(rule[1]);
          } else if (rule[0].equals("__ns")) {
            namespace = Ros2Names.requireNamespace(rule[1]);
          } else {
            String from = rule[0];
            int colon = from.indexOf(':');
            Ros2Names.requireTopic(colon < 0 ? from : from.substring(colon + 1));
            if (colon >= 0) {
              Ros2Names.requireNodeName(from.substring(0, colon));
            }
            remappings.put(from, Ros2Names.requireTopic(rule[1]));
          }
        }
        case "-p", "--param" -> {
          String[] rule = rule(args, ++i, arg);
          parameters.put(rule[0], rule[1]);
        }
        case "--log-level" -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("--log-level needs a level, e.g. --log-level debug");
          }
          logLevel = args.get(++i);
        }
        default ->
            throw new IllegalArgumentException(
                "ROS argument '"
                    + arg
                    + "' is not supported, expected -r from:=to, -p name:=value, --log-level or --");
      }
    }
    return new Ros2Arguments(remappings, parameters, node, namespace, logLevel, program);
  }

  private static String[] rule(List<String> args, int index, String flag) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a name:=value rule after it");
    }
    String text = args.get(index);
    int separator = text.indexOf(":=");
    if (separator <= 0 || separator == text.length() - 2) {
      throw new IllegalArgumentException(flag + " '" + text + "' is not of the form name:=value");
    }
    return new String[] {text.substring(0, separator), text.substring(separator + 2)};
  }

  /**
   * {@code settings} with this node-name and namespace override and these remappings (node-specific
   * ones only where they name the resulting node).
   */
  public Ros2NodeSettings applyTo(Ros2NodeSettings settings) {
    String name = nodeName != null ? nodeName : settings.name();
    String ns = namespace != null ? namespace : settings.namespace();
    Map<String, String> rules = new LinkedHashMap<>(settings.remappings());
    remappings.forEach(
        (from, to) -> {
          int colon = from.indexOf(':');
          if (colon < 0) {
            rules.put(from, to);
          } else if (from.substring(0, colon).equals(name)) {
            rules.put(from.substring(colon + 1), to);
          }
        });
    return new Ros2NodeSettings(name, ns, settings.domainId(), rules);
  }
}
