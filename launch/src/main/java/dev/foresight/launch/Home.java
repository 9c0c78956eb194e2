package dev.foresight.launch;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths relative to the Foresight checkout, for files that ship in it (e.g. the bundled model). */
final class Home {
  private Home() {}

  /**
   * {@code path} as given when it exists or is absolute; otherwise relative to the checkout the
   * {@code ./foresight} script runs from (system property {@code foresight.home}), so {@code
   * models/foresight-sim} works from any working directory.
   */
  static Path resolve(Path path) {
    String home = System.getProperty("foresight.home");
    if (path.isAbsolute() || home == null || Files.exists(path)) {
      return path;
    }
    return Path.of(home).resolve(path);
  }
}
