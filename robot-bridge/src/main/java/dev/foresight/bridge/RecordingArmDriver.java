package dev.foresight.bridge;

import dev.foresight.core.ArmState;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a driver and records every setpoint and hold with its times, into a bounded buffer
 * allocated up front (recording allocates nothing). Tests read the record with {@link #entries()}.
 */
public final class RecordingArmDriver implements ArmDriver {

  /** What the agent asked of the driver. */
  public enum Kind {
    /** A setpoint through {@link ArmDriver#command(Setpoint)}. */
    COMMAND,
    /** A call to {@link ArmDriver#hold()}. */
    HOLD
  }

  /**
   * One recorded call.
   *
   * @param kind command or hold
   * @param tickIndex the control tick of a command; for a hold, the tick of the last command
   * @param tickTimeNanos the setpoint's tick time; for a hold, the time of the call, ns
   * @param callTimeNanos when the driver was called, ns
   * @param x setpoint x, m (for a hold: the last setpoint)
   * @param y setpoint y, m
   * @param z setpoint z, m
   * @param gripper gripper setpoint
   * @param linearSpeedMps setpoint speed, m/s (0 for a hold)
   */
  public record Entry(
      Kind kind,
      long tickIndex,
      long tickTimeNanos,
      long callTimeNanos,
      double x,
      double y,
      double z,
      double gripper,
      double linearSpeedMps) {}

  private final ArmDriver delegate;
  private final int capacity;
  private final byte[] kinds;
  private final long[] ticks;
  private final long[] tickTimes;
  private final long[] callTimes;
  private final double[] values;
  private volatile int size;
  private long overflowed;
  private long lastTick = -1;
  private double lastX;
  private double lastY;
  private double lastZ;
  private double lastGripper;

  /**
   * @param delegate the driver that moves the arm
   * @param capacity entries kept; later calls are counted in {@link #overflowed()} but not kept
   */
  public RecordingArmDriver(ArmDriver delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.delegate = delegate;
    this.capacity = capacity;
    kinds = new byte[capacity];
    ticks = new long[capacity];
    tickTimes = new long[capacity];
    callTimes = new long[capacity];
    values = new double[capacity * 5];
  }

  @Override
  public String name() {
    return "recording(" + delegate.name() + ")";
  }

  @Override
  public ArmState state() {
    return delegate.state();
  }

  @Override
  public void command(Setpoint setpoint) {
    lastTick = setpoint.tickIndex();
    lastX = setpoint.x();
    lastY = setpoint.y();
    lastZ = setpoint.z();
    lastGripper = setpoint.gripper();
    append(
        Kind.COMMAND,
        setpoint.tickIndex(),
        setpoint.timeNanos(),
        setpoint.x(),
        setpoint.y(),
        setpoint.z(),
        setpoint.gripper(),
        setpoint.linearSpeedMps());
    delegate.command(setpoint);
  }

  @Override
  public void hold() {
    append(Kind.HOLD, lastTick, System.nanoTime(), lastX, lastY, lastZ, lastGripper, 0);
    delegate.hold();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void append(
      Kind kind,
      long tick,
      long tickTime,
      double x,
      double y,
      double z,
      double gripper,
      double speed) {
    int i = size;
    if (i >= capacity) {
      overflowed++;
      return;
    }
    kinds[i] = (byte) kind.ordinal();
    ticks[i] = tick;
    tickTimes[i] = tickTime;
    callTimes[i] = System.nanoTime();
    values[i * 5] = x;
    values[i * 5 + 1] = y;
    values[i * 5 + 2] = z;
    values[i * 5 + 3] = gripper;
    values[i * 5 + 4] = speed;
    size = i + 1; // volatile write publishes the entry
  }

  /** Calls not kept because the buffer was full. */
  public long overflowed() {
    return overflowed;
  }

  /** A copy of the entries recorded so far, oldest first (allocates; for tests and reports). */
  public List<Entry> entries() {
    int n = size;
    List<Entry> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(
          new Entry(
              Kind.values()[kinds[i]],
              ticks[i],
              tickTimes[i],
              callTimes[i],
              values[i * 5],
              values[i * 5 + 1],
              values[i * 5 + 2],
              values[i * 5 + 3],
              values[i * 5 + 4]));
    }
    return result;
  }
}
