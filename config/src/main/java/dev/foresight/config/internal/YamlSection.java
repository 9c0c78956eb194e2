package dev.foresight.config.internal;

import dev.foresight.config.ConfigError;
import dev.foresight.config.Range;
import dev.foresight.core.LogText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping being read into a config record. Each getter returns the value or, after
 * recording a {@link ConfigError}, the default, so a whole file is read and every violation
 * reported at once. {@link #finish()} reports the keys nobody asked for.
 */
public final class YamlSection {
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  /** A key that can stand in a key path as it is; any other is quoted there. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final String source;
  private final String path;
  private final int line;
  private final List<ConfigError> errors;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<String> known = new ArrayList<>();

  /**
   * @param source file name for messages
   * @param path dotted key path of this mapping, empty at the top level
   * @param node the mapping, or null when the section is absent (all defaults)
   * @param errors shared list violations are added to. Modified.
   */
  public YamlSection(String source, String path, Node node, List<ConfigError> errors) {
    this.source = source;
    this.path = path;
    this.errors = errors;
    this.line = node == null ? 0 : node.getStartMark().getLine() + 1;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : "<complex key>";
        if (entries.containsKey(key)) {
          error(keyNode, key, "duplicate key, expected each key once");
        }
        entries.put(key, tuple);
      }
    } else if (node != null && !YamlText.isNull(node)) {
      errors.add(
          new ConfigError(
              source,
              line,
              path.isEmpty() ? "<document>" : path,
              "expected a mapping of keys to values, got " + YamlText.describe(node)));
    }
  }

  /**
   * The error for text that is not YAML at all: the parser's problem in one bounded line, at the
   * line where it found it when it says.
   *
   * @param source file name for messages
   * @param e what the YAML parser threw: usually a {@link org.yaml.snakeyaml.error.YAMLException},
   *     but SnakeYAML throws others for some malformed input (an {@link IllegalArgumentException}
   *     for a tag with spaces)
   */
  public static ConfigError syntaxError(String source, RuntimeException e) {
    String problem;
    int line = 0;
    if (e instanceof MarkedYAMLException marked) {
      problem = marked.getProblem();
      line = marked.getProblemMark() == null ? 0 : marked.getProblemMark().getLine() + 1;
    } else {
      problem = e.getMessage();
    }
    String oneLine = problem == null ? "(no detail)" : problem.replaceAll("\\s+", " ").strip();
    if (oneLine.length() > 200) {
      oneLine = oneLine.substring(0, 200) + "…";
    }
    return new ConfigError(source, line, "<document>", "not valid YAML: " + oneLine);
  }

  /** Whether the key is present. Marks it as known. */
  public boolean has(String key) {
    known.add(key);
    return entries.containsKey(key);
  }

  /**
   * Dotted path of a key in this section; a key that is not a plain name (line breaks, spaces, an
   * unbounded length) appears quoted and clipped, so every error stays one bounded line.
   */
  public String keyPath(String key) {
    String shown = PLAIN_KEY.matcher(key).matches() ? key : LogText.quote(key, 40);
    return path.isEmpty() ? shown : path + "." + shown;
  }

  /** A nested mapping, empty (all defaults) when absent. */
  public YamlSection section(String key) {
    Node value = has(key) ? entries.get(key).getValueNode() : null;
    return new YamlSection(source, keyPath(key), value, errors);
  }

  /** A list of mappings, one section each (e.g. {@code components[2]}); empty when absent. */
  public List<YamlSection> sections(String key) {
    List<YamlSection> items = new ArrayList<>();
    if (!has(key)) {
      return items;
    }
    Node node = entries.get(key).getValueNode();
    if (!(node instanceof SequenceNode sequence)) {
      error(node, key, YamlText.describe(node) + " is not valid, expected a list of mappings");
      return items;
    }
    for (int i = 0; i < sequence.getValue().size(); i++) {
      items.add(
          new YamlSection(
              source, keyPath(key) + "[" + i + "]", sequence.getValue().get(i), errors));
    }
    return items;
  }

  /**
   * A list of strings, e.g. command arguments; a single scalar is split at whitespace.
   *
   * @param required whether an absent or empty list is an error
   */
  public List<String> strings(String key, boolean required) {
    List<String> values = new ArrayList<>();
    if (!has(key)) {
      if (required) {
        errors.add(
            new ConfigError(source, line, keyPath(key), "missing, expected a list of strings"));
      }
      return values;
    }
    Node node = entries.get(key).getValueNode();
    if (node instanceof ScalarNode scalar && !YamlText.isNull(node)) {
      for (String part : scalar.getValue().trim().split("\\s+")) {
        if (!part.isEmpty()) {
          values.add(part);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (item instanceof ScalarNode scalar && !YamlText.isNull(item)) {
          values.add(scalar.getValue());
        } else {
          error(item, key, YamlText.describe(item) + " is not valid, expected a string");
        }
      }
    } else {
      error(node, key, YamlText.describe(node) + " is not valid, expected a list of strings");
    }
    if (required && values.isEmpty()) {
      error(node, key, "is empty, expected at least one string");
    }
    return values;
  }

  /** 1-based line of a key, or of this section when the key is absent. */
  public int lineOf(String key) {
    return entries.containsKey(key)
        ? entries.get(key).getKeyNode().getStartMark().getLine() + 1
        : line;
  }

  /** Adds an error about a key of this section, at the key's line. */
  public void reject(String key, String problem) {
    errors.add(new ConfigError(source, lineOf(key), keyPath(key), problem));
  }

  /** A number within {@code range}; integers are accepted. */
  public double number(String key, double defaultValue, Range range) {
    ScalarNode scalar = scalar(key, "a number in " + range);
    if (scalar == null) {
      return defaultValue;
    }
    String text = scalar.getValue().trim();
    if (!NUMBER.matcher(text).matches()) {
      error(scalar, key, YamlText.quote(text) + " is not a number, expected a number in " + range);
      return defaultValue;
    }
    double value = Double.parseDouble(text);
    if (!range.contains(value)) {
      error(scalar, key, YamlText.clip(text) + " is out of range, expected " + range);
      return defaultValue;
    }
    return value;
  }

  /** An integer within {@code range}. */
  public long integer(String key, long defaultValue, Range range) {
    ScalarNode scalar = scalar(key, "an integer in " + range);
    if (scalar == null) {
      return defaultValue;
    }
    String text = scalar.getValue().trim();
    if (!INTEGER.matcher(text).matches()) {
      error(
          scalar,
          key,
          YamlText.quote(text) + " is not an integer, expected an integer in " + range);
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      error(scalar, key, YamlText.clip(text) + " is too large, expected an integer in " + range);
      return defaultValue;
    }
    if (!range.contains(value)) {
      error(scalar, key, YamlText.clip(text) + " is out of range, expected " + range);
      return defaultValue;
    }
    return value;
  }

  /** Any 64-bit integer, e.g. a seed. */
  public long anyLong(String key, long defaultValue) {
    return integer(key, defaultValue, Range.closed(Long.MIN_VALUE, Long.MAX_VALUE, ""));
  }

  /** {@code true} or {@code false}. */
  public boolean bool(String key, boolean defaultValue) {
    ScalarNode scalar = scalar(key, "true or false");
    if (scalar == null) {
      return defaultValue;
    }
    String text = scalar.getValue().trim();
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    error(scalar, key, YamlText.quote(text) + " is not a boolean, expected true or false");
    return defaultValue;
  }

  /** A string matching {@code pattern}; {@code expected} describes the valid forms. */
  public String string(String key, String defaultValue, Pattern pattern, String expected) {
    ScalarNode scalar = scalar(key, expected);
    if (scalar == null) {
      return defaultValue;
    }
    String text = scalar.getValue();
    if (!pattern.matcher(text).matches()) {
      error(scalar, key, YamlText.quote(text) + " is not valid, expected " + expected);
      return defaultValue;
    }
    return text;
  }

  /** One of an enum's constants, written in lower case. */
  public <E extends Enum<E>> E choice(String key, E defaultValue, Class<E> type) {
    E[] constants = type.getEnumConstants();
    List<String> names = new ArrayList<>();
    for (E constant : constants) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    String expected = "one of " + String.join(", ", names);
    ScalarNode scalar = scalar(key, expected);
    if (scalar == null) {
      return defaultValue;
    }
    String text = scalar.getValue().trim();
    for (E constant : constants) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    error(scalar, key, YamlText.quote(text) + " is not valid, expected " + expected);
    return defaultValue;
  }

  /** A list of exactly {@code size} numbers, each within {@code range}. */
  public double[] vector(String key, double[] defaultValue, Range range) {
    if (!has(key)) {
      return defaultValue;
    }
    Node node = entries.get(key).getValueNode();
    String expected = "a list of " + defaultValue.length + " numbers in " + range;
    if (!(node instanceof SequenceNode sequence)
        || sequence.getValue().size() != defaultValue.length) {
      error(node, key, YamlText.describe(node) + " is not valid, expected " + expected);
      return defaultValue;
    }
    double[] values = new double[defaultValue.length];
    boolean ok = true;
    for (int i = 0; i < values.length; i++) {
      Node item = sequence.getValue().get(i);
      String text = item instanceof ScalarNode scalar ? scalar.getValue().trim() : "";
      if (!NUMBER.matcher(text).matches() || !range.contains(Double.parseDouble(text))) {
        error(
            item,
            key + "[" + i + "]",
            YamlText.describe(item) + " is not valid, expected " + expected);
        ok = false;
      } else {
        values[i] = Double.parseDouble(text);
      }
    }
    return ok ? values : defaultValue;
  }

  /**
   * Builds a record from the values read, turning its constructor's cross-field check into a config
   * error at this section's line; returns {@code fallback} on failure.
   */
  public <T> T build(Supplier<T> constructor, T fallback) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      errors.add(new ConfigError(source, line, path, e.getMessage()));
      return fallback;
    }
  }

  /** Reports every key of this section that no getter asked for. */
  public void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        String hint = KeyHints.closest(entry.getKey(), known);
        error(
            entry.getValue().getKeyNode(),
            entry.getKey(),
            "unknown key, expected one of "
                + String.join(", ", known)
                + (hint == null ? "" : " (did you mean " + hint + "?)"));
      }
    }
  }

  private ScalarNode scalar(String key, String expected) {
    if (!has(key)) {
      return null;
    }
    Node node = entries.get(key).getValueNode();
    if (node instanceof ScalarNode scalar && !YamlText.isNull(node)) {
      return scalar;
    }
    error(node, key, YamlText.describe(node) + " is not valid, expected " + expected);
    return null;
  }

  private void error(Node node, String key, String problem) {
    errors.add(new ConfigError(source, node.getStartMark().getLine() + 1, keyPath(key), problem));
  }
}
