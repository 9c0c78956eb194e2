package dev.foresight.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels the CLI adjusts per command. */
final class Logging {
  private Logging() {}

  /**
   * Keeps the embedded bridge agent's per-episode start, arm and stop lines out of the output of
   * commands that run many episodes; warnings about anything unexpected still show.
   */
  static void quietBridge() {
    if (System.getenv("FORESIGHT_LOG_LEVEL") == null
        && LoggerFactory.getLogger("dev.foresight.bridge") instanceof Logger logger) {
      logger.setLevel(Level.WARN);
    }
  }
}
