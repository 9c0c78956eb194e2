package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * and {@code T} the control period, and {@code |Δrpy| ≤ ω_max · T} with {@code ω_max = v_max ·
 * maxRotationStepRad / maxStepM}. The gripper goes to its target at once.
 *
 * <p>Watchdog: at every tick, when the agent is armed and more than {@code watchdogTimeout} has
 * passed since the last valid command or heartbeat from the controlling client, the loop stops: it
 * sends no further setpoint and calls {@link ArmDriver#hold()} within that same tick, so the arm is
 * holding within the timeout plus one control period. Every stop (watchdog, disconnect, stop
 * request, driver fault, shutdown) needs an explicit re-arm.
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
    long stopCount;
  }

  /** Told about every stop, on the control thread; must not block. */
  @FunctionalInterface
  public interface StopListener {
    /**
     * @param cause why the arm stopped
     * @param stopCount stops so far, this one included
     * @param timeNanos when, ns
     */
    void stopped(StopCause cause, long stopCount, long timeNanos);
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
  private final AtomicInteger stopRequest = new AtomicInteger();
  private final AtomicLong rearmRequest = new AtomicLong();
  private final Setpoint setpointOut = new Setpoint();
  private volatile StopListener stopListener = (cause, count, time) -> {};

  // Control-thread state.
  private final double[] setpoint = new double[SafetyFilter.TARGET_SIZE];
  private final double[] segmentStart = new double[SafetyFilter.TARGET_SIZE];
  private final double[] target = new double[SafetyFilter.TARGET_SIZE];
  private final double[] measured = new double[SafetyFilter.TARGET_SIZE];
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
  private volatile boolean running;
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
    this.maxRotationPerTickRad =
        speed * profile.maxRotationStepRad() / profile.maxStepM() * periodSeconds;
    this.measureEveryTicks =
        (int) Math.max(1, Math.round(profile.controlRateHz() / Math.max(1, stateRateHz)));
    int joints = Math.max(0, driver.jointCount());
    this.jointPositionsRad = new double[joints];
    this.jointVelocitiesRadPerS = new double[joints];
    this.snapshots = new LatestValueBuffer<>(() -> newSnapshot(joints));
    ArmState initial = driver.state();
    copyPose(initial.eePoseInBase(), initial.gripper(), setpoint);
    System.arraycopy(setpoint, 0, measured, 0, setpoint.length);
    System.arraycopy(setpoint, 0, target, 0, setpoint.length);
    measuredTimeNanos = initial.timeNanos();
    driver.hold();
    publishSnapshot(System.nanoTime());
  }

  /** Sets who hears about stops; call before {@link #start()}. */
  public void setStopListener(StopListener listener) {
    this.stopListener = listener;
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

  /** Asks the loop to stop at its next tick. */
  void requestStop(StopCause cause) {
    stopRequest.compareAndSet(0, cause.getNumber());
  }

  /**
   * Asks the loop to arm at its next tick, if it is still in the stop numbered {@code
   * expectedStopCount} (a stop in between cancels the request).
   */
  void requestRearm(long expectedStopCount) {
    rearmRequest.set(expectedStopCount + 1);
  }

  // ---- Control thread. ----

  private void run() {
    LOG.info(
        "control loop at {} Hz, watchdog {} ms, speed limit {} m/s, driver {}",
        profile.controlRateHz(),
        profile.watchdogTimeout().toMillis(),
        profile.effectiveSpeedLimitMps(),
        driver.name());
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
      stop(StopCause.STOP_CAUSE_SHUTDOWN, System.nanoTime());
    }
  }

  private void tick(long tickIndex, long now) {
    // Re-arm before stop: a stop requested in the same tick as a re-arm always wins.
    long rearm = rearmRequest.getAndSet(0);
    if (rearm != 0 && !armed && rearm - 1 == stopCount) {
      arm(now);
    }
    int requestedStop = stopRequest.getAndSet(0);
    if (requestedStop != 0 && armed) {
      stop(StopCause.forNumber(requestedStop), now);
    }
    if (armed && now - telemetry.lastValidInputNanos() > watchdogNanos) {
      telemetry.countWatchdogTrip();
      stop(StopCause.STOP_CAUSE_WATCHDOG, now);
    }
    if (armed) {
      if (targets.update()) {
        acceptTarget(targets.readSlot(), now);
      }
      double speed = interpolate(now);
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
      } catch (RuntimeException e) {
        LOG.error("driver {} failed on a setpoint, stopping: {}", driver.name(), e.toString());
        stop(StopCause.STOP_CAUSE_DRIVER_FAULT, now);
      }
    }
    if (tickIndex % measureEveryTicks == 0) {
      try {
        ArmState state = driver.state();
        copyPose(state.eePoseInBase(), state.gripper(), measured);
        measuredTimeNanos = state.timeNanos();
        if (jointPositionsRad.length > 0) {
          driver.readJoints(jointPositionsRad, jointVelocitiesRadPerS);
        }
      } catch (RuntimeException e) {
        LOG.error("driver {} failed to report its state: {}", driver.name(), e.toString());
        if (armed) {
          stop(StopCause.STOP_CAUSE_DRIVER_FAULT, now);
        }
      }
    }
    publishSnapshot(now);
  }

  private void arm(long now) {
    System.arraycopy(setpoint, 0, target, 0, setpoint.length);
    System.arraycopy(setpoint, 0, segmentStart, 0, setpoint.length);
    segmentStartNanos = now;
    segmentNanos = periodNanos;
    lastTargetReceivedNanos = 0;
    commandIntervalNanos = 0;
    targetSequence = 0;
    // Re-arming counts as input: the client gets a full watchdog period for its first command.
    telemetry.validInputAt(Math.max(now, telemetry.lastValidInputNanos()));
    stopCause = StopCause.STOP_CAUSE_NONE;
    armed = true;
    LOG.info("armed after stop {}", stopCount);
  }

  private void stop(StopCause cause, long now) {
    armed = false;
    stopCause = cause;
    long count = stopCount + 1;
    stopCount = count;
    telemetry.countStop();
    try {
      driver.hold();
    } catch (RuntimeException e) {
      LOG.error("driver {} failed to hold: {}", driver.name(), e.toString());
    }
    LOG.warn("arm stopped ({}), holding; re-arm required", cause);
    stopListener.stopped(cause, count, now);
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

    double dr = desiredAngleStep(3, fraction);
    double dp = desiredAngleStep(4, fraction);
    double dw = desiredAngleStep(5, fraction);
    double rotation = Math.sqrt(dr * dr + dp * dp + dw * dw);
    if (rotation > maxRotationPerTickRad) {
      double scale = maxRotationPerTickRad / rotation;
      dr *= scale;
      dp *= scale;
      dw *= scale;
      limited = true;
    }
    if (rotation <= maxRotationPerTickRad && fraction >= 1) {
      setpoint[3] = target[3];
      setpoint[4] = target[4];
      setpoint[5] = target[5];
    } else {
      setpoint[3] = SafetyFilter.wrapAngle(setpoint[3] + dr);
      setpoint[4] = SafetyFilter.wrapAngle(setpoint[4] + dp);
      setpoint[5] = SafetyFilter.wrapAngle(setpoint[5] + dw);
    }
    setpoint[6] = target[6];
    if (limited) {
      telemetry.countSpeedLimited();
    }
    return norm / (periodNanos / 1e9);
  }

  private double desiredAngleStep(int i, double fraction) {
    double span = SafetyFilter.wrapAngle(target[i] - segmentStart[i]);
    return SafetyFilter.wrapAngle(segmentStart[i] + fraction * span - setpoint[i]);
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
    out.stopCount = stopCount;
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
