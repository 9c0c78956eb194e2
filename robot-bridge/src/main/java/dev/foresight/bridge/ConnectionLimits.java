package dev.foresight.bridge;

import java.time.Duration;

/**
 * What one {@link RobotAgent} accepts from the network, so that no client (or crowd of them) can
 * hold the agent's memory or its controlling client's service hostage.
 *
 * @param helloTimeout a connection must complete its TLS handshake (when TLS is on) and send its
 *     Hello within this time of connecting, or it is closed; an absolute deadline, not an idle
 *     timer
 * @param frameTimeout once the first byte of a frame arrived, the whole frame must arrive within
 *     this time, or the connection is closed (a client trickling bytes cannot hold a buffer open)
 * @param maxConnections connections open at once, welcomed or not; more are refused at once
 * @param maxPendingHellos connections open at once that have not been welcomed yet; more are
 *     refused at once
 * @param maxFailedHellosPerMinute failed hellos (wrong token) one remote address may make per
 *     minute; beyond it that address's hellos are refused without checking the token for a minute
 */
public record ConnectionLimits(
    Duration helloTimeout,
    Duration frameTimeout,
    int maxConnections,
    int maxPendingHellos,
    int maxFailedHellosPerMinute) {

  /** 2 s to say hello, 1 s per frame, 16 connections of which 8 unwelcomed, 10 failed hellos. */
  public static final ConnectionLimits DEFAULTS =
      new ConnectionLimits(Duration.ofSeconds(2), Duration.ofSeconds(1), 16, 8, 10);

  /** Checks every limit is positive. */
  public ConnectionLimits {
    requirePositive("helloTimeout", helloTimeout);
    requirePositive("frameTimeout", frameTimeout);
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "agent maxConnections must be at least 1, got " + maxConnections);
    }
    if (maxPendingHellos < 1 || maxPendingHellos > maxConnections) {
      throw new IllegalArgumentException(
          "agent maxPendingHellos: "
              + maxPendingHellos
              + " is out of range, expected [1, maxConnections "
              + maxConnections
              + "]");
    }
    if (maxFailedHellosPerMinute < 1) {
      throw new IllegalArgumentException(
          "agent maxFailedHellosPerMinute must be at least 1, got " + maxFailedHellosPerMinute);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("agent " + name + " must be positive, got " + value);
    }
  }
}
