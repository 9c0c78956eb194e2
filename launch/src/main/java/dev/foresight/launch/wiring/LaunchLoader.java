package dev.foresight.launch.wiring;

import dev.foresight.config.ConfigError;
import dev.foresight.config.ConfigException;
import dev.foresight.config.Range;
import dev.foresight.config.internal.YamlSection;
import dev.foresight.core.LogText;
import dev.foresight.launch.wiring.LaunchDescription.Component;
import dev.foresight.launch.wiring.LaunchDescription.Mode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a launch description from YAML and checks it: unique names, known {@code after} references,
 * no cycles, exactly one of {@code foresight} or {@code exec} per component. Every violation is
 * reported at once, with file, line and key path.
 *
 * <pre>
 * name: sim-demo
 * components:
 *   - name: agent
 *     foresight: agent --driver sim --port 7450   # a foresight subcommand
 *     mode: inline                                # inline (default) | process
 *     ready: {tcpPort: 7450, timeoutMillis: 10000}
 *   - name: planner
 *     foresight: [run, --config, sim.yaml, --goal, goal.png]
 *     after: [agent]
 *     stopTimeoutMillis: 2000
 *   - name: recorder
 *     exec: [rosbag, record, -a]                  # any program; always its own process
 *   - name: check
 *     foresight: config check sim.yaml
 *     oneShot: true          # runs to completion first; ready when it exits with status 0
 * </pre>
 */
public final class LaunchLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Range PORT = Range.closed(0, 65_535, "");
  private static final Range MILLIS = Range.closed(1, 3_600_000, "ms");

  private LaunchLoader() {}

  /** Loads and checks a launch file. */
  public static LaunchDescription load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          List.of(
              new ConfigError(
                  file.toString(),
                  0,
                  "<file>",
                  "file does not exist, expected a launch YAML file")));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigError(
                  file.toString(), 0, "<file>", "cannot be read (" + e.getMessage() + ")")));
    }
  }

  /** Parses and checks launch YAML text; {@code source} names it in errors. */
  public static LaunchDescription parse(String text, String source) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (RuntimeException e) { // not only YAMLException: see YamlSection.syntaxError
      throw new ConfigException(List.of(YamlSection.syntaxError(source, e)));
    }
    List<ConfigError> errors = new ArrayList<>();
    YamlSection top = new YamlSection(source, "", root, errors);
    String name = top.string("name", "foresight", NAME, "a name of letters, digits, _ and -");
    List<YamlSection> items = top.sections("components");
    if (items.isEmpty() && errors.isEmpty()) {
      top.reject("components", "no components, expected a list of at least one component");
    }
    List<Component> components = new ArrayList<>();
    Map<String, YamlSection> byName = new HashMap<>();
    for (YamlSection item : items) {
      String componentName = item.string("name", "", NAME, "a name of letters, digits, _ and -");
      if (componentName.isEmpty()) {
        item.reject("name", "missing, expected a unique component name");
      } else if (byName.putIfAbsent(componentName, item) != null) {
        item.reject(
            "name", LogText.quote(componentName, 40) + " is used twice, expected unique names");
      }
      boolean hasForesight = item.has("foresight");
      boolean hasExec = item.has("exec");
      if (hasForesight == hasExec) {
        item.reject(
            hasForesight ? "exec" : "foresight",
            "expected exactly one of foresight (a foresight subcommand) or exec (a program)");
      }
      List<String> command = item.strings(hasExec ? "exec" : "foresight", hasForesight || hasExec);
      Mode mode = item.choice("mode", Mode.INLINE, Mode.class);
      if (hasExec && item.has("mode") && mode == Mode.INLINE) {
        item.reject("mode", "'inline' is not valid for exec, expected process (or leave it out)");
      }
      List<String> after = item.strings("after", false);
      YamlSection ready = item.section("ready");
      int port = (int) ready.integer("tcpPort", 0, PORT);
      long readyMillis = ready.integer("timeoutMillis", 30_000, MILLIS);
      ready.finish();
      long stopMillis = item.integer("stopTimeoutMillis", 3_000, MILLIS);
      boolean oneShot = item.bool("oneShot", false);
      item.finish();
      components.add(
          new Component(
              componentName,
              !hasExec,
              command,
              hasExec ? Mode.PROCESS : mode,
              after,
              port,
              Duration.ofMillis(readyMillis),
              Duration.ofMillis(stopMillis),
              oneShot));
    }
    top.finish();
    for (int i = 0; i < components.size(); i++) {
      for (String dependency : components.get(i).after()) {
        if (!byName.containsKey(dependency)) {
          // The component's own section: its name may be missing, invalid or taken.
          items
              .get(i)
              .reject(
                  "after",
                  LogText.quote(dependency, 40)
                      + " is not a component, expected one of "
                      + clip(String.join(", ", byName.keySet())));
        }
      }
    }
    if (errors.isEmpty()) {
      String cycle = findCycle(components);
      if (cycle != null) {
        top.reject("components", "start-up order has a cycle: " + clip(cycle));
      }
    }
    if (!errors.isEmpty()) {
      errors.sort(java.util.Comparator.comparingInt(ConfigError::line));
      throw new ConfigException(errors);
    }
    return new LaunchDescription(name, components);
  }

  /**
   * Orders components so each starts after everything in its {@code after} list, keeping file order
   * otherwise.
   */
  public static List<Component> startOrder(LaunchDescription description) {
    List<Component> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    List<Component> pending = new ArrayList<>(description.components());
    while (!pending.isEmpty()) {
      Component next =
          pending.stream()
              .filter(c -> placed.containsAll(c.after()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("cycle in a checked description"));
      pending.remove(next);
      placed.add(next.name());
      ordered.add(next);
    }
    return ordered;
  }

  /** Names listed in an error, clipped so the error stays one readable line. */
  private static String clip(String names) {
    return names.length() <= 200 ? names : names.substring(0, 200) + "…";
  }

  private static String findCycle(List<Component> components) {
    Map<String, Component> byName = new HashMap<>();
    components.forEach(c -> byName.put(c.name(), c));
    Map<String, Integer> state = new HashMap<>(); // 1 = visiting, 2 = done
    for (Component component : components) {
      List<String> path = new ArrayList<>();
      String cycle = visit(component.name(), byName, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    return null;
  }

  private static String visit(
      String name, Map<String, Component> byName, Map<String, Integer> state, List<String> path) {
    Integer mark = state.get(name);
    if (mark != null && mark == 2) {
      return null;
    }
    path.add(name);
    if (mark != null && mark == 1) {
      return String.join(" -> ", path.subList(path.indexOf(name), path.size()));
    }
    state.put(name, 1);
    for (String dependency : byName.get(name).after()) {
      String cycle = visit(dependency, byName, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    state.put(name, 2);
    path.remove(path.size() - 1);
    return null;
  }
}
