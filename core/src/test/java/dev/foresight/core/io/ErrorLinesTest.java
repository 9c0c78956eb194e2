package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorLinesTest {
  @Test
  void lineBreaksAndControlsBecomeSpacesAndLongTextIsCut() {
    assertThat(ErrorLines.oneLine("bad\nvalue\r\tat \u2028 end")).isEqualTo("bad value  at   end");
    assertThat(ErrorLines.oneLine("x".repeat(1000)))
        .hasSize(ErrorLines.MAX_CHARS + 1)
        .endsWith("x…");
    assertThat(ErrorLines.oneLine(null)).isEqualTo("no detail");
    assertThat(ErrorLines.oneLine("  \n ")).isEqualTo("no detail");
  }
}
