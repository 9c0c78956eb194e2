package dev.foresight.runtime;

import dev.foresight.core.Observation;
import java.time.Duration;

/**
 * Where a control tick's observations come from: a camera frame with the arm state that goes with
 * it. Implementations: the simulator's camera read in lockstep, a camera callback plus a bridge
 * agent's state stream ({@link BridgeCamera}), a ROS topic.
 */
public interface FrameSource {
  /** For {@link #next}: an observation taken at any time will do. */
  long ANY_TIME = Long.MIN_VALUE;

  /**
   * Waits for an observation newer than the last one this source returned, taken after {@code
   * afterNanos} ({@link System#nanoTime()}; {@link #ANY_TIME} for whenever), so that it shows the
   * effect of the command sent at that time.
   *
   * @return the observation, or null when none came within {@code timeout}
   */
  Observation next(long afterNanos, Duration timeout) throws InterruptedException;

  /**
   * The newest observation whatever its age, even one returned before (to plan once more when a
   * command may have been lost), or null when there is none.
   */
  Observation latest() throws InterruptedException;

  /** Where the observations come from, for messages (e.g. {@code ROS topic /camera/image}). */
  String description();
}
