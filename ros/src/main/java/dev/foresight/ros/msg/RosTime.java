package dev.foresight.ros.msg;

/**
 * A ROS {@code time}: unsigned seconds and nanoseconds since the Unix epoch.
 *
 * @param secs seconds, read as unsigned 32-bit
 * @param nsecs nanoseconds within the second, read as unsigned 32-bit
 */
public record RosTime(int secs, int nsecs) {
  /** Time zero. */
  public static final RosTime ZERO = new RosTime(0, 0);

  /** Converts nanoseconds since the epoch. */
  public static RosTime fromNanos(long nanos) {
    return new RosTime((int) (nanos / 1_000_000_000L), (int) (nanos % 1_000_000_000L));
  }

  /** Nanoseconds since the epoch. */
  public long toNanos() {
    return Integer.toUnsignedLong(secs) * 1_000_000_000L + Integer.toUnsignedLong(nsecs);
  }
}
