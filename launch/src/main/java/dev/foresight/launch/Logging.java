package dev.foresight.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels the CLI adjusts per command. */
final class Logging {
  private Logging() {}

  /**
   * Keeps the embedded bridge agent's per-episode start, arm and stop lines (including the expected
   * "stopped at episode end" warnings) out of the output of commands that run episodes; errors
   * still show, and the episode loop reports watchdog re-arms itself.
   */
  static void quietBridge() {
    if (System.getenv("FORESIGHT_LOG_LEVEL") == null
        && LoggerFactory.getLogger("dev.foresight.bridge") instanceof Logger logger) {
      logger.setLevel(Level.ERROR);
    }
  }

  /**
   * Also keeps the evaluation's own bridge client quiet (its arming of each episode's loopback
   * agent is routine), unless {@code FORESIGHT_LOG_LEVEL} is set; its warnings still show.
   */
  static void quietEvaluationClient() {
    quietBridge();
    if (System.getenv("FORESIGHT_LOG_LEVEL") == null
        && LoggerFactory.getLogger("dev.foresight.runtime.BridgeCommands")
            instanceof Logger logger) {
      logger.setLevel(Level.WARN);
    }
  }
}
