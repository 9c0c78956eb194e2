package dev.foresight.runtime;

import dev.foresight.core.Image;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Control ticks against a bridge agent, whatever the arm and camera are: each step takes an
 * observation that shows the effect of the last command ({@link FrameSource#next}), runs the {@link
 * ControlTick} and sends the first action through {@link BridgeCommands}. {@code foresight run}
 * drives a real arm's agent with frames from a ROS topic and a simulated arm's agent with frames
 * from the simulator through this one class.
 *
 * <p>If no new observation comes within {@link #REPLAN_AFTER} of a command, the command may have
 * been lost (a lockstep simulator shows a new frame only after a command), so the step plans once
 * more from the newest observation. The loop ends at its step limit, when asked to, when no new
 * observation comes within the frame timeout, or when the agent stops the arm — it re-arms only as
 * {@link BridgeCommands} allows.
 */
public final class ClosedLoop {
  /** After how long without a new observation a step plans again from the newest one. */
  static final Duration REPLAN_AFTER = Duration.ofSeconds(1);

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration ARM_TIMEOUT = Duration.ofSeconds(10);

  /** Hears about each control step. */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param step 1-based step
     * @param decision what the tick decided
     */
    void stepped(int step, ControlTick.Decision decision);
  }

  /** How a run ended. */
  public enum End {
    /** The step limit was reached. */
    STEP_LIMIT,
    /** Asked to stop (Ctrl-C). */
    INTERRUPTED,
    /** The agent stopped the arm on a stop request (operator, or the simulated episode's end). */
    STOPPED_ON_REQUEST,
    /** The agent stopped the arm by itself (watchdog, fault) or control was lost. */
    AGENT_STOPPED,
    /** No new observation within the frame timeout. */
    NO_FRAMES
  }

  /**
   * Everything a run produced.
   *
   * @param end why it ended
   * @param detail one line about the end
   * @param rearms re-arms after watchdog stops ({@code --rearm})
   * @param frames the frames planned from, in order
   * @param energies best planned energy per step
   * @param planningMillis planning time per step
   * @param encodingMillis encoding time per step
   */
  public record Result(
      End end,
      String detail,
      int rearms,
      List<Image> frames,
      double[] energies,
      double[] planningMillis,
      double[] encodingMillis) {
    /** Steps taken. */
    public int steps() {
      return energies.length;
    }
  }

  private final ControlTick tick;
  private final BridgeCommands agent;
  private final Duration frameTimeout;

  /**
   * @param tick the control tick, its goal set
   * @param agent the agent the actions go to
   * @param frameTimeout how long a step waits for a new observation
   */
  public ClosedLoop(ControlTick tick, BridgeCommands agent, Duration frameTimeout) {
    this.tick = tick;
    this.agent = agent;
    this.frameTimeout = frameTimeout;
  }

  /**
   * Arms the agent, then runs until the step limit, {@code stopRequested}, or the agent or the
   * camera ends it.
   *
   * @throws IllegalStateException when the agent cannot be armed
   */
  public Result run(int maxSteps, BooleanSupplier stopRequested, StepListener listener)
      throws InterruptedException {
    agent.awaitArmed(ARM_TIMEOUT);
    FrameSource source = tick.source();
    List<Image> planned = new ArrayList<>();
    double[] energies = new double[maxSteps];
    double[] planning = new double[maxSteps];
    double[] encoding = new double[maxSteps];
    long lastCommandNanos = FrameSource.ANY_TIME;
    int steps = 0;
    boolean replanned = false;
    End end = End.STEP_LIMIT;
    String detail = "step limit of " + maxSteps + " reached";
    while (steps < maxSteps) {
      dev.foresight.core.Observation observation = null;
      boolean fresh = false;
      long waitStart = System.nanoTime();
      long deadline = waitStart + frameTimeout.toNanos();
      String stopped = null;
      while (observation == null && !stopRequested.getAsBoolean() && stopped == null) {
        // The loop is alive and polling: the agent's deadman follows this, not the socket.
        agent.markProgress();
        stopped = agent.stopped();
        if (stopped != null || System.nanoTime() > deadline) {
          break;
        }
        observation = source.next(lastCommandNanos, POLL);
        fresh = observation != null;
        if (observation == null
            && steps > 0
            && !replanned
            && System.nanoTime() - waitStart > REPLAN_AFTER.toNanos()) {
          // The command may have been lost (dropped as stale on a starved machine): a lockstep
          // simulator then never shows a new frame. Plan once more from the newest observation.
          observation = source.latest();
          replanned = observation != null;
        }
      }
      if (fresh) {
        replanned = false;
      }
      if (stopRequested.getAsBoolean()) {
        end = End.INTERRUPTED;
        detail = "interrupted after " + steps + " steps";
        break;
      }
      if (stopped != null) {
        end = agent.stoppedOnRequest() ? End.STOPPED_ON_REQUEST : End.AGENT_STOPPED;
        detail = stopped + " after " + steps + " steps";
        break;
      }
      if (observation == null) {
        end = End.NO_FRAMES;
        detail =
            "no new camera frame from "
                + source.description()
                + " within "
                + frameTimeout.toMillis()
                + " ms after step "
                + steps;
        break;
      }
      ControlTick.Decision decision = tick.decide(observation);
      agent.markProgress();
      try {
        agent.send(decision.action());
      } catch (IllegalStateException e) {
        end = End.AGENT_STOPPED;
        detail = "lost the connection to the agent after " + steps + " steps";
        break;
      }
      lastCommandNanos = System.nanoTime();
      planned.add(observation.frame());
      energies[steps] = decision.energy();
      planning[steps] = decision.planningNanos() / 1e6;
      encoding[steps] = decision.encodingNanos() / 1e6;
      steps++;
      if (listener != null) {
        listener.stepped(steps, decision);
      }
    }
    return new Result(
        end,
        detail,
        agent.rearms(),
        planned,
        Arrays.copyOf(energies, steps),
        Arrays.copyOf(planning, steps),
        Arrays.copyOf(encoding, steps));
  }
}
