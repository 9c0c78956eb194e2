package dev.foresight.sim;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.Setpoint;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The simulated arm behind the bridge agent, in lockstep with the episode: the agent's control loop
 * hands it setpoints (each carrying the safety-filtered target and the command that set it); the
 * episode loop then calls {@link #advance}, which moves the simulated arm to that target over
 * exactly one control period of physics. Physics time therefore advances per command, never while
 * the planner thinks, so an episode gives the same result however long planning takes — and sharded
 * evaluation runs merge into exactly the unsharded run.
 *
 * <p>{@link #hold()} (watchdog, stop, disconnect) freezes the arm where it is: no command moves it
 * until the agent is re-armed and a new command arrives.
 */
public final class SimArmDriver implements ArmDriver {
  private final Episode episode;
  private final Object lock = new Object();
  private final double[] target = new double[7];
  private long targetSequence;
  private long settledSequence;
  private boolean holding = true;
  private long holds;
  private long lastHoldNanos;

  /**
   * @param episode the episode whose arm this drives; the caller keeps stepping it only through
   *     {@link #advance}
   */
  public SimArmDriver(Episode episode) {
    this.episode = episode;
  }

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public ArmState state() {
    synchronized (lock) {
      ArmState state = episode.world().arm().state();
      return new ArmState(System.nanoTime(), state.eePoseInBase(), state.gripper());
    }
  }

  @Override
  public void command(Setpoint setpoint) {
    synchronized (lock) {
      if (setpoint.targetSequence() != targetSequence || holding) {
        setpoint.copyTarget(target);
        targetSequence = setpoint.targetSequence();
        holding = false;
        lock.notifyAll();
      }
      if (settledSequence != targetSequence && atTarget(setpoint)) {
        settledSequence = targetSequence;
        lock.notifyAll();
      }
    }
  }

  /** Whether the agent's interpolated setpoint has arrived at the target (position and yaw). */
  private boolean atTarget(Setpoint setpoint) {
    return Math.abs(setpoint.x() - target[0]) < SETTLED_M
        && Math.abs(setpoint.y() - target[1]) < SETTLED_M
        && Math.abs(setpoint.z() - target[2]) < SETTLED_M
        && (!Double.isFinite(target[5]) || Math.abs(setpoint.yaw() - target[5]) < SETTLED_RAD);
  }

  /** How close the agent's setpoint must come to the target to count as arrived. */
  private static final double SETTLED_M = 1e-7;

  private static final double SETTLED_RAD = 1e-7;

  /**
   * Waits until the agent's real-time setpoint has arrived at the target of command {@code
   * sequence} (or the arm holds). The agent limits how far a new target may lead its setpoint, so a
   * lockstep client that sends its next command before then would have it clipped by an amount that
   * depends on timing; waiting keeps every target exactly as asked.
   *
   * @return true when the setpoint arrived, false when the arm holds instead
   * @throws TimeoutException when neither happens within {@code timeout}
   */
  public boolean awaitSettled(long sequence, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (settledSequence < sequence && !holding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "the agent's setpoint did not reach the target of command "
                  + sequence
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return settledSequence >= sequence;
    }
  }

  @Override
  public void hold() {
    synchronized (lock) {
      holding = true;
      holds++;
      lastHoldNanos = System.nanoTime();
      lock.notifyAll();
    }
  }

  /** How often the agent has told the arm to hold. */
  public long holds() {
    synchronized (lock) {
      return holds;
    }
  }

  /** When the agent last told the arm to hold ({@link System#nanoTime()}), 0 if never. */
  public long lastHoldNanos() {
    synchronized (lock) {
      return lastHoldNanos;
    }
  }

  /** Sequence of the command whose target the agent last passed on, 0 before any. */
  public long targetSequence() {
    synchronized (lock) {
      return targetSequence;
    }
  }

  /** Whether the arm is holding (stopped by the agent). */
  public boolean holding() {
    synchronized (lock) {
      return holding;
    }
  }

  /**
   * Waits until the agent has passed on the target of command {@code sequence}, then moves the arm
   * to it over one control period of physics.
   *
   * @return true when the arm moved; false when the agent stopped the arm instead (the world did
   *     not advance)
   * @throws TimeoutException when neither happens within {@code timeout}
   */
  public boolean advance(long sequence, Duration timeout)
      throws InterruptedException, TimeoutException {
    return advance(sequence, timeout, null);
  }

  /**
   * {@link #advance(long, Duration)}, also telling which target the arm moved to.
   *
   * @param appliedTargetOut 7 doubles: x, y, z (m), roll, pitch, yaw (rad; NaN for "keep"), gripper
   *     — the target of this advance when it returns true, or null. Modified.
   */
  public boolean advance(long sequence, Duration timeout, double[] appliedTargetOut)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (targetSequence < sequence && !holding) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "the agent did not pass on command "
                  + sequence
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (holding && targetSequence < sequence) {
        return false;
      }
      if (appliedTargetOut != null) {
        System.arraycopy(target, 0, appliedTargetOut, 0, target.length);
      }
      Pose now = episode.world().arm().state().eePoseInBase();
      episode
          .world()
          .arm()
          .apply(
              new EeSetpoint(
                  target[0],
                  target[1],
                  target[2],
                  Double.isFinite(target[5]) ? target[5] : now.yaw(),
                  Math.max(0, Math.min(1, target[6]))));
      episode.world().step();
      return true;
    }
  }

  /** Runs {@code action} on the world while no agent tick can touch it (e.g. rendering). */
  public void withWorld(Runnable action) {
    synchronized (lock) {
      action.run();
    }
  }
}
