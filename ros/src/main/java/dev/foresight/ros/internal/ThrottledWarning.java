package dev.foresight.ros.internal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A server's warnings, at most one per 10 s, each saying how many were left out since the last: a
 * flood of bad peers cannot flood the log.
 */
final class ThrottledWarning {
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String name;
  private final Logger log;
  private long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS; // guarded by this
  private long suppressed; // guarded by this

  /**
   * @param name starts every line, e.g. {@code TCPROS server of /node}
   */
  ThrottledWarning(String name, Logger log) {
    this.name = name;
    this.log = log;
  }

  /** Logs "{@code <name> <what>}" unless a warning went out less than 10 s ago. */
  synchronized void warn(String what) {
    long now = System.nanoTime();
    if (now - lastWarnNanos < WARN_INTERVAL_NANOS) {
      suppressed++;
      return;
    }
    lastWarnNanos = now;
    long left = suppressed;
    suppressed = 0;
    log.warn("{} {}{}", name, what, left > 0 ? " (" + left + " such events before)" : "");
  }
}
