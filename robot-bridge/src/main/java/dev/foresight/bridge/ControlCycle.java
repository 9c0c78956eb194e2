package dev.foresight.bridge;

import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control thread does (see {@link ControlLoop}): every tick it takes re-arm and stop
 * requests, runs the watchdog, moves the setpoint towards the latest target, checks it and hands it
 * to the driver, reads the measured state, and publishes a snapshot for the I/O thread. It owns the
 * arming state: armed or stopped, why, and how many stops so far. Its state is confined to the
 * control thread except the volatile fields the {@link ControlLoop} reads.
 */
final class ControlCycle {
  // Logs under the control loop's name, where operators look for stops and arming.
  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

  private final RobotProfile profile;
  private final ArmDriver driver;
  final AgentTelemetry telemetry;
  final long periodNanos;
  private final long watchdogNanos;
  private final int measureEveryTicks;
  final ControlMailbox mailbox;
  final ControlThread thread;

  /** {@link #tick}, made before the thread starts so that its first tick is not delayed. */
  private final ControlThread.Tick ticks;

  private final Setpoint setpointOut = new Setpoint();
  private final SetpointMotion motion;
  private final SetpointCheck check;
  private final long measuredStateMaxAgeNanos;
  volatile ControlLoop.StopListener stopListener = (cause, count, time, detail) -> {};
  volatile Consumer<Throwable> fatalErrorHandler =
      error -> LOG.error("control thread failed; no fatal-error handler set", error);

  // Control-thread state; the setpoint and target live in the motion.
  private final double[] setpoint;
  private final double[] measured = new double[SafetyFilter.TARGET_SIZE];
  private final double[] lastCommanded = new double[SafetyFilter.TARGET_SIZE];
  private final double[] armStart = new double[SafetyFilter.TARGET_SIZE];
  private long armedAtStopCount = -1;
  private final double[] jointPositionsRad;
  private final double[] jointVelocitiesRadPerS;
  private long measuredTimeNanos;
  volatile boolean armed;
  volatile long stopCount;
  volatile StopCause stopCause = StopCause.STOP_CAUSE_STARTUP;
  volatile String stopDetail = "the agent has not been armed since it started";

  /**
   * Reads the driver's state as the starting setpoint and holds the arm.
   *
   * @param profile limits and rates
   * @param driver the arm; called from the control thread only once started
   * @param telemetry where counters go
   * @param stateRateHz how often to read the driver's measured state
   */
  ControlCycle(
      RobotProfile profile, ArmDriver driver, AgentTelemetry telemetry, double stateRateHz) {
    this.profile = profile;
    this.driver = driver;
    this.telemetry = telemetry;
    this.periodNanos = Math.max(1, Math.round(1e9 / profile.controlRateHz()));
    this.watchdogNanos = profile.watchdogTimeout().toNanos();
    double periodSeconds = periodNanos / 1e9;
    double speed = profile.effectiveSpeedLimitMps();
    double maxStepPerTickM = speed * periodSeconds;
    double maxRotationPerTickRad = profile.effectiveRotationLimitRadPerS() * periodSeconds;
    this.motion =
        new SetpointMotion(telemetry, periodNanos, maxStepPerTickM, maxRotationPerTickRad);
    this.check = new SetpointCheck(profile, maxStepPerTickM, maxRotationPerTickRad);
    this.setpoint = motion.setpoint();
    this.measuredStateMaxAgeNanos = profile.measuredStateMaxAge().toNanos();
    this.measureEveryTicks =
        (int) Math.max(1, Math.round(profile.controlRateHz() / Math.max(1, stateRateHz)));
    int joints = Math.max(0, driver.jointCount());
    this.jointPositionsRad = new double[joints];
    this.jointVelocitiesRadPerS = new double[joints];
    this.mailbox = new ControlMailbox(joints);
    this.thread = new ControlThread(periodNanos, telemetry);
    this.ticks = this::tick;
    try {
      ArmState initial = driver.state();
      copyPose(initial.eePoseInBase(), initial.gripper(), setpoint);
      measuredTimeNanos = initial.timeNanos();
    } catch (ArmDriverException e) {
      // No usable measured state yet (a pose topic that has not spoken): report the workspace
      // centre until one arrives; arming reads the state again and refuses without one.
      var box = profile.workspaceInBase();
      setpoint[0] = (box.minX() + box.maxX()) / 2;
      setpoint[1] = (box.minY() + box.maxY()) / 2;
      setpoint[2] = (box.minZ() + box.maxZ()) / 2;
      setpoint[6] = profile.gripperMin();
      LOG.warn("driver {} has no measured state yet: {}", driver.name(), e.getMessage());
    }
    System.arraycopy(setpoint, 0, measured, 0, setpoint.length);
    System.arraycopy(setpoint, 0, motion.target(), 0, setpoint.length);
    driver.hold();
    publishSnapshot(System.nanoTime());
  }

  /** The control thread's work: ticks until closed, then holds; fails closed on any error. */
  void run() {
    LOG.info(
        "control loop at {} Hz, watchdog {} ms, speed limit {} m/s, driver {}",
        profile.controlRateHz(),
        profile.watchdogTimeout().toMillis(),
        profile.effectiveSpeedLimitMps(),
        driver.name());
    try {
      loop();
    } catch (Throwable error) {
      fail(error);
      return;
    }
    thread.ended();
  }

  private void loop() {
    thread.runTicks(ticks);
    if (armed) {
      stop(StopCause.STOP_CAUSE_SHUTDOWN, System.nanoTime(), "the agent is shutting down");
    }
  }

  /**
   * The control thread failed: hold the arm (whatever else fails), report the stop, hand the error
   * to the fatal-error handler.
   */
  private void fail(Throwable error) {
    armed = false;
    try {
      driver.hold();
    } catch (Throwable holdError) {
      error.addSuppressed(holdError);
    }
    try {
      long now = System.nanoTime();
      stopCause = StopCause.STOP_CAUSE_INTERNAL_FAULT;
      stopDetail = "the agent's control thread failed: " + error;
      long count = stopCount + 1;
      stopCount = count;
      publishSnapshot(now);
      LOG.error("control thread failed, arm holding: {}", error.toString(), error);
      stopListener.stopped(StopCause.STOP_CAUSE_INTERNAL_FAULT, count, now, stopDetail);
    } catch (Throwable reportError) {
      error.addSuppressed(reportError);
    } finally {
      thread.ended();
      fatalErrorHandler.accept(error);
    }
  }

  private void tick(long tickIndex, long now) {
    // Re-arm before stop: a stop requested in the same tick as a re-arm always wins.
    ControlMailbox.RearmRequest rearm = mailbox.takeRearm();
    if (rearm != null && !armed && rearm.stopCount() == stopCount) {
      if (ControlLoop.latches(stopCause) && rearm.acknowledged() != stopCause) {
        refuseArm(
            "re-arm did not name the latched stop "
                + stopCause
                + " (it named "
                + rearm.acknowledged()
                + ")");
      } else {
        arm(now);
      }
    }
    ControlMailbox.StopRequest requested = mailbox.takeStop();
    if (requested != null && (armed || ControlLoop.latches(requested.cause()))) {
      stop(requested.cause(), now, requested.detail());
    }
    if (armed && now - telemetry.lastValidInputNanos() > watchdogNanos) {
      telemetry.countWatchdogTrip();
      stop(
          StopCause.STOP_CAUSE_WATCHDOG,
          now,
          "no command or progress from the controller within the watchdog timeout");
    }
    if (armed) {
      if (mailbox.targets.update()) {
        acceptTarget(mailbox.targets.readSlot(), now);
      }
      double speed = motion.step(now);
      String violation = check.violation(setpoint, lastCommanded);
      if (violation != null) {
        stop(StopCause.STOP_CAUSE_LIMIT_VIOLATION, now, violation);
      } else {
        setpointOut.set(
            tickIndex,
            now,
            setpoint[0],
            setpoint[1],
            setpoint[2],
            setpoint[3],
            setpoint[4],
            setpoint[5],
            setpoint[6],
            speed);
        setpointOut.setTarget(motion.targetSequence(), motion.target());
        try {
          driver.command(setpointOut);
          System.arraycopy(setpoint, 0, lastCommanded, 0, setpoint.length);
        } catch (ArmDriverException e) {
          stop(causeOf(e), now, "driver " + driver.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
          stop(
              StopCause.STOP_CAUSE_DRIVER_FAULT,
              now,
              "driver " + driver.name() + " failed on a setpoint: " + e);
        }
      }
    }
    if (tickIndex % measureEveryTicks == 0) {
      readState(now);
    }
    publishSnapshot(now);
  }

  /** Reads the driver's measured state; while armed, a state too old stops the arm. */
  private void readState(long now) {
    try {
      ArmState state = driver.state();
      copyPose(state.eePoseInBase(), state.gripper(), measured);
      measuredTimeNanos = state.timeNanos();
      if (jointPositionsRad.length > 0) {
        driver.readJoints(jointPositionsRad, jointVelocitiesRadPerS);
      }
    } catch (ArmDriverException e) {
      if (armed) {
        stop(causeOf(e), now, "driver " + driver.name() + ": " + e.getMessage());
      }
      return;
    } catch (RuntimeException e) {
      LOG.error("driver {} failed to report its state: {}", driver.name(), e.toString());
      if (armed) {
        stop(
            StopCause.STOP_CAUSE_DRIVER_FAULT,
            now,
            "driver " + driver.name() + " failed to report its state: " + e);
      }
      return;
    }
    if (armed && now - measuredTimeNanos > measuredStateMaxAgeNanos) {
      stop(
          StopCause.STOP_CAUSE_STATE_STALE,
          now,
          "the measured state is "
              + (now - measuredTimeNanos) / 1_000_000
              + " ms old, expected at most robot.measuredStateMaxAgeMillis "
              + measuredStateMaxAgeNanos / 1_000_000
              + " ms");
    }
  }

  private static StopCause causeOf(ArmDriverException e) {
    return e.kind() == ArmDriverException.Kind.STATE_STALE
        ? StopCause.STOP_CAUSE_STATE_STALE
        : StopCause.STOP_CAUSE_DRIVER_FAULT;
  }

  /** Arms from the measured pose, or refuses (staying stopped) when it cannot be trusted. */
  private void arm(long now) {
    ArmState state;
    try {
      state = driver.state();
    } catch (RuntimeException e) {
      refuseArm("cannot read the measured state from driver " + driver.name() + ": " + e);
      return;
    }
    copyPose(state.eePoseInBase(), state.gripper(), measured);
    measuredTimeNanos = state.timeNanos();
    long age = now - measuredTimeNanos;
    if (age > measuredStateMaxAgeNanos) {
      refuseArm(
          "the measured state is "
              + age / 1_000_000
              + " ms old, expected at most robot.measuredStateMaxAgeMillis "
              + measuredStateMaxAgeNanos / 1_000_000
              + " ms");
      return;
    }
    var box = profile.workspaceInBase();
    if (!box.contains(measured[0], measured[1], measured[2])) {
      refuseArm(
          String.format(
              "the measured end-effector position (%.4f, %.4f, %.4f) m is outside the workspace"
                  + " box %s; move the arm into it first",
              measured[0], measured[1], measured[2], box));
      return;
    }
    motion.restartAt(measured, profile.gripperMin(), profile.gripperMax(), now);
    System.arraycopy(setpoint, 0, lastCommanded, 0, setpoint.length);
    System.arraycopy(setpoint, 0, armStart, 0, setpoint.length);
    armedAtStopCount = stopCount;
    // Re-arming counts as input: the client gets a full watchdog period for its first command.
    telemetry.validInputAt(Math.max(now, telemetry.lastValidInputNanos()));
    stopCause = StopCause.STOP_CAUSE_NONE;
    stopDetail = "";
    armed = true;
    LOG.info(
        "armed after stop {} at the measured pose ({}, {}, {}) m",
        stopCount,
        measured[0],
        measured[1],
        measured[2]);
  }

  private void refuseArm(String detail) {
    LOG.warn("re-arm refused, the arm stays stopped: {}", detail);
    stopListener.armRefused(stopCount, detail);
  }

  private void stop(StopCause cause, long now, String detail) {
    armed = false;
    stopCause = cause;
    stopDetail = detail;
    long count = stopCount + 1;
    stopCount = count;
    telemetry.countStop();
    try {
      driver.hold();
    } catch (RuntimeException e) {
      LOG.error("driver {} failed to hold: {}", driver.name(), e.toString());
    }
    LOG.warn(
        "arm stopped ({}: {}), holding; re-arm required{}",
        cause,
        detail,
        ControlLoop.latches(cause) ? " naming " + cause : "");
    stopListener.stopped(cause, count, now, detail);
  }

  private void acceptTarget(ControlMailbox.TargetSlot slot, long now) {
    if (slot.epoch != stopCount) {
      return; // from before the last stop
    }
    motion.accept(slot.target, slot.sequence, slot.receivedNanos, now);
  }

  private void publishSnapshot(long now) {
    ControlMailbox.Snapshot out = mailbox.snapshots.writeSlot();
    System.arraycopy(setpoint, 0, out.setpoint, 0, setpoint.length);
    System.arraycopy(measured, 0, out.measured, 0, measured.length);
    System.arraycopy(jointPositionsRad, 0, out.jointPositionsRad, 0, jointPositionsRad.length);
    System.arraycopy(
        jointVelocitiesRadPerS, 0, out.jointVelocitiesRadPerS, 0, jointVelocitiesRadPerS.length);
    out.timeNanos = now;
    out.measuredTimeNanos = measuredTimeNanos;
    out.armed = armed;
    out.stopCause = stopCause;
    out.stopDetail = stopDetail;
    out.stopCount = stopCount;
    out.armedAtStopCount = armedAtStopCount;
    System.arraycopy(armStart, 0, out.armStart, 0, armStart.length);
    mailbox.snapshots.publish();
  }

  private static void copyPose(Pose pose, double gripper, double[] out) {
    out[0] = pose.x();
    out[1] = pose.y();
    out[2] = pose.z();
    out[3] = pose.roll();
    out[4] = pose.pitch();
    out[5] = pose.yaw();
    out[6] = gripper;
  }
}
