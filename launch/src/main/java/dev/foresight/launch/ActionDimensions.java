package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.planner.ActionBounds;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.loop.SimRobot;
import java.util.List;

/** The action dimensions by name, as {@code --fix} takes them, and the bounds they give. */
final class ActionDimensions {
  /** Names of the action's dimensions, in order. */
  static final List<String> NAMES = List.of("dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper");

  private ActionDimensions() {}

  /**
   * Action bounds: the simulated task's, or the robot profile's with the named dimensions fixed at
   * 0.
   *
   * @param simTask the simulated task, or null for a real arm
   * @param fixed names from {@code --fix}: dx, dy, dz, droll, dpitch, dyaw, gripper. Not modified.
   * @throws IllegalArgumentException naming an unknown dimension, or any with a simulated task
   */
  static ActionBounds bounds(ForesightConfig cfg, SimTask simTask, List<String> fixed) {
    if (simTask != null) {
      if (!fixed.isEmpty()) {
        throw new IllegalArgumentException(
            "--fix is for --frames ros; a simulated task fixes its own unused dimensions");
      }
      return SimRobot.bounds(simTask.spec());
    }
    ActionBounds.Builder builder = ActionBounds.forRobot(cfg.robot());
    for (String name : fixed) {
      int dimension = NAMES.indexOf(name.strip());
      if (dimension < 0) {
        throw new IllegalArgumentException(
            "--fix: '"
                + name
                + "' is not an action dimension, expected one of "
                + String.join(", ", NAMES));
      }
      builder.fix(dimension, 0f);
    }
    return builder.build();
  }
}
