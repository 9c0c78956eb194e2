package dev.foresight.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link ConfigLoader#parse} with arbitrary text. It either returns a config or throws a
 * {@link ConfigException} whose errors each name the source, a line and a key path, and state the
 * problem in one bounded line; nothing else escapes (a record's own check that the loader missed
 * would, for example), and memory stays in proportion to the text.
 *
 * <p>In the build the target runs over its stored inputs in {@code ConfigLoaderFuzzTestInputs};
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class ConfigLoaderFuzzTest {
  private static final Pattern YAML_LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");

  private static final String SOURCE = "fuzz.yaml";

  /** Longest problem accepted: one line a person can read, not an echo of the input. */
  private static final int MAX_PROBLEM_CHARS = 400;

  /**
   * Loose, because Jazzer's hooks allocate on every string comparison the loader makes (a 557-char
   * file measured 87 KB alone and 5.3 MB under Jazzer); still far below what memory in proportion
   * to a declared size or quadratic growth would take.
   */
  private static final long BUDGET_BYTES = 16 * 1024 * 1024;

  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 32 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @FuzzTest
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    long budget = BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length;
    ForesightConfig config;
    try {
      config = withinAllocationBudget(budget, () -> ConfigLoader.parse(text, SOURCE));
    } catch (ConfigException e) {
      assertThat(e.errors()).isNotEmpty();
      assertThat(e.getMessage()).startsWith(e.errors().size() + " configuration error");
      for (ConfigError error : e.errors()) {
        assertThat(error.source()).isEqualTo(SOURCE);
        assertThat(error.line()).isBetween(0, lines(text));
        assertThat(error.keyPath()).isNotBlank().doesNotContain("\n", "\r");
        assertThat(error.problem())
            .isNotBlank()
            .doesNotContain("\n", "\r")
            .hasSizeLessThanOrEqualTo(MAX_PROBLEM_CHARS);
      }
      return;
    }
    assertThat(config).isNotNull();
    assertThat(config.robot().workspaceInBase()).isNotNull();
  }

  /**
   * Runs {@code parse}, checking the thread allocated at most {@code budgetBytes}; a run over
   * budget is repeated once, since the first run of a path also loads classes, and fails only if
   * the repeat is over budget too.
   */
  private static ForesightConfig withinAllocationBudget(
      long budgetBytes, Supplier<ForesightConfig> parse) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    try {
      return parse.get();
    } finally {
      if (THREADS.getCurrentThreadAllocatedBytes() - before > budgetBytes) {
        long repeatBefore = THREADS.getCurrentThreadAllocatedBytes();
        try {
          parse.get();
        } catch (ConfigException e) {
          // The first run's outcome is the one that counts.
        }
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - repeatBefore)
            .as("bytes allocated parsing the text again")
            .isLessThanOrEqualTo(budgetBytes);
      }
    }
  }

  /** Lines as YAML counts them: CR, LF, CR LF, NEL, LS and PS each end one. */
  private static int lines(String text) {
    return YAML_LINE_BREAK.split(text, -1).length;
  }
}
