package dev.foresight.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON files of the commands' report folders ({@code summary.json}, {@code diagnostics.json}):
 * indented, one trailing newline, written atomically, non-finite numbers as null.
 */
final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  /** A new JSON object. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new JSON array. */
  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Puts a number, or null for a non-finite one (JSON has no NaN). */
  static void put(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  /** Writes {@code json} indented, with a trailing newline, through a temporary file. */
  static void write(Path file, JsonNode json) throws IOException {
    AtomicFiles.writeString(file, MAPPER.writeValueAsString(json) + "\n");
  }
}
