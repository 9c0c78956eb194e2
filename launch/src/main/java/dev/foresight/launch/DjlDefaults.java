package dev.foresight.launch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DJL system properties every world-model command needs, set before DJL starts unless the user set
 * them: offline, OnnxRuntime as the default engine, and one PyTorch thread (oversubscribed threads
 * on shared CPUs are many times slower).
 */
final class DjlDefaults {
  private DjlDefaults() {}

  static void apply() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.default_engine", "OnnxRuntime");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Resolves a relative path against the working directory, or else against the installation
   * ({@code foresight.home}) when it exists only there (e.g. the bundled model).
   */
  static Path resolve(Path path) {
    if (path.isAbsolute() || Files.exists(path)) {
      return path;
    }
    String home = System.getProperty("foresight.home");
    if (home != null && Files.exists(Path.of(home).resolve(path))) {
      return Path.of(home).resolve(path);
    }
    return path;
  }
}
