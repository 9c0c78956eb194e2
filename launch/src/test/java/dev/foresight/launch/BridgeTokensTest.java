package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BridgeTokens}: the one place that turns {@code bridge.tokenSource} into the token. */
class BridgeTokensTest {
  @Test
  void noneIsTheEmptyToken() {
    assertThat(BridgeTokens.resolve("none", Map.of("X", "ignored"))).isEmpty();
  }

  @Test
  void environmentVariableIsReadAndStripped() {
    assertThat(BridgeTokens.resolve("env:BRIDGE_TOKEN", Map.of("BRIDGE_TOKEN", " s3cret\n")))
        .isEqualTo("s3cret");
  }

  @Test
  void unsetOrBlankVariableNamesTheVariable() {
    String expected =
        "bridge.tokenSource: environment variable BRIDGE_TOKEN is not set, expected the token";
    assertThatThrownBy(() -> BridgeTokens.resolve("env:BRIDGE_TOKEN", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> BridgeTokens.resolve("env:BRIDGE_TOKEN", Map.of("BRIDGE_TOKEN", " ")))
        .hasMessage(expected);
  }

  @Test
  void fileIsReadAndStripped(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "\n  abc123  \n");
    assertThat(BridgeTokens.resolve("file:" + file, Map.of())).isEqualTo("abc123");
  }

  @Test
  void missingFileIsOneLineNamingTheFileAndWhatWasExpected(@TempDir Path dir) {
    Path file = dir.resolve("absent-token");
    assertThatThrownBy(() -> BridgeTokens.resolve("file:" + file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bridge.tokenSource: cannot read " + file + " (")
        .hasMessageEndingWith("), expected a file holding the token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void emptyFileIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), " \n\t\n");
    assertThatThrownBy(() -> BridgeTokens.resolve("file:" + file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bridge.tokenSource: " + file + " is empty, expected the token");
  }

  @Test
  void aDirectoryIsNotAToken(@TempDir Path dir) {
    assertThatThrownBy(() -> BridgeTokens.resolve("file:" + dir, Map.of()))
        .hasMessageStartingWith("bridge.tokenSource: cannot read " + dir)
        .hasMessageEndingWith("expected a file holding the token");
  }
}
