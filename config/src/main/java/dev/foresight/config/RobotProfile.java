package dev.foresight.config;

import java.time.Duration;

/**
 * What the bridge agent enforces for one arm: where the end effector may go and how fast.
 *
 * @param robotId name the agent reports in its hello, e.g. {@code sim-arm}
 * @param workspaceInBase box the end effector must stay in, metres, robot base frame
 * @param maxEeSpeedMps Cartesian end-effector speed limit, m/s
 * @param maxStepM largest translation one action may ask for, metres
 * @param maxRotationStepRad largest rotation one action may ask for, radians
 * @param gripperMin lowest gripper setpoint, 0 = open … 1 = closed
 * @param gripperMax highest gripper setpoint, 0 = open … 1 = closed
 * @param controlRateHz rate at which the agent sends interpolated setpoints to the arm driver
 * @param watchdogTimeout time without a valid command or heartbeat after which the arm holds
 * @param collaborative caps the speed at {@link #COLLABORATIVE_SPEED_MPS} when true
 * @param measuredStateMaxAge oldest measured arm state (e.g. a pose topic's last message) a driver
 *     may compute a command from; older, the arm holds with a stale-state stop
 * @param maxTrackingErrorM largest distance between the setpoint and the measured end-effector
 *     position, metres; beyond it the driver faults (a blocked or lagging arm, a frozen pose)
 * @param maxTrackingErrorRad largest rotation angle between the setpoint and the measured
 *     orientation, radians; beyond it the driver faults
 */
public record RobotProfile(
    String robotId,
    Box workspaceInBase,
    double maxEeSpeedMps,
    double maxStepM,
    double maxRotationStepRad,
    double gripperMin,
    double gripperMax,
    double controlRateHz,
    Duration watchdogTimeout,
    boolean collaborative,
    Duration measuredStateMaxAge,
    double maxTrackingErrorM,
    double maxTrackingErrorRad) {

  /** ISO/TS 15066-style collaborative speed cap, m/s. */
  public static final double COLLABORATIVE_SPEED_MPS = 0.25;

  public static final Range MAX_EE_SPEED = Range.aboveTo(0, 5, "m/s");
  public static final Range MAX_STEP = Range.aboveTo(0, 0.5, "m");
  public static final Range MAX_ROTATION_STEP = Range.closed(0, Math.PI, "rad");
  public static final Range GRIPPER = Range.closed(0, 1, "");
  public static final Range CONTROL_RATE = Range.closed(1, 10_000, "Hz");
  public static final Range WATCHDOG_MILLIS = Range.closed(5, 10_000, "ms");
  public static final Range MEASURED_STATE_MAX_AGE_MILLIS = Range.closed(1, 10_000, "ms");
  public static final Range MAX_TRACKING_ERROR = Range.aboveTo(0, 1, "m");
  public static final Range MAX_TRACKING_ERROR_ROTATION = Range.aboveTo(0, Math.PI, "rad");

  /** Default {@link #measuredStateMaxAge}. */
  public static final Duration DEFAULT_MEASURED_STATE_MAX_AGE = Duration.ofMillis(200);

  /** Default {@link #maxTrackingErrorM}, m. */
  public static final double DEFAULT_MAX_TRACKING_ERROR_M = 0.05;

  /** Default {@link #maxTrackingErrorRad}, rad. */
  public static final double DEFAULT_MAX_TRACKING_ERROR_RAD = 0.3;

  /**
   * A tabletop arm with a 60 cm × 80 cm × 50 cm workspace, 125 Hz control, 100 ms watchdog;
   * measured state at most 200 ms old, tracking error at most 5 cm and 0.3 rad.
   */
  public static final RobotProfile DEFAULTS =
      new RobotProfile(
          "sim-arm",
          new Box(0.2, -0.4, 0.0, 0.8, 0.4, 0.5),
          0.5,
          0.05,
          0.2,
          0,
          1,
          125,
          Duration.ofMillis(100),
          false);

  /** Checks every field against its range and gripperMin ≤ gripperMax. */
  public RobotProfile {
    if (robotId == null || robotId.isBlank()) {
      throw new IllegalArgumentException("robot.robotId must not be blank");
    }
    if (workspaceInBase == null) {
      throw new IllegalArgumentException("robot.workspace must be given");
    }
    MAX_EE_SPEED.require("robot.maxEeSpeedMps", maxEeSpeedMps);
    MAX_STEP.require("robot.maxStepM", maxStepM);
    MAX_ROTATION_STEP.require("robot.maxRotationStepRad", maxRotationStepRad);
    GRIPPER.require("robot.gripperMin", gripperMin);
    GRIPPER.require("robot.gripperMax", gripperMax);
    if (gripperMin > gripperMax) {
      throw new IllegalArgumentException(
          "robot.gripperMin: "
              + gripperMin
              + " is above robot.gripperMax "
              + gripperMax
              + ", expected gripperMin <= gripperMax");
    }
    CONTROL_RATE.require("robot.controlRateHz", controlRateHz);
    if (watchdogTimeout == null) {
      throw new IllegalArgumentException("robot.watchdogTimeoutMillis must be given");
    }
    WATCHDOG_MILLIS.require("robot.watchdogTimeoutMillis", watchdogTimeout.toMillis());
    if (measuredStateMaxAge == null) {
      throw new IllegalArgumentException("robot.measuredStateMaxAgeMillis must be given");
    }
    MEASURED_STATE_MAX_AGE_MILLIS.require(
        "robot.measuredStateMaxAgeMillis", measuredStateMaxAge.toMillis());
    MAX_TRACKING_ERROR.require("robot.maxTrackingErrorM", maxTrackingErrorM);
    MAX_TRACKING_ERROR_ROTATION.require("robot.maxTrackingErrorRad", maxTrackingErrorRad);
  }

  /**
   * A profile with the default measured-state age and tracking-error bounds ({@link
   * #DEFAULT_MEASURED_STATE_MAX_AGE}, {@link #DEFAULT_MAX_TRACKING_ERROR_M}, {@link
   * #DEFAULT_MAX_TRACKING_ERROR_RAD}).
   */
  public RobotProfile(
      String robotId,
      Box workspaceInBase,
      double maxEeSpeedMps,
      double maxStepM,
      double maxRotationStepRad,
      double gripperMin,
      double gripperMax,
      double controlRateHz,
      Duration watchdogTimeout,
      boolean collaborative) {
    this(
        robotId,
        workspaceInBase,
        maxEeSpeedMps,
        maxStepM,
        maxRotationStepRad,
        gripperMin,
        gripperMax,
        controlRateHz,
        watchdogTimeout,
        collaborative,
        DEFAULT_MEASURED_STATE_MAX_AGE,
        DEFAULT_MAX_TRACKING_ERROR_M,
        DEFAULT_MAX_TRACKING_ERROR_RAD);
  }

  /**
   * Largest end-effector rotation rate the agent commands, rad/s: the speed limit scaled by the
   * per-step rotation-to-translation ratio, {@code ω_max = v_max · maxRotationStepRad / maxStepM}.
   */
  public double effectiveRotationLimitRadPerS() {
    return effectiveSpeedLimitMps() * maxRotationStepRad / maxStepM;
  }

  /** The speed limit in force: {@code maxEeSpeedMps}, capped in collaborative mode. */
  public double effectiveSpeedLimitMps() {
    return collaborative ? Math.min(maxEeSpeedMps, COLLABORATIVE_SPEED_MPS) : maxEeSpeedMps;
  }

  /** Control period, seconds. */
  public double controlPeriodSeconds() {
    return 1.0 / controlRateHz;
  }
}
