package dev.foresight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void keepsPlainTextQuoted() {
    assertThat(LogText.quote("planner@host")).isEqualTo("'planner@host'");
  }

  @Test
  void escapesLineBreaksAndControlCharacters() {
    String forged = "x\n2026-12-05 INFO agent armed\r\u0000\u001b[31m\\";
    String quoted = LogText.quote(forged);
    assertThat(quoted).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
    assertThat(quoted).isEqualTo("'x\\n2026-12-05 INFO agent armed\\r\\u0000\\u001b[31m\\\\'");
  }

  @Test
  void truncatesLongTextAndSaysHowLongItWas() {
    String huge = "a".repeat(1_000_000);
    String quoted = LogText.quote(huge, 10);
    assertThat(quoted).isEqualTo("'aaaaaaaaaa'…(1000000 chars)");
  }

  @Test
  void escapesCountTowardsTheLimit() {
    String quoted = LogText.quote("\u0001".repeat(1000), 20);
    assertThat(quoted).isEqualTo("'" + "\\u0001".repeat(3) + "'…(1000 chars)");
  }

  @Test
  void nullAndBadLimit() {
    assertThat(LogText.quote(null)).isEqualTo("null");
    assertThatThrownBy(() -> LogText.quote("x", 0)).hasMessageContaining("got 0");
  }
}
