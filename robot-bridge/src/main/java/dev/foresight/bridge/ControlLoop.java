package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.config.RobotProfile;
import java.util.function.Consumer;

/**
 * The agent's control thread: at {@code controlRateHz} it takes the latest filtered target from a
 * {@link LatestValueBuffer}, moves the setpoint towards it and hands the setpoint to the {@link
 * ArmDriver}. It also runs the deadman watchdog.
 *
 * <p>Interpolation: when a new target arrives, the setpoint moves along a straight line (position)
 * and linearly in roll/pitch/yaw from where it is to the target over the expected command interval
 * (an average of recent intervals, at least one control period, at most 0.5 s; one control period
 * for a client that waits for the setpoint to arrive before its next command, see {@code
 * SetpointMotion}), and no faster than the speed limit: per tick, {@code |Δp| ≤ v_max · T} with
 * {@code v_max = effectiveSpeedLimitMps} and {@code T} the control period; orientation moves along
 * the shorter great-circle arc (quaternion slerp), turning per tick by a true rotation angle of at
 * most {@code ω_max · T} with {@code ω_max = v_max · maxRotationStepRad / maxStepM}. The gripper
 * goes to its target at once.
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
 *
 * <p>Parts: {@code ControlCycle} (what each tick does, and the arming state), {@code
 * SetpointMotion} (interpolation), {@code SetpointCheck} (the last check), {@code ControlThread}
 * (thread and clock) and {@code ControlMailbox} (the hand-over to and from the I/O thread).
 */
public final class ControlLoop implements AutoCloseable {
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

  private final ControlCycle cycle;

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
    this.cycle = new ControlCycle(profile, driver, telemetry, stateRateHz);
  }

  /** Sets who hears about stops; call before {@link #start()}. */
  public void setStopListener(StopListener listener) {
    cycle.stopListener = listener;
  }

  /**
   * Sets what happens after the control thread failed (the arm already holding and the stop
   * reported): a deployed agent ends the process with a non-zero status. Call before {@link
   * #start()}. The default only logs.
   */
  public void setFatalErrorHandler(Consumer<Throwable> handler) {
    cycle.fatalErrorHandler = handler;
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
    return cycle.thread.start(latency, cycle::run);
  }

  /** What scheduling the control thread got; null before {@link #start()}. */
  public ThreadScheduling scheduling() {
    return cycle.thread.scheduling();
  }

  /** Control period, ns. */
  public long periodNanos() {
    return cycle.periodNanos;
  }

  /** Whether the arm follows commands now. */
  public boolean isArmed() {
    return cycle.armed;
  }

  /** Why the arm is stopped; {@code STOP_CAUSE_NONE} while armed. */
  public StopCause stopCause() {
    return cycle.stopCause;
  }

  /** Stops so far (the state at start does not count). */
  public long stopCount() {
    return cycle.stopCount;
  }

  /** One line on why the arm is stopped (the last stop's detail). */
  public String stopDetail() {
    return cycle.stopDetail;
  }

  /** Whether the control thread runs: false before {@link #start()}, after close or a failure. */
  public boolean isAlive() {
    return cycle.thread.isAlive();
  }

  // ---- Called from the agent's I/O thread. ----

  /** The slot to fill with a filtered target; then call {@link #publishTarget()}. */
  ControlMailbox.TargetSlot targetSlot() {
    return cycle.mailbox.targets.writeSlot();
  }

  void publishTarget() {
    cycle.mailbox.targets.publish();
  }

  /** Latest snapshot from the control thread; I/O thread only. */
  ControlMailbox.Snapshot latestSnapshot() {
    cycle.mailbox.snapshots.update();
    return cycle.mailbox.snapshots.readSlot();
  }

  /** A valid command or heartbeat from the controlling client arrived. */
  void feedWatchdog(long nowNanos) {
    cycle.telemetry.validInputAt(nowNanos);
  }

  /**
   * Asks the loop to stop at its next tick. Of two requests in the same tick, a latching one wins.
   *
   * @param detail one line on why, for the state clients see
   */
  void requestStop(StopCause cause, String detail) {
    cycle.mailbox.requestStop(cause, detail);
  }

  /**
   * Asks the loop to arm at its next tick, if it is still in the stop numbered {@code
   * expectedStopCount} (a stop in between cancels the request) and, when that stop latches, {@code
   * acknowledged} names its cause.
   */
  void requestRearm(long expectedStopCount, StopCause acknowledged) {
    cycle.mailbox.requestRearm(expectedStopCount, acknowledged);
  }

  /** Stops the thread; the arm ends holding. Waits up to one second for the thread. */
  @Override
  public void close() {
    cycle.thread.close();
  }
}
