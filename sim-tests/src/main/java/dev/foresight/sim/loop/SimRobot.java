package dev.foresight.sim.loop;

import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.planner.ActionBounds;
import dev.foresight.sim.SimWorld;
import dev.foresight.sim.TaskSpec;
import java.time.Duration;

/**
 * The simulated arm as the bridge agent and the planner see it for a task: the robot profile the
 * agent enforces and the action bounds the planner searches in.
 */
public final class SimRobot {
  /** The simulated arm's watchdog timeout (see {@link #robotProfile}). */
  public static final Duration SIM_WATCHDOG = Duration.ofSeconds(1);

  private SimRobot() {}

  /**
   * The robot profile the bridge agent enforces for the simulated arm: the simulator's workspace,
   * per-command limits of three times the task's per-step bounds and a setpoint speed limit of 5
   * m/s (the simulated arm's physical speed is limited by the simulator itself, {@link
   * SimWorld#MAX_EE_SPEED}). The planner never asks for more than the task's bounds ({@link
   * #bounds}), so the agent's step and lead limits never clip a planned action, however far its
   * real-time interpolation lags: the filtered target is exactly the previous target plus the
   * action, which keeps episodes reproducible. The workspace box still clamps.
   *
   * <p>A task that leaves the gripper out of its actions holds it at {@link TaskSpec#fixedGripper}
   * (push-t's closed pusher): the profile's gripper range is that one value, so the agent holds the
   * task's gripper whatever a client sends (e.g. {@code run}'s deltas, whose gripper setpoint is
   * the planner's fixed 0).
   *
   * <p>Its watchdog is 1 s, not a real arm's 100 ms: the simulated arm advances only when a command
   * arrives (lockstep), so it stands still while the planner thinks, and the deadman, which follows
   * the planning loop's progress, must allow a whole planning step on a loaded machine. A planner
   * that goes away still holds it within a second.
   */
  public static RobotProfile robotProfile(TaskSpec spec) {
    return profile(spec, 3, 5.0, true);
  }

  private static RobotProfile profile(
      TaskSpec spec, double stepScale, double speedMps, boolean holdFixedGripper) {
    float[] w = SimWorld.WORKSPACE;
    boolean fixed = holdFixedGripper && !spec.actionMask()[6];
    return new RobotProfile(
        "sim-arm",
        new Box(w[0], w[1], w[2], w[3], w[4], w[5]),
        speedMps,
        stepScale * spec.maxTranslationPerStep(),
        Math.min(Math.PI, stepScale * spec.maxRotationPerStep()),
        fixed ? spec.fixedGripper() : 0,
        fixed ? spec.fixedGripper() : 1,
        120,
        SIM_WATCHDOG,
        false);
  }

  /** Action dimensions a task does not use, fixed at zero by the planner. */
  public static int[] fixedDimensions(TaskSpec spec) {
    boolean[] mask = spec.actionMask();
    int count = 0;
    for (boolean used : mask) {
      count += used ? 0 : 1;
    }
    int[] fixed = new int[count];
    int next = 0;
    for (int i = 0; i < mask.length; i++) {
      if (!mask[i]) {
        fixed[next++] = i;
      }
    }
    return fixed;
  }

  /** Action bounds of a task: the robot's limits with the task's unused dimensions fixed at 0. */
  public static ActionBounds bounds(TaskSpec spec) {
    ActionBounds.Builder bounds =
        ActionBounds.forRobot(profile(spec, 1, SimWorld.MAX_EE_SPEED, false));
    for (int dimension : fixedDimensions(spec)) {
      bounds.fix(dimension, 0f);
    }
    return bounds.build();
  }
}
