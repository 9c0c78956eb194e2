package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportJson}: the one writer of the report folders' JSON files. */
class ReportJsonTest {
  @Test
  void nonFiniteNumbersBecomeNullAndFiniteOnesStay() {
    ObjectNode node = ReportJson.object();
    ReportJson.put(node, "nan", Double.NaN);
    ReportJson.put(node, "infinite", Double.POSITIVE_INFINITY);
    ReportJson.put(node, "value", 0.25);
    assertThat(node.get("nan").isNull()).isTrue();
    assertThat(node.get("infinite").isNull()).isTrue();
    assertThat(node.get("value").doubleValue()).isEqualTo(0.25);
  }

  @Test
  void writesIndentedJsonWithOneTrailingNewlineAndNoTemporaryFileLeft(@TempDir Path dir)
      throws IOException {
    ObjectNode summary = ReportJson.object();
    summary.put("steps", 3);
    ArrayNode rows = summary.putArray("rows");
    rows.addObject().put("step", 1);
    Path file = dir.resolve("summary.json");
    ReportJson.write(file, summary);
    String text = Files.readString(file);
    assertThat(text).endsWith("}\n").doesNotEndWith("\n\n").contains("\n  \"steps\" : 3");
    JsonNode back = new ObjectMapper().readTree(text);
    assertThat(back).isEqualTo(summary);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.json");
    }
  }
}
