package dev.foresight.runtime;

import dev.foresight.core.Action;

/**
 * Where a control tick's action goes: a bridge agent (as an end-effector delta or an absolute
 * target), a ROS twist topic, or the simulator directly. The arm's limits are enforced further on,
 * where the command leaves for the actuator (the bridge agent), whatever a sink does.
 */
@FunctionalInterface
public interface CommandSink {

  /**
   * Carries out one action: end-effector deltas in the robot base frame over one control period (m,
   * rad) and the gripper command (0 open … 1 closed).
   *
   * @throws Exception when the action cannot be carried out (the loop ends with it)
   */
  void send(Action action) throws Exception;
}
