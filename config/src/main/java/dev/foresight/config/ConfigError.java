package dev.foresight.config;

/**
 * One violation found while loading a configuration.
 *
 * @param source file name or other origin of the text
 * @param line 1-based line of the offending key or value, or 0 when unknown
 * @param keyPath dotted path of the key, e.g. {@code robot.maxEeSpeedMps}
 * @param problem what is wrong and what was expected, including the bad value
 */
public record ConfigError(String source, int line, String keyPath, String problem) {

  /** Formats as {@code source:line: keyPath: problem}, the style of compiler errors. */
  @Override
  public String toString() {
    return source + (line > 0 ? ":" + line : "") + ": " + keyPath + ": " + problem;
  }
}
