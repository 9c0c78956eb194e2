package dev.foresight.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bridge's shared token, named by {@code bridge.tokenSource}, for the agent that checks it and
 * every client that presents it. Bad sources are one-line errors naming the source and what was
 * expected.
 */
final class BridgeTokens {
  private BridgeTokens() {}

  /** {@link #resolve(String, Map)} over this process's environment. */
  static String resolve(String source) {
    return resolve(source, System.getenv());
  }

  /**
   * The token: empty for {@code none}, the stripped value of variable NAME for {@code env:NAME},
   * the stripped content of PATH for {@code file:PATH}.
   *
   * @param source {@code bridge.tokenSource}, already validated by the config loader
   * @param environment the variables {@code env:} reads. Not modified.
   * @throws IllegalArgumentException when the variable is unset or blank, or the file is missing,
   *     unreadable or empty
   */
  static String resolve(String source, Map<String, String> environment) {
    if (source.equals("none")) {
      return "";
    }
    if (source.startsWith("env:")) {
      String name = source.substring(4);
      String value = environment.get(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "bridge.tokenSource: environment variable " + name + " is not set, expected the token");
      }
      return value.strip();
    }
    Path file = Path.of(source.substring(5));
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(
            "bridge.tokenSource: " + file + " is empty, expected the token");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "bridge.tokenSource: cannot read "
              + file
              + " ("
              + e.getMessage()
              + "), expected a file holding the token",
          e);
    }
  }
}
