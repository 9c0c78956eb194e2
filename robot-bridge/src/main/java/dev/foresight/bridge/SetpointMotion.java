package dev.foresight.bridge;

/**
 * The control thread's motion: moves the setpoint towards the latest target, one control tick at a
 * time, along a straight line in position and a great-circle arc in orientation, over the expected
 * command interval and within the speed and rotation-rate limits (see {@link ControlLoop}). The
 * gripper goes to its target at once. Confined to the control thread; allocation-free.
 *
 * <p>Segment time. A streaming client sends commands at its own rate: each segment is planned over
 * the expected command interval, an average (0.8 old, 0.2 new) of the intervals between received
 * targets, at least one control period and at most 0.5 s (a longer interval is a pause and is not
 * counted), so that the setpoint arrives at about the next command and the motion is continuous. A
 * lockstep client (a simulator that steps its world once per command) waits until the setpoint has
 * arrived and sends the next command its own reply time r later: its intervals are the last segment
 * plus r, and averaging them would lengthen every segment by 0.2 r, without bound.
 *
 * <p>Telling them apart. Every command that comes after the setpoint arrived gives the time the
 * last segment took (its start to arrival) and the wait (arrival to the command). A streaming
 * client's wait shrinks by as much as its segments grow (the two add up to its interval); a
 * lockstep client's wait stays r whatever the segment. Once the segment time has moved by at least
 * two control periods, and by at least the average wait, since the last test, the client counts as
 * waiting for arrival when its wait moved by less than half as much the other way. A waiting
 * client's expected interval decays (0.8 old) to one control period: it waits anyway, so a segment
 * longer than the limits need would only delay it. After {@value #PROBE_AFTER_COMMANDS} commands
 * without a test, the intervals count again and the segment grows until the next test: a streaming
 * client taken for a waiting one gets its smoothing back, and a lockstep client's segment grows by
 * about its reply time (at least two periods) before it shrinks again. A command that comes before
 * the setpoint arrived is a streaming client's. The speed and rotation-rate limits hold whatever
 * the segment time.
 */
final class SetpointMotion {
  private static final long MAX_SEGMENT_NANOS = 500_000_000L;

  /** Weight of a new interval (or wait) in its average. */
  private static final double NEW_WEIGHT = 0.2;

  /** Commands a client counts as waiting for arrival without a test that confirms it. */
  static final int PROBE_AFTER_COMMANDS = 8;

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

  // When the setpoint arrived at the target of the current segment (the first tick on it).
  private boolean arrived;
  private long arrivedNanos;

  // Whether the client waits for arrival, and the evidence: the average wait, and the segment
  // time and wait at the last test (or since the last command that came before arrival).
  private boolean waitsForArrival;
  private int commandsUntilProbe;
  private double meanWaitNanos = -1;
  private boolean haveReference;
  private long referenceSegmentNanos;
  private long referenceWaitNanos;

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
    arrived = false;
    waitsForArrival = false;
    meanWaitNanos = -1;
    haveReference = false;
  }

  /**
   * A new target: the next segment runs from the setpoint to it over the expected command interval
   * (see the class comment).
   */
  void accept(double[] newTarget, long sequence, long receivedNanos, long now) {
    boolean afterArrival = judgeClient(receivedNanos);
    System.arraycopy(newTarget, 0, target, 0, target.length);
    targetSequence = sequence;
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    long interval = receivedNanos - lastTargetReceivedNanos;
    if (waitsForArrival && afterArrival && commandIntervalNanos != 0) {
      commandIntervalNanos = Math.max(periodNanos, (1 - NEW_WEIGHT) * commandIntervalNanos);
    } else if (lastTargetReceivedNanos != 0 && interval > 0 && interval <= MAX_SEGMENT_NANOS) {
      commandIntervalNanos =
          commandIntervalNanos == 0
              ? interval
              : (1 - NEW_WEIGHT) * commandIntervalNanos + NEW_WEIGHT * interval;
    }
    lastTargetReceivedNanos = receivedNanos;
    segmentStartNanos = now;
    arrived = false;
    segmentNanos =
        Math.max(periodNanos, Math.min(MAX_SEGMENT_NANOS, Math.round(commandIntervalNanos)));
  }

  /**
   * Whether the client waits for arrival, from the command received at {@code receivedNanos} (see
   * the class comment); returns whether it came after the setpoint arrived at the last target.
   */
  private boolean judgeClient(long receivedNanos) {
    if (lastTargetReceivedNanos == 0) {
      return false; // the first command since arming: no segment of the client's to judge by
    }
    if (!arrived || arrivedNanos > receivedNanos) {
      waitsForArrival = false; // sent before the setpoint arrived: it does not wait for arrival
      haveReference = false;
      return false;
    }
    long wait = receivedNanos - arrivedNanos;
    long segmentTime = arrivedNanos - segmentStartNanos;
    if (wait > MAX_SEGMENT_NANOS) {
      return true; // a pause, not a reply: no evidence either way
    }
    meanWaitNanos = meanWaitNanos < 0 ? wait : (1 - NEW_WEIGHT) * meanWaitNanos + NEW_WEIGHT * wait;
    long change = segmentTime - referenceSegmentNanos;
    if (!haveReference) {
      haveReference = true;
    } else if (Math.abs(change) >= Math.max(2 * periodNanos, meanWaitNanos)) {
      // Waiting: the wait stayed put. Streaming: it moved by −change.
      long waitChange = wait - referenceWaitNanos;
      waitsForArrival = Math.abs(waitChange) < Math.abs(waitChange + change);
      commandsUntilProbe = PROBE_AFTER_COMMANDS;
    } else if (!waitsForArrival || --commandsUntilProbe > 0) {
      return true;
    } else {
      waitsForArrival = false; // a probe: count the intervals again until the next test
    }
    referenceSegmentNanos = segmentTime;
    referenceWaitNanos = wait;
    return true;
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
    } else if (fraction >= 1 && !arrived) {
      arrived = true;
      arrivedNanos = now;
    }
    return norm / (periodNanos / 1e9);
  }
}
