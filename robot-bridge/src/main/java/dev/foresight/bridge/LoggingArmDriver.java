package dev.foresight.bridge;

import dev.foresight.core.ArmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a driver and logs what the agent asks of it: every hold at INFO, a summary of the setpoints
 * once a second at INFO, and every setpoint at TRACE. For dry runs ({@code foresight agent --driver
 * log}).
 */
public final class LoggingArmDriver implements ArmDriver {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingArmDriver.class);
  private static final long SUMMARY_PERIOD_NANOS = 1_000_000_000L;

  private final ArmDriver delegate;
  private long setpointsSinceSummary;
  private long lastSummaryNanos = System.nanoTime();
  private double maxSpeedSinceSummary;

  /**
   * @param delegate the driver that moves the (possibly simulated) arm
   */
  public LoggingArmDriver(ArmDriver delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "log(" + delegate.name() + ")";
  }

  @Override
  public ArmState state() {
    return delegate.state();
  }

  @Override
  public void command(Setpoint setpoint) {
    if (LOG.isTraceEnabled()) {
      LOG.trace(
          "setpoint tick {} at ({}, {}, {}) m, gripper {}, {} m/s",
          setpoint.tickIndex(),
          setpoint.x(),
          setpoint.y(),
          setpoint.z(),
          setpoint.gripper(),
          setpoint.linearSpeedMps());
    }
    setpointsSinceSummary++;
    maxSpeedSinceSummary = Math.max(maxSpeedSinceSummary, setpoint.linearSpeedMps());
    long now = setpoint.timeNanos();
    if (now - lastSummaryNanos >= SUMMARY_PERIOD_NANOS) {
      LOG.info(
          String.format(
              "driver: %d setpoints in the last %.1f s, now at (%.4f, %.4f, %.4f) m, gripper %.2f,"
                  + " max speed %.3f m/s",
              setpointsSinceSummary,
              (now - lastSummaryNanos) / 1e9,
              setpoint.x(),
              setpoint.y(),
              setpoint.z(),
              setpoint.gripper(),
              maxSpeedSinceSummary));
      setpointsSinceSummary = 0;
      maxSpeedSinceSummary = 0;
      lastSummaryNanos = now;
    }
    delegate.command(setpoint);
  }

  @Override
  public void hold() {
    LOG.info("driver: hold");
    delegate.hold();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
