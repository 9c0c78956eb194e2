package dev.foresight.sim.loop;

import dev.foresight.core.ArmState;
import dev.foresight.core.Observation;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;

/**
 * The oracle's perception: the simulator's true state instead of an encoded picture (privileged;
 * for upper bounds and planner tests). The goal is the true state the goal picture was rendered
 * from.
 */
final class OraclePerception implements Perception {
  private final TaskStateOracle oracle;
  private final EpisodeGoals goals;

  OraclePerception(TaskStateOracle oracle, EpisodeGoals goals) {
    this.oracle = oracle;
    this.goals = goals;
  }

  @Override
  public int latentSize() {
    return oracle.latentSize();
  }

  @Override
  public void encode(Observation observation, float[] latentOut) {
    oracle.encodeLive(latentOut);
  }

  @Override
  public void encodeGoal(Goal goal, ArmState now, float[] latentOut) {
    oracle.encodeGoal(goals.source(goal), latentOut);
  }
}
