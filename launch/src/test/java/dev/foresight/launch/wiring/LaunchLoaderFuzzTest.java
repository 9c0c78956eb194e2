package dev.foresight.launch.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.config.ConfigError;
import dev.foresight.config.ConfigException;
import dev.foresight.testsupport.FuzzChecks;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link LaunchLoader#parse} with arbitrary text. It either returns a checked description or
 * throws a {@link ConfigException} whose errors each name the source and state the problem in one
 * bounded line; nothing else escapes. A description it returns has unique names, known {@code
 * after} references and a start order, as the loader promises.
 *
 * <p>In the build the target runs over its stored inputs in {@code LaunchLoaderFuzzTestInputs};
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class LaunchLoaderFuzzTest {
  private static final Pattern YAML_LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");

  private static final String SOURCE = "fuzz-launch.yaml";

  /**
   * Loose, because Jazzer's hooks allocate on every string comparison the loader makes (a 557-char
   * file measured 87 KB alone and 5.3 MB under Jazzer); still far below what memory in proportion
   * to a declared size or quadratic growth would take.
   */
  private static final long BUDGET_BYTES = 16 * 1024 * 1024;

  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 32 * 1024;

  @FuzzTest
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    LaunchDescription description;
    try {
      description =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length,
              "launch description of " + text.length() + " chars",
              () -> LaunchLoader.parse(text, SOURCE));
    } catch (ConfigException e) {
      assertThat(e.errors()).isNotEmpty();
      for (ConfigError error : e.errors()) {
        assertThat(error.source()).isEqualTo(SOURCE);
        assertThat(error.line()).isBetween(0, lines(text));
        assertThat(error.keyPath()).isNotBlank().doesNotContain("\n", "\r");
        assertThat(error.problem())
            .isNotBlank()
            .doesNotContain("\n", "\r")
            .hasSizeLessThanOrEqualTo(FuzzChecks.MAX_MESSAGE_CHARS);
      }
      return;
    }
    Set<String> names = new HashSet<>();
    for (LaunchDescription.Component component : description.components()) {
      assertThat(names.add(component.name())).as("unique name %s", component.name()).isTrue();
      assertThat(component.command()).isNotEmpty();
    }
    List<LaunchDescription.Component> order = LaunchLoader.startOrder(description);
    assertThat(order).containsExactlyInAnyOrderElementsOf(description.components());
    Set<String> started = new HashSet<>();
    for (LaunchDescription.Component component : order) {
      assertThat(started).containsAll(component.after());
      started.add(component.name());
    }
  }

  /** Lines as YAML counts them: CR, LF, CR LF, NEL, LS and PS each end one. */
  private static int lines(String text) {
    return YAML_LINE_BREAK.split(text, -1).length;
  }
}
