package dev.foresight.bridge;

/**
 * The control thread's motion: moves the setpoint towards the latest target, one control tick at a
 * time, along a straight line in position and a great-circle arc in orientation, over the expected
 * command interval and within the speed and rotation-rate limits (see {@link ControlLoop}). The
 * gripper goes to its target at once. Confined to the control thread; allocation-free.
 */
final class SetpointMotion {
  private static final long MAX_SEGMENT_NANOS = 500_000_000L;

  private final AgentTelemetry telemetry;
  private final long periodNanos;
  private final double maxStepPerTickM;
  private final double maxRotationPerTickRad;
  private final Rotations rotations = new Rotations();
  private final double[] setpoint = new double[SafetyFilter.TARGET_SIZE];
  private final double[] segmentStart = new double[SafetyFilter.TARGET_SIZE];
  private final double[] target = new double[SafetyFilter.TARGET_SIZE];
  private final double[] desired = new double[SafetyFilter.TARGET_SIZE];
  private long segmentStartNanos;
  private long segmentNanos;
  private long lastTargetReceivedNanos;
  private long targetSequence;
  private double commandIntervalNanos;

  /**
   * @param periodNanos the control period, ns
   * @param maxStepPerTickM the speed limit times the period, m
   * @param maxRotationPerTickRad the rotation-rate limit times the period, rad
   */
  SetpointMotion(
      AgentTelemetry telemetry,
      long periodNanos,
      double maxStepPerTickM,
      double maxRotationPerTickRad) {
    this.telemetry = telemetry;
    this.periodNanos = periodNanos;
    this.maxStepPerTickM = maxStepPerTickM;
    this.maxRotationPerTickRad = maxRotationPerTickRad;
  }

  /** The setpoint (x, y, z, roll, pitch, yaw, gripper); read and written in place. */
  double[] setpoint() {
    return setpoint;
  }

  /** The target the setpoint moves to; read and written in place. */
  double[] target() {
    return target;
  }

  /** The sequence number of the command that set the target; 0 since the last arming. */
  long targetSequence() {
    return targetSequence;
  }

  /**
   * Starts over at {@code pose} (the measured pose at arming), holding there: the target is the
   * pose and no command interval is known yet.
   *
   * @param gripperMin the gripper setpoint is clamped into [gripperMin, gripperMax]
   */
  void restartAt(double[] pose, double gripperMin, double gripperMax, long now) {
    System.arraycopy(pose, 0, setpoint, 0, pose.length);
    setpoint[6] = Math.max(gripperMin, Math.min(gripperMax, setpoint[6]));
    System.arraycopy(setpoint, 0, target, 0, setpoint.length);
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    segmentStartNanos = now;
    segmentNanos = periodNanos;
    lastTargetReceivedNanos = 0;
    commandIntervalNanos = 0;
    targetSequence = 0;
  }

  /**
   * A new target: the next segment runs from the setpoint to it over the expected command interval
   * (an average of recent intervals, at least one control period, at most 0.5 s).
   */
  void accept(double[] newTarget, long sequence, long receivedNanos, long now) {
    System.arraycopy(newTarget, 0, target, 0, target.length);
    targetSequence = sequence;
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    long interval = receivedNanos - lastTargetReceivedNanos;
    if (lastTargetReceivedNanos != 0 && interval > 0 && interval <= MAX_SEGMENT_NANOS) {
      commandIntervalNanos =
          commandIntervalNanos == 0 ? interval : 0.8 * commandIntervalNanos + 0.2 * interval;
    }
    lastTargetReceivedNanos = receivedNanos;
    segmentStartNanos = now;
    segmentNanos =
        Math.max(periodNanos, Math.min(MAX_SEGMENT_NANOS, Math.round(commandIntervalNanos)));
  }

  /** Moves the setpoint one tick towards the target; returns the speed, m/s. */
  double step(long now) {
    double fraction = Math.min(1.0, (double) (now - segmentStartNanos) / segmentNanos);
    // desired = start + f (target − start), then |setpoint step| ≤ v_max T.
    double dx = segmentStart[0] + fraction * (target[0] - segmentStart[0]) - setpoint[0];
    double dy = segmentStart[1] + fraction * (target[1] - segmentStart[1]) - setpoint[1];
    double dz = segmentStart[2] + fraction * (target[2] - segmentStart[2]) - setpoint[2];
    double norm = Math.sqrt(dx * dx + dy * dy + dz * dz);
    boolean limited = false;
    if (norm > maxStepPerTickM) {
      double scale = maxStepPerTickM / norm;
      dx *= scale;
      dy *= scale;
      dz *= scale;
      norm = maxStepPerTickM;
      limited = true;
    }
    if (!limited && fraction >= 1) {
      // Arrived: land exactly on the target (s + (t − s) need not round to t).
      setpoint[0] = target[0];
      setpoint[1] = target[1];
      setpoint[2] = target[2];
    } else {
      setpoint[0] += dx;
      setpoint[1] += dy;
      setpoint[2] += dz;
    }

    // Orientation: desired = slerp(start, target, f), then a turn of at most ω_max T per tick.
    rotations.interpolate(segmentStart, 3, target, 3, fraction, desired, 3);
    double turn = rotations.angle(setpoint, 3, desired, 3);
    if (turn > maxRotationPerTickRad) {
      rotations.interpolate(setpoint, 3, desired, 3, maxRotationPerTickRad / turn, setpoint, 3);
      limited = true;
    } else if (fraction >= 1) {
      setpoint[3] = target[3];
      setpoint[4] = target[4];
      setpoint[5] = target[5];
    } else {
      setpoint[3] = desired[3];
      setpoint[4] = desired[4];
      setpoint[5] = desired[5];
    }
    setpoint[6] = target[6];
    if (limited) {
      telemetry.countSpeedLimited();
    }
    return norm / (periodNanos / 1e9);
  }
}
