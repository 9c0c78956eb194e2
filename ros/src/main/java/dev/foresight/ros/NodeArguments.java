package dev.foresight.ros;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ROS 1 arguments of a node's command line, as {@code roslaunch} and {@code rosrun} pass them:
 * {@code __name:=}, {@code __ns:=}, {@code __master:=}, {@code __ip:=}, {@code __hostname:=},
 * {@code __log:=} (accepted and ignored: Foresight logs to stderr), private parameters {@code
 * _name:=value}, and {@code from:=to} remappings. Everything else is left for the program.
 *
 * @param name node name from {@code __name:=}
 * @param namespace namespace from {@code __ns:=}
 * @param masterUri master from {@code __master:=}
 * @param ip address to advertise from {@code __ip:=}
 * @param hostname host name to advertise from {@code __hostname:=}
 * @param remappings {@code from → to}, unresolved, in order
 * @param privateParameters private parameter name (without {@code _}) → value text
 * @param remaining the arguments that are not ROS arguments, in order
 */
public record NodeArguments(
    Optional<String> name,
    Optional<String> namespace,
    Optional<URI> masterUri,
    Optional<String> ip,
    Optional<String> hostname,
    Map<String, String> remappings,
    Map<String, String> privateParameters,
    List<String> remaining) {

  /** Copies the collections. */
  public NodeArguments {
    remappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(remappings));
    privateParameters =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(privateParameters));
    remaining = List.copyOf(remaining);
  }

  /**
   * Splits a command line into ROS arguments and the rest.
   *
   * @throws IllegalArgumentException naming the argument when a name or URI is malformed
   */
  public static NodeArguments parse(List<String> args) {
    Optional<String> name = Optional.empty();
    Optional<String> namespace = Optional.empty();
    Optional<URI> master = Optional.empty();
    Optional<String> ip = Optional.empty();
    Optional<String> hostname = Optional.empty();
    Map<String, String> remappings = new LinkedHashMap<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    List<String> remaining = new ArrayList<>();
    for (String arg : args) {
      int separator = arg.indexOf(":=");
      if (separator <= 0 || arg.startsWith("-")) {
        remaining.add(arg);
        continue;
      }
      String key = arg.substring(0, separator);
      String value = arg.substring(separator + 2);
      switch (key) {
        case "__name" -> {
          if (value.contains("/") || !GraphNames.isValid(value)) {
            throw new IllegalArgumentException(
                "argument '" + arg + "': node name must be a single token like 'camera'");
          }
          name = Optional.of(value);
        }
        case "__ns" -> namespace = Optional.of(GraphNames.canonicalNamespace(value));
        case "__master" -> {
          try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || uri.getPort() <= 0) {
              throw new IllegalArgumentException("no host or port");
            }
            master = Optional.of(uri);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "argument '" + arg + "': expected a master URI like http://127.0.0.1:11311");
          }
        }
        case "__ip" -> ip = Optional.of(value);
        case "__hostname" -> hostname = Optional.of(value);
        case "__log" -> {
          // roslaunch passes a log file path; Foresight logs to stderr, which roslaunch captures.
        }
        default -> {
          if (key.startsWith("__")) {
            remaining.add(arg);
          } else if (key.startsWith("_")) {
            parameters.put(key.substring(1), value);
          } else {
            GraphNames.requireValid("remapping source in '" + arg + "'", key);
            GraphNames.requireValid("remapping target in '" + arg + "'", value);
            remappings.put(key, value);
          }
        }
      }
    }
    return new NodeArguments(
        name, namespace, master, ip, hostname, remappings, parameters, remaining);
  }
}
