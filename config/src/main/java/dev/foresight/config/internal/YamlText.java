package dev.foresight.config.internal;

import dev.foresight.core.LogText;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** How YAML nodes and values are written into one-line config errors. */
final class YamlText {
  private YamlText() {}

  /** Whether a node is YAML null (empty, {@code ~} or {@code null}). */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar
        && scalar.getTag().getValue().endsWith(":null")
        && (scalar.getValue().isEmpty()
            || scalar.getValue().equals("~")
            || scalar.getValue().equals("null"));
  }

  /** A node as an error names it: its quoted value, or its kind. */
  static String describe(Node node) {
    if (isNull(node)) {
      return "an empty value";
    }
    if (node instanceof ScalarNode scalar) {
      return quote(scalar.getValue());
    }
    if (node instanceof SequenceNode sequence) {
      return "a list of " + sequence.getValue().size();
    }
    return "a mapping";
  }

  /** A number's text as written, clipped to a readable length (digits need no escaping). */
  static String clip(String number) {
    return number.length() <= 40
        ? number
        : number.substring(0, 40) + "…(" + number.length() + " chars)";
  }

  /**
   * The text quoted for one line of an error: control characters escaped, at most 40 chars of it
   * (an escape takes up to six).
   */
  static String quote(String text) {
    return LogText.quote(text, 40);
  }
}
