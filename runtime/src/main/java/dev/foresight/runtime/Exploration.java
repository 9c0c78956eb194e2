package dev.foresight.runtime;

import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import dev.foresight.core.SmoothRandomWalk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Play data without teleoperation: drives an arm through its bridge agent with a smooth seeded
 * random walk ({@link SmoothRandomWalk}) inside the robot profile's workspace, episode after
 * episode, and brings it back to where it started between them. The agent's limits, watchdog and
 * stops apply as for any planner: every action is a delta the agent checks, and a stop ends the
 * exploration (a watchdog stop is re-armed only as {@link BridgeCommands} allows).
 */
public final class Exploration {
  /** Within this distance of the start position, the return between episodes is done. */
  public static final double RETURN_TOLERANCE_M = 0.005;

  private static final Duration ARM_TIMEOUT = Duration.ofSeconds(10);
  private static final double RETURN_GAIN = 0.5;

  /**
   * @param episodes episodes to run
   * @param steps control steps per episode
   * @param seed seed of the random walk
   * @param period time per control step
   * @param workspaceShare share of the workspace's half extent the walk stays in, (0, 1]: the walk
   *     is pulled back before the agent's own workspace clamp would hold it
   * @param gripperToggleProbability chance per step that the gripper command flips
   * @param maxReturnSteps control steps the return to the start may take
   */
  public record Options(
      int episodes,
      int steps,
      long seed,
      Duration period,
      double workspaceShare,
      double gripperToggleProbability,
      int maxReturnSteps) {
    /** Checks ranges, naming the option. */
    public Options {
      require(episodes >= 1 && episodes <= 100_000, "--episodes", episodes, "[1, 100000]");
      require(steps >= 1 && steps <= 100_000, "--steps", steps, "[1, 100000]");
      require(
          !period.isNegative() && period.toMillis() >= 1 && period.toSeconds() <= 10,
          "--period",
          period.toMillis() / 1e3,
          "[0.001, 10] s");
      require(
          workspaceShare > 0 && workspaceShare <= 1, "workspace share", workspaceShare, "(0, 1]");
      require(
          gripperToggleProbability >= 0 && gripperToggleProbability <= 1,
          "--gripper-toggle",
          gripperToggleProbability,
          "[0, 1]");
      require(maxReturnSteps >= 1, "return steps", maxReturnSteps, ">= 1");
    }

    private static void require(boolean holds, String name, Object value, String expected) {
      if (!holds) {
        throw new IllegalArgumentException(
            name + ": " + value + " is out of range, expected " + expected);
      }
    }
  }

  /**
   * One explored episode.
   *
   * @param index 0-based
   * @param startEpochNanos wall-clock time of its first command (ns since the epoch, as ROS stamps)
   * @param endEpochNanos wall-clock time after its last command
   * @param steps commands sent
   * @param returnSteps commands the return to the start took afterwards
   */
  public record Episode(
      int index, long startEpochNanos, long endEpochNanos, int steps, int returnSteps) {}

  /** Hears about each finished episode. */
  @FunctionalInterface
  public interface Listener {
    /** Episode {@code episode} (of {@code total}) finished and the arm is back at the start. */
    void finished(Episode episode, int total);
  }

  private final BridgeCommands agent;
  private final RobotProfile robot;
  private final Options options;

  /**
   * @param agent connected as the controlling client
   * @param robot the limits and workspace the walk is scaled to (the agent's own)
   */
  public Exploration(BridgeCommands agent, RobotProfile robot, Options options) {
    this.agent = agent;
    this.robot = robot;
    this.options = options;
  }

  /**
   * Arms the agent and explores; returns the episodes finished before the end or an interruption.
   *
   * @throws IllegalStateException when the agent cannot be armed or stops the arm (naming why)
   */
  public List<Episode> run(BooleanSupplier interrupted, Listener listener)
      throws InterruptedException {
    agent.awaitArmed(ARM_TIMEOUT);
    ArmState first = awaitState();
    Pose start = first.eePoseInBase();
    Box box = robot.workspaceInBase();
    double share = options.workspaceShare();
    SmoothRandomWalk walk =
        new SmoothRandomWalk(
            options.seed(),
            new double[] {
              (box.minX() + box.maxX()) / 2,
              (box.minY() + box.maxY()) / 2,
              (box.minZ() + box.maxZ()) / 2
            },
            new double[] {
              share * (box.maxX() - box.minX()) / 2,
              share * (box.maxY() - box.minY()) / 2,
              share * (box.maxZ() - box.minZ()) / 2
            },
            options.gripperToggleProbability());
    List<Episode> episodes = new ArrayList<>();
    long periodNanos = options.period().toNanos();
    for (int e = 0; e < options.episodes() && !interrupted.getAsBoolean(); e++) {
      long startEpoch = epochNanos();
      long next = System.nanoTime();
      int steps = 0;
      while (steps < options.steps() && !interrupted.getAsBoolean()) {
        Action action =
            walk.next(awaitState().eePoseInBase(), robot.maxStepM(), robot.maxRotationStepRad());
        next = command(action, next, periodNanos);
        steps++;
      }
      long endEpoch = epochNanos();
      int back = returnTo(start, next, periodNanos, interrupted);
      Episode episode = new Episode(e, startEpoch, endEpoch, steps, back);
      episodes.add(episode);
      listener.finished(episode, options.episodes());
    }
    return episodes;
  }

  /**
   * Steps straight back to {@code start} (gripper open), at most the profile's step each period.
   */
  private int returnTo(Pose start, long next, long periodNanos, BooleanSupplier interrupted)
      throws InterruptedException {
    int steps = 0;
    while (steps < options.maxReturnSteps() && !interrupted.getAsBoolean()) {
      Pose now = awaitState().eePoseInBase();
      double dx = start.x() - now.x();
      double dy = start.y() - now.y();
      double dz = start.z() - now.z();
      double distance = distanceTo(start, now);
      if (distance <= RETURN_TOLERANCE_M) {
        // The reported state may predate the last step: settle for two periods, then look again.
        agent.markProgress();
        Thread.sleep(Math.max(1, 2 * periodNanos / 1_000_000));
        next = System.nanoTime();
        if (distanceTo(start, awaitState().eePoseInBase()) <= RETURN_TOLERANCE_M) {
          return steps;
        }
        continue;
      }
      // Half the remaining way per step: the reported pose may be a step behind the commands, and
      // a full step from it would overshoot back and forth.
      double scale = Math.min(RETURN_GAIN, robot.maxStepM() / distance);
      double yaw = RETURN_GAIN * (start.yaw() - now.yaw());
      yaw = Math.max(-robot.maxRotationStepRad(), Math.min(robot.maxRotationStepRad(), yaw));
      next =
          command(new Action(dx * scale, dy * scale, dz * scale, 0, 0, yaw, 0), next, periodNanos);
      steps++;
    }
    if (interrupted.getAsBoolean()) {
      return steps;
    }
    throw new IllegalStateException(
        "the arm did not get back within "
            + RETURN_TOLERANCE_M * 1000
            + " mm of its start in "
            + options.maxReturnSteps()
            + " steps (blocked, or held by the agent's limits)");
  }

  /** Sends one delta at the next period boundary; returns the boundary after it. */
  private long command(Action action, long due, long periodNanos) throws InterruptedException {
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    agent.markProgress();
    agent.keepArmed();
    String stopped = agent.stopped();
    if (stopped != null) {
      throw new IllegalStateException(stopped + "; exploration ended, the arm holds");
    }
    agent.send(action);
    return Math.max(due + periodNanos, System.nanoTime());
  }

  private static double distanceTo(Pose a, Pose b) {
    double dx = a.x() - b.x();
    double dy = a.y() - b.y();
    double dz = a.z() - b.z();
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  private ArmState awaitState() throws InterruptedException {
    long deadline = System.nanoTime() + ARM_TIMEOUT.toNanos();
    ArmState state;
    while ((state = agent.armState()) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the agent sent no state within " + ARM_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(5);
    }
    return state;
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
