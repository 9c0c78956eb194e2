package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.util.List;
import java.util.SplittableRandom;

/** {@code reach}: move the gripper to a target position shown in the goal image. */
public final class ReachTask extends SimTask {
  /** Success threshold on the end-effector distance to the target, metres. */
  public static final double TOLERANCE_METRES = 0.02;

  private static final TaskSpec SPEC =
      new TaskSpec(
          "reach",
          "move the gripper to the target position shown in the goal image",
          50,
          0.1,
          new boolean[] {true, true, true, false, false, false, false},
          0.03,
          0.3,
          "end-effector position within 0.020 m of the target at the end of the episode",
          TOLERANCE_METRES,
          0,
          List.of("ee_x", "ee_y", "ee_z"),
          0);

  @Override
  public TaskSpec spec() {
    return SPEC;
  }

  @Override
  Instance instantiate(SimWorld world, SplittableRandom random) {
    double[] start = sample(random);
    double[] target = sample(random);
    while (distance(start, target) < 0.08) {
      target = sample(random);
    }
    return new ReachInstance(start, target);
  }

  private static double[] sample(SplittableRandom random) {
    return new double[] {
      uniform(random, -0.15, 0.15), uniform(random, -0.15, 0.15), uniform(random, 0.04, 0.2)
    };
  }

  private static double distance(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    double dz = a[2] - b[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  private static final class ReachInstance extends Instance {
    private final double[] start;
    private final double[] target;

    ReachInstance(double[] start, double[] target) {
      this.start = start;
      this.target = target;
    }

    @Override
    void applyGoalState(SimWorld world) {
      world.teleportGripper(target[0], target[1], target[2], 0, 0);
    }

    @Override
    void applyInitialState(SimWorld world) {
      world.teleportGripper(start[0], start[1], start[2], 0, 0);
    }

    @Override
    void taskState(SimWorld world, float[] out) {
      Pose ee = world.arm().state().eePoseInBase();
      out[0] = (float) ee.x();
      out[1] = (float) ee.y();
      out[2] = (float) ee.z();
    }

    @Override
    boolean success(SimWorld world) {
      Pose ee = world.arm().state().eePoseInBase();
      return distance(new double[] {ee.x(), ee.y(), ee.z()}, target) < TOLERANCE_METRES;
    }

    @Override
    Policy expert() {
      return new Policy() {
        @Override
        public Action act(Episode episode) {
          Pose ee = episode.world().arm().state().eePoseInBase();
          return new Action(target[0] - ee.x(), target[1] - ee.y(), target[2] - ee.z(), 0, 0, 0, 0);
        }

        @Override
        public String label() {
          return "expert";
        }
      };
    }
  }
}
