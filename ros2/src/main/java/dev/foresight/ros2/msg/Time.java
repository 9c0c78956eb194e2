package dev.foresight.ros2.msg;

/**
 * {@code builtin_interfaces/msg/Time}: a time since the epoch of the clock in use.
 *
 * @param sec whole seconds (int32)
 * @param nanosec nanoseconds within the second, 0 to 999,999,999 (uint32)
 */
public record Time(int sec, int nanosec) {
  /** Time zero. */
  public static final Time ZERO = new Time(0, 0);

  /** Checks the nanoseconds are within a second. */
  public Time {
    if (nanosec < 0 || nanosec >= 1_000_000_000) {
      throw new IllegalArgumentException(
          "Time nanosec must be in [0, 999999999], got " + Integer.toUnsignedString(nanosec));
    }
  }

  /** The time {@code nanos} nanoseconds after the epoch (non-negative). */
  public static Time fromNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("Time must not be before the epoch, got " + nanos + " ns");
    }
    return new Time((int) (nanos / 1_000_000_000L), (int) (nanos % 1_000_000_000L));
  }

  /** Nanoseconds since the epoch. */
  public long toNanos() {
    return sec * 1_000_000_000L + nanosec;
  }
}
