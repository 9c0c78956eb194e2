package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control thread: at {@code controlRateHz} it takes the latest filtered target from a
 * {@link LatestValueBuffer}, moves the setpoint towards it and hands the setpoint to the {@link
 * ArmDriver}. It also runs the deadman watchdog.
 *
 * <p>Interpolation: when a new target arrives, the setpoint moves along a straight line (position)
 * and linearly in roll/pitch/yaw from where it is to the target over the expected command interval
 * (an average of recent intervals, at least one control period, at most 0.5 s), and no faster than
 * the speed limit: per tick, {@code |Δp| ≤ v_max · T} with {@code v_max = effectiveSpeedLimitMps}
 * and {@code T} the control period; orientation moves along the shorter great-circle arc
 * (quaternion slerp), turning per tick by a true rotation angle of at most {@code ω_max · T} with
 * {@code ω_max = v_max · maxRotationStepRad / maxStepM}. The gripper goes to its target at once.
 *
 * <p>Watchdog: at every tick, when the agent is armed and more than {@code watchdogTimeout} has
 * passed since the last valid command or progress heartbeat from the controlling client, the loop
 * stops: it sends no further setpoint and calls {@link ArmDriver#hold()} within that same tick, so
 * the arm is holding within the timeout plus one control period. Every stop (watchdog, disconnect,
 * stop request, driver fault, stale state, limit violation, shutdown) needs an explicit re-arm; the
 * {@linkplain #latches latching} ones need a re-arm that names them. A stop that latches also takes
 * effect while the arm is already stopped, so an operator's stop is never lost behind a watchdog
 * stop.
 *
 * <p>Arming starts from the driver's measured pose, never from the setpoint held before the stop:
 * an arm moved while stopped does not jump back. Arming is refused (the arm stays stopped) when the
 * measured state cannot be read, is older than {@code measuredStateMaxAge}, or lies outside the
 * workspace box.
 *
 * <p>Last check before the driver: every setpoint is finite, inside the workspace box, at most one
 * tick of the speed and rotation-rate limits from the previous one, and its gripper in range;
 * otherwise the arm holds with a latching limit-violation stop and the setpoint is not sent.
 *
 * <p>Fail closed: any {@link Throwable} on the control thread (an {@link Error} included) holds the
 * arm, reports an internal-fault stop to clients, and calls the {@linkplain #setFatalErrorHandler
 * fatal-error handler}, which in a deployed agent ends the process with a non-zero status.
 */
public final class ControlLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
  private static final long MAX_SEGMENT_NANOS = 500_000_000L;

  /** Filtered target written by the agent's I/O thread. */
  static final class TargetSlot {
    final double[] target = new double[SafetyFilter.TARGET_SIZE];
    long sequence;
    long receivedNanos;

    /** The stop count the target belongs to; targets from before a stop are ignored. */
    long epoch;
  }

  /** A pending re-arm: for the stop numbered {@code stopCount}, acknowledging {@code cause}. */
  private record RearmRequest(long stopCount, StopCause acknowledged) {}

  /** A pending stop request from the I/O thread. */
  private record StopRequest(StopCause cause, String detail) {}

  /** What the control thread publishes every tick for the I/O thread. */
  static final class Snapshot {
    final double[] setpoint = new double[SafetyFilter.TARGET_SIZE];
    final double[] measured = new double[SafetyFilter.TARGET_SIZE];
    double[] jointPositionsRad = new double[0];
    double[] jointVelocitiesRadPerS = new double[0];
    long timeNanos;
    long measuredTimeNanos;
    boolean armed;
    StopCause stopCause = StopCause.STOP_CAUSE_STARTUP;
    String stopDetail = "the agent has not been armed since it started";
    long stopCount;

    /**
     * The stop count at the last arming, -1 before the first: which re-arm {@link #armStart} is.
     */
    long armedAtStopCount = -1;

    /** Where the setpoint started at the last arming: the measured pose then. */
    final double[] armStart = new double[SafetyFilter.TARGET_SIZE];
  }

  /** Told about every stop and refused arming, on the control thread; must not block. */
  @FunctionalInterface
  public interface StopListener {
    /**
     * @param cause why the arm stopped
     * @param stopCount stops so far, this one included
     * @param timeNanos when, ns
     * @param detail one line on why
     */
    void stopped(StopCause cause, long stopCount, long timeNanos, String detail);

    /**
     * A re-arm for the stop numbered {@code stopCount} was refused; the arm stays stopped.
     *
     * @param detail one line on why, naming the value and what was expected
     */
    default void armRefused(long stopCount, String detail) {}
  }

  private final RobotProfile profile;
  private final ArmDriver driver;
  private final AgentTelemetry telemetry;
  private final long periodNanos;
  private final long watchdogNanos;
  private final double maxStepPerTickM;
  private final double maxRotationPerTickRad;
  private final int measureEveryTicks;
  private final LatestValueBuffer<TargetSlot> targets = new LatestValueBuffer<>(TargetSlot::new);
  private final LatestValueBuffer<Snapshot> snapshots;
  private final AtomicReference<StopRequest> stopRequest = new AtomicReference<>();
  private final AtomicReference<RearmRequest> rearmRequest = new AtomicReference<>();
  private final Setpoint setpointOut = new Setpoint();
  private final Rotations rotations = new Rotations();
  private final long measuredStateMaxAgeNanos;
  private volatile StopListener stopListener = (cause, count, time, detail) -> {};
  private volatile Consumer<Throwable> fatalErrorHandler =
      error -> LOG.error("control thread failed; no fatal-error handler set", error);

  // Control-thread state.
  private final double[] setpoint = new double[SafetyFilter.TARGET_SIZE];
  private final double[] segmentStart = new double[SafetyFilter.TARGET_SIZE];
  private final double[] target = new double[SafetyFilter.TARGET_SIZE];
  private final double[] measured = new double[SafetyFilter.TARGET_SIZE];
  private final double[] desired = new double[SafetyFilter.TARGET_SIZE];
  private final double[] lastCommanded = new double[SafetyFilter.TARGET_SIZE];
  private final double[] armStart = new double[SafetyFilter.TARGET_SIZE];
  private long armedAtStopCount = -1;
  private final double[] jointPositionsRad;
  private final double[] jointVelocitiesRadPerS;
  private long measuredTimeNanos;
  private long segmentStartNanos;
  private long segmentNanos;
  private long lastTargetReceivedNanos;
  private long targetSequence;
  private double commandIntervalNanos;
  private volatile boolean armed;
  private volatile long stopCount;
  private volatile StopCause stopCause = StopCause.STOP_CAUSE_STARTUP;
  private volatile String stopDetail = "the agent has not been armed since it started";
  private volatile boolean running;
  private volatile boolean alive;
  private volatile ThreadScheduling scheduling;
  private long spinNanos;
  private Thread thread;

  /**
   * Reads the driver's state as the starting setpoint and holds the arm; call {@link #start()}.
   *
   * @param profile limits and rates
   * @param driver the arm; called from the control thread only once started
   * @param telemetry where counters go
   * @param stateRateHz how often to read the driver's measured state
   */
  public ControlLoop(
      RobotProfile profile, ArmDriver driver, AgentTelemetry telemetry, double stateRateHz) {
    this.profile = profile;
    this.driver = driver;
    this.telemetry = telemetry;
    this.periodNanos = Math.max(1, Math.round(1e9 / profile.controlRateHz()));
    this.watchdogNanos = profile.watchdogTimeout().toNanos();
    double periodSeconds = periodNanos / 1e9;
    double speed = profile.effectiveSpeedLimitMps();
    this.maxStepPerTickM = speed * periodSeconds;
    this.maxRotationPerTickRad = profile.effectiveRotationLimitRadPerS() * periodSeconds;
    this.measuredStateMaxAgeNanos = profile.measuredStateMaxAge().toNanos();
    this.measureEveryTicks =
        (int) Math.max(1, Math.round(profile.controlRateHz() / Math.max(1, stateRateHz)));
    int joints = Math.max(0, driver.jointCount());
    this.jointPositionsRad = new double[joints];
    this.jointVelocitiesRadPerS = new double[joints];
    this.snapshots = new LatestValueBuffer<>(() -> newSnapshot(joints));
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
    System.arraycopy(setpoint, 0, target, 0, setpoint.length);
    driver.hold();
    publishSnapshot(System.nanoTime());
  }

  /** Sets who hears about stops; call before {@link #start()}. */
  public void setStopListener(StopListener listener) {
    this.stopListener = listener;
  }

  /**
   * Sets what happens after the control thread failed (the arm already holding and the stop
   * reported): a deployed agent ends the process with a non-zero status. Call before {@link
   * #start()}. The default only logs.
   */
  public void setFatalErrorHandler(Consumer<Throwable> handler) {
    this.fatalErrorHandler = handler;
  }

  /**
   * Whether a stop of this cause latches: it holds until a re-arm that names it, and it takes
   * effect even while the arm is already stopped. Watchdog, disconnect, startup and shutdown stops
   * do not latch.
   */
  public static boolean latches(StopCause cause) {
    return switch (cause) {
      case STOP_CAUSE_CLIENT_STOP,
          STOP_CAUSE_DRIVER_FAULT,
          STOP_CAUSE_STATE_STALE,
          STOP_CAUSE_LIMIT_VIOLATION,
          STOP_CAUSE_INTERNAL_FAULT ->
          true;
      default -> false;
    };
  }

  /** Starts the control thread (max Java priority, daemon) under normal scheduling. */
  public void start() {
    start(LatencyOptions.NORMAL);
  }

  /**
   * Starts the control thread (max Java priority, daemon); the thread first applies {@code
   * latency}'s real-time priority and CPU pinning to itself (see {@link RealtimeScheduling}).
   *
   * @return what scheduling the control thread got
   */
  public ThreadScheduling start(LatencyOptions latency) {
    CompletableFuture<ThreadScheduling> applied = new CompletableFuture<>();
    synchronized (this) {
      if (thread != null) {
        throw new IllegalStateException("control loop already started");
      }
      spinNanos = latency.controlSpin().toNanos();
      running = true;
      alive = true;
      thread =
          new Thread(
              () -> {
                applied.complete(
                    latency.changesThreads()
                        ? RealtimeScheduling.applyToCurrentThread("control", latency)
                        : RealtimeScheduling.read("control", RealtimeScheduling.currentTid()));
                run();
              },
              "foresight-control");
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      thread.start();
    }
    ThreadScheduling result = applied.join();
    scheduling = result;
    return result;
  }

  /** What scheduling the control thread got; null before {@link #start()}. */
  public ThreadScheduling scheduling() {
    return scheduling;
  }

  /** Control period, ns. */
  public long periodNanos() {
    return periodNanos;
  }

  /** Whether the arm follows commands now. */
  public boolean isArmed() {
    return armed;
  }

  /** Why the arm is stopped; {@code STOP_CAUSE_NONE} while armed. */
  public StopCause stopCause() {
    return stopCause;
  }

  /** Stops so far (the state at start does not count). */
  public long stopCount() {
    return stopCount;
  }

  /** One line on why the arm is stopped (the last stop's detail). */
  public String stopDetail() {
    return stopDetail;
  }

  /** Whether the control thread runs: false before {@link #start()}, after close or a failure. */
  public boolean isAlive() {
    return alive;
  }

  // ---- Called from the agent's I/O thread. ----

  /** The slot to fill with a filtered target; then call {@link #publishTarget()}. */
  TargetSlot targetSlot() {
    return targets.writeSlot();
  }

  void publishTarget() {
    targets.publish();
  }

  /** Latest snapshot from the control thread; I/O thread only. */
  Snapshot latestSnapshot() {
    snapshots.update();
    return snapshots.readSlot();
  }

  /** A valid command or heartbeat from the controlling client arrived. */
  void feedWatchdog(long nowNanos) {
    telemetry.validInputAt(nowNanos);
  }

  /**
   * Asks the loop to stop at its next tick. Of two requests in the same tick, a latching one wins.
   *
   * @param detail one line on why, for the state clients see
   */
  void requestStop(StopCause cause, String detail) {
    StopRequest request = new StopRequest(cause, detail);
    while (true) {
      StopRequest pending = stopRequest.get();
      if (pending != null && (latches(pending.cause()) || !latches(cause))) {
        return; // the pending one is at least as strong
      }
      if (stopRequest.compareAndSet(pending, request)) {
        return;
      }
    }
  }

  /**
   * Asks the loop to arm at its next tick, if it is still in the stop numbered {@code
   * expectedStopCount} (a stop in between cancels the request) and, when that stop latches, {@code
   * acknowledged} names its cause.
   */
  void requestRearm(long expectedStopCount, StopCause acknowledged) {
    rearmRequest.set(new RearmRequest(expectedStopCount, acknowledged));
  }

  // ---- Control thread. ----

  private void run() {
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
    alive = false;
  }

  private void loop() {
    long next = System.nanoTime() + periodNanos;
    long tickIndex = 0;
    while (running) {
      long now = System.nanoTime();
      long wake = next - spinNanos;
      while (now < wake && running) {
        LockSupport.parkNanos(wake - now);
        now = System.nanoTime();
      }
      while (now < next) { // the spin window, when configured
        Thread.onSpinWait();
        now = System.nanoTime();
      }
      long late = now - next;
      telemetry.loopJitter().record(late);
      if (late >= periodNanos) {
        long skipped = late / periodNanos;
        telemetry.countOverrun();
        next += skipped * periodNanos;
        tickIndex += skipped;
      }
      tick(tickIndex, now);
      telemetry.countTick();
      tickIndex++;
      next += periodNanos;
    }
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
      alive = false;
      fatalErrorHandler.accept(error);
    }
  }

  private void tick(long tickIndex, long now) {
    // Re-arm before stop: a stop requested in the same tick as a re-arm always wins.
    RearmRequest rearm = rearmRequest.getAndSet(null);
    if (rearm != null && !armed && rearm.stopCount() == stopCount) {
      if (latches(stopCause) && rearm.acknowledged() != stopCause) {
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
    StopRequest requested = stopRequest.getAndSet(null);
    if (requested != null && (armed || latches(requested.cause()))) {
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
      if (targets.update()) {
        acceptTarget(targets.readSlot(), now);
      }
      double speed = interpolate(now);
      String violation = checkOutput();
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
        setpointOut.setTarget(targetSequence, target);
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

  /**
   * The last check before the driver: null when the setpoint is finite, inside the workspace, at
   * most one tick of the speed and rotation-rate limits from the previous setpoint sent, with the
   * gripper in range; otherwise one line naming what is wrong. Allocates only on a violation.
   */
  private String checkOutput() {
    for (int i = 0; i < setpoint.length; i++) {
      if (!Double.isFinite(setpoint[i])) {
        return "setpoint value " + i + " is " + setpoint[i] + ", expected a finite number";
      }
    }
    var box = profile.workspaceInBase();
    double slack = 1e-9;
    if (setpoint[0] < box.minX() - slack
        || setpoint[0] > box.maxX() + slack
        || setpoint[1] < box.minY() - slack
        || setpoint[1] > box.maxY() + slack
        || setpoint[2] < box.minZ() - slack
        || setpoint[2] > box.maxZ() + slack) {
      return String.format(
          "setpoint (%.4f, %.4f, %.4f) m is outside the workspace box %s",
          setpoint[0], setpoint[1], setpoint[2], box);
    }
    double dx = setpoint[0] - lastCommanded[0];
    double dy = setpoint[1] - lastCommanded[1];
    double dz = setpoint[2] - lastCommanded[2];
    double step = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (step > maxStepPerTickM * (1 + 1e-9) + 1e-12) {
      return String.format(
          "setpoint moved %.6f m in one tick, expected at most %.6f m (the speed limit)",
          step, maxStepPerTickM);
    }
    double turn = rotations.angle(lastCommanded, 3, setpoint, 3);
    if (!(turn <= maxRotationPerTickRad * (1 + 1e-6) + 1e-9)) {
      return String.format(
          "setpoint turned %.6f rad in one tick, expected at most %.6f rad (the rotation-rate"
              + " limit)",
          turn, maxRotationPerTickRad);
    }
    if (setpoint[6] < profile.gripperMin() || setpoint[6] > profile.gripperMax()) {
      return "gripper setpoint "
          + setpoint[6]
          + " is outside ["
          + profile.gripperMin()
          + ", "
          + profile.gripperMax()
          + "]";
    }
    return null;
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
    System.arraycopy(measured, 0, setpoint, 0, measured.length);
    setpoint[6] = Math.max(profile.gripperMin(), Math.min(profile.gripperMax(), setpoint[6]));
    System.arraycopy(setpoint, 0, target, 0, setpoint.length);
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    System.arraycopy(setpoint, 0, lastCommanded, 0, setpoint.length);
    System.arraycopy(setpoint, 0, armStart, 0, setpoint.length);
    armedAtStopCount = stopCount;
    segmentStartNanos = now;
    segmentNanos = periodNanos;
    lastTargetReceivedNanos = 0;
    commandIntervalNanos = 0;
    targetSequence = 0;
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
        latches(cause) ? " naming " + cause : "");
    stopListener.stopped(cause, count, now, detail);
  }

  private void acceptTarget(TargetSlot slot, long now) {
    if (slot.epoch != stopCount) {
      return; // from before the last stop
    }
    System.arraycopy(slot.target, 0, target, 0, target.length);
    targetSequence = slot.sequence;
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    long interval = slot.receivedNanos - lastTargetReceivedNanos;
    if (lastTargetReceivedNanos != 0 && interval > 0 && interval <= MAX_SEGMENT_NANOS) {
      commandIntervalNanos =
          commandIntervalNanos == 0 ? interval : 0.8 * commandIntervalNanos + 0.2 * interval;
    }
    lastTargetReceivedNanos = slot.receivedNanos;
    segmentStartNanos = now;
    segmentNanos =
        Math.max(periodNanos, Math.min(MAX_SEGMENT_NANOS, Math.round(commandIntervalNanos)));
  }

  /** Moves {@link #setpoint} one tick towards the target; returns the speed, m/s. */
  private double interpolate(long now) {
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

  private void publishSnapshot(long now) {
    Snapshot out = snapshots.writeSlot();
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
    snapshots.publish();
  }

  private static Snapshot newSnapshot(int joints) {
    Snapshot snapshot = new Snapshot();
    snapshot.jointPositionsRad = new double[joints];
    snapshot.jointVelocitiesRadPerS = new double[joints];
    return snapshot;
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

  /** Stops the thread; the arm ends holding. Waits up to one second for the thread. */
  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
