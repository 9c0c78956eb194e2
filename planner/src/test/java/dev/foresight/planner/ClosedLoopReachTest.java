package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.Box;
import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.config.RobotProfile;
import dev.foresight.planner.models.PointMassWorldModel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replanning every step against a point-mass model whose dynamics are also the "world": the planner
 * must bring the end effector to the goal, the way the reach task's oracle episodes do.
 */
class ClosedLoopReachTest {
  private static final int EPISODES = 6;
  private static final int MAX_STEPS = 40;
  private static final double SUCCESS_DISTANCE_M = 0.01;

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void replanningEveryStepReachesTheGoal(Sampler sampler) {
    RobotProfile robot = RobotProfile.DEFAULTS;
    Box workspace = robot.workspaceInBase();
    PointMassWorldModel model = new PointMassWorldModel(workspace);
    PlannerSettings settings =
        new PlannerSettings(sampler, 128, 12, 4, 5, Duration.ofSeconds(10), 11, 0.01);
    // A reach task: rotations and gripper masked.
    PlannerOptions options = PlannerOptions.forRobot(settings, robot, 3, 4, 5, 6);
    SplittableRandom random = new SplittableRandom(2026);
    int reached = 0;
    for (int episode = 0; episode < EPISODES; episode++) {
      float[] position = randomPoint(random, workspace);
      float[] goal = randomPoint(random, workspace);
      Planner planner = Planners.create(model, options);
      ActionSequence warmStart = null;
      float[] next = new float[3];
      float[] action = new float[7];
      for (int step = 0;
          step < MAX_STEPS && distance(position, goal) >= SUCCESS_DISTANCE_M;
          step++) {
        Plan plan =
            planner.plan(position, goal, warmStart, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        assertThat(plan.status()).isEqualTo(Plan.Status.COMPLETED);
        plan.actions().copyAction(0, action);
        model.predict(1, position, action, next);
        System.arraycopy(next, 0, position, 0, 3);
        warmStart = plan.actions();
      }
      if (distance(position, goal) < SUCCESS_DISTANCE_M) {
        reached++;
      }
    }
    assertThat(reached).as("episodes reaching within 1 cm").isEqualTo(EPISODES);
  }

  private static float[] randomPoint(SplittableRandom random, Box box) {
    return new float[] {
      (float) random.nextDouble(box.minX(), box.maxX()),
      (float) random.nextDouble(box.minY(), box.maxY()),
      (float) random.nextDouble(box.minZ(), box.maxZ())
    };
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }
}
