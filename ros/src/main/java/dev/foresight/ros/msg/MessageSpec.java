package dev.foresight.ros.msg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message definition ({@code .msg} text) with the definitions it uses, and the two strings
 * derived from it as genmsg does: the md5 sum and the full text.
 *
 * <p>Md5 (genmsg {@code compute_md5_text}): comments and blank lines are dropped; constants come
 * first as {@code type name=value}, then fields in order as {@code type name} for built-in types
 * (array suffix kept) and {@code md5(nested) name} for message types (array suffix dropped); the
 * lines are joined with {@code \n} and hashed.
 *
 * @param typeName full name, e.g. {@code std_msgs/Header}
 * @param text the definition, one field or constant per line
 * @param dependencies definitions of the message types its fields use (directly)
 * @param md5 the computed md5 sum
 * @param fullText the definition followed by every nested definition, as sent in connection headers
 */
public record MessageSpec(
    String typeName, String text, List<MessageSpec> dependencies, String md5, String fullText) {

  private static final Set<String> BUILTIN =
      Set.of(
          "bool",
          "int8",
          "uint8",
          "int16",
          "uint16",
          "int32",
          "uint32",
          "int64",
          "uint64",
          "float32",
          "float64",
          "string",
          "time",
          "duration",
          "byte",
          "char");

  private static final String SEPARATOR = "=".repeat(80);

  /**
   * Builds a spec and computes its md5 and full text.
   *
   * @throws IllegalArgumentException when a field's type is neither built in nor a dependency
   */
  public static MessageSpec of(String typeName, String text, MessageSpec... dependencies) {
    List<MessageSpec> deps = List.of(dependencies);
    String md5 = md5Hex(md5Text(typeName, text, deps));
    Map<String, MessageSpec> all = new LinkedHashMap<>();
    collect(deps, all);
    StringBuilder full = new StringBuilder(text.strip()).append('\n');
    for (MessageSpec dependency : all.values()) {
      full.append(SEPARATOR)
          .append('\n')
          .append("MSG: ")
          .append(dependency.typeName)
          .append('\n')
          .append(dependency.text.strip())
          .append('\n');
    }
    return new MessageSpec(typeName, text, deps, md5, full.toString());
  }

  private static void collect(List<MessageSpec> deps, Map<String, MessageSpec> all) {
    for (MessageSpec dependency : deps) {
      if (!all.containsKey(dependency.typeName)) {
        all.put(dependency.typeName, dependency);
        collect(dependency.dependencies, all);
      }
    }
  }

  /** The text genmsg hashes for a definition. */
  static String md5Text(String typeName, String text, List<MessageSpec> deps) {
    String packageName = typeName.substring(0, typeName.indexOf('/'));
    List<String> constants = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    for (String rawLine : text.split("\n")) {
      int hash = rawLine.indexOf('#');
      String line = (hash >= 0 ? rawLine.substring(0, hash) : rawLine).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            typeName + ": line '" + line + "' is not 'type name' or 'type NAME=value'");
      }
      String type = parts[0];
      String rest = parts[1].strip();
      int equals = rest.indexOf('=');
      if (equals >= 0) {
        String name = rest.substring(0, equals).strip();
        String value = rest.substring(equals + 1).strip();
        constants.add(type + " " + name + "=" + value);
        continue;
      }
      String baseType = type.contains("[") ? type.substring(0, type.indexOf('[')) : type;
      if (BUILTIN.contains(baseType)) {
        fields.add(type + " " + rest);
      } else {
        String fullName =
            "Header".equals(baseType)
                ? "std_msgs/Header"
                : baseType.contains("/") ? baseType : packageName + "/" + baseType;
        MessageSpec nested =
            deps.stream()
                .filter(d -> d.typeName.equals(fullName))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            typeName + ": field type " + fullName + " is not among dependencies"));
        fields.add(nested.md5 + " " + rest);
      }
    }
    List<String> lines = new ArrayList<>(constants);
    lines.addAll(fields);
    return String.join("\n", lines);
  }

  static String md5Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
