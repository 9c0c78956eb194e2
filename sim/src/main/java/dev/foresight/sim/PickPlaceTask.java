package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.util.List;
import java.util.SplittableRandom;

/** {@code pick-place}: grasp a cube and place it on the target pad. */
public final class PickPlaceTask extends SimTask {
  /** Success threshold on the horizontal distance of the cube centre to the pad centre, m. */
  public static final double TOLERANCE_METRES = 0.025;

  /** Cube half size, metres. */
  public static final float CUBE_HALF = 0.02f;

  /** Pad radius, metres. */
  public static final float PAD_RADIUS = 0.035f;

  /** Gripper height for moving above the table, metres. */
  static final double HOVER_Z = 0.08;

  /** Gripper height for grasping the cube, metres. */
  static final double GRASP_Z = 0.022;

  private static final TaskSpec SPEC =
      new TaskSpec(
          "pick-place",
          "grasp the red cube and place it on the green pad",
          80,
          0.1,
          new boolean[] {true, true, true, false, false, true, true},
          0.03,
          0.3,
          "cube centre within 0.025 m (horizontally) of the pad centre, resting on the table"
              + " (centre below 0.025 m), fingers open (gap above 0.045 m) at the end",
          TOLERANCE_METRES,
          0,
          List.of("cube_x", "cube_y", "cube_z", "ee_x", "ee_y", "ee_z"),
          0);

  @Override
  public TaskSpec spec() {
    return SPEC;
  }

  @Override
  Instance instantiate(SimWorld world, SplittableRandom random) {
    double cubeX = uniform(random, -0.12, 0.12);
    double cubeY = uniform(random, -0.12, 0.12);
    double cubeYaw = uniform(random, -Math.PI / 4, Math.PI / 4);
    double padX;
    double padY;
    do {
      padX = uniform(random, -0.12, 0.12);
      padY = uniform(random, -0.12, 0.12);
    } while (Math.hypot(padX - cubeX, padY - cubeY) < 0.1);
    double[] gripper = {
      uniform(random, -0.1, 0.1), uniform(random, -0.1, 0.1), uniform(random, 0.08, 0.15)
    };
    world.addVisual(
        "pad",
        List.of(new Part(Part.Shape.CYLINDER, PAD_RADIUS, 0, 0.001f, 0, 0, 0, 0x3CA050)),
        (float) padX,
        (float) padY,
        0.001f);
    SimBody cube = world.addBox("cube", CUBE_HALF, CUBE_HALF, CUBE_HALF, 0.05f, 1.0f, 0xC83232);
    return new PickPlaceInstance(cube, cubeX, cubeY, cubeYaw, padX, padY, gripper);
  }

  private static final class PickPlaceInstance extends Instance {
    private final SimBody cube;
    private final double cubeX;
    private final double cubeY;
    private final double cubeYaw;
    private final double padX;
    private final double padY;
    private final double[] gripperStart;
    private final double[] pose = new double[4];

    PickPlaceInstance(
        SimBody cube,
        double cubeX,
        double cubeY,
        double cubeYaw,
        double padX,
        double padY,
        double[] gripperStart) {
      this.cube = cube;
      this.cubeX = cubeX;
      this.cubeY = cubeY;
      this.cubeYaw = cubeYaw;
      this.padX = padX;
      this.padY = padY;
      this.gripperStart = gripperStart;
    }

    @Override
    void applyGoalState(SimWorld world) {
      world.placeBody(cube, padX, padY, CUBE_HALF, cubeYaw);
      world.teleportGripper(padX, padY, 0.08, cubeYaw, 0);
    }

    /**
     * Five pictures on the way, as an operator would show them: open gripper above the cube, open
     * around it, closed on it, cube carried above the pad, cube lowered onto the pad (still
     * closed). The final goal then shows it released with the gripper raised.
     */
    @Override
    int subgoalCount() {
      return 5;
    }

    @Override
    void applySubgoalState(SimWorld world, int index) {
      double heldZ = GRASP_Z - 0.001;
      switch (index) {
        case 0 -> {
          world.placeBody(cube, cubeX, cubeY, CUBE_HALF, cubeYaw);
          world.teleportGripper(cubeX, cubeY, HOVER_Z, cubeYaw, 0);
        }
        case 1 -> {
          world.placeBody(cube, cubeX, cubeY, CUBE_HALF, cubeYaw);
          world.teleportGripper(cubeX, cubeY, GRASP_Z, cubeYaw, 0);
        }
        case 2 -> {
          world.placeBody(cube, cubeX, cubeY, CUBE_HALF, cubeYaw);
          world.teleportGripper(cubeX, cubeY, GRASP_Z, cubeYaw, 1);
        }
        case 3 -> {
          world.placeBody(cube, padX, padY, CUBE_HALF + HOVER_Z - heldZ, cubeYaw);
          world.teleportGripper(padX, padY, HOVER_Z, cubeYaw, 1);
        }
        case 4 -> {
          world.placeBody(cube, padX, padY, CUBE_HALF, cubeYaw);
          world.teleportGripper(padX, padY, heldZ + 0.002, cubeYaw, 1);
        }
        default -> throw new IndexOutOfBoundsException("subgoal " + index + " of 5");
      }
    }

    @Override
    void applyInitialState(SimWorld world) {
      world.placeBody(cube, cubeX, cubeY, CUBE_HALF, cubeYaw);
      world.teleportGripper(gripperStart[0], gripperStart[1], gripperStart[2], 0, 0);
    }

    @Override
    void taskState(SimWorld world, float[] out) {
      world.bodyPose(cube, pose);
      Pose ee = world.arm().state().eePoseInBase();
      out[0] = (float) pose[0];
      out[1] = (float) pose[1];
      out[2] = (float) pose[2];
      out[3] = (float) ee.x();
      out[4] = (float) ee.y();
      out[5] = (float) ee.z();
    }

    @Override
    boolean success(SimWorld world) {
      world.bodyPose(cube, pose);
      return Math.hypot(pose[0] - padX, pose[1] - padY) < TOLERANCE_METRES
          && pose[2] < 0.025
          && world.fingerGap() > 0.045;
    }

    @Override
    Policy expert() {
      return new Expert();
    }

    /** Scripted pick and place: approach, descend, close, lift, carry, lower, release. */
    private final class Expert implements Policy {
      private int phase;
      private int phaseSteps;
      private final double[] cubePose = new double[4];

      @Override
      public String label() {
        return "expert";
      }

      private void enter(int next) {
        phase = next;
        phaseSteps = 0;
      }

      @Override
      public Action act(Episode episode) {
        SimWorld world = episode.world();
        Pose ee = world.arm().state().eePoseInBase();
        world.bodyPose(cube, cubePose);
        double cx = cubePose[0];
        double cy = cubePose[1];
        boolean grasped = world.isGrasped(cube);
        // Gripper yaw that lines the fingers up with the cube faces, nearest the current yaw.
        double yawTarget = ee.yaw() + wrapQuarter(cubePose[3] - ee.yaw());
        phaseSteps++;
        double tx = ee.x();
        double ty = ee.y();
        double tz = ee.z();
        double tyaw = ee.yaw();
        double grip = 0;
        switch (phase) {
          case 0 -> { // approach above the cube
            tx = cx;
            ty = cy;
            tz = HOVER_Z;
            tyaw = yawTarget;
            if (Math.hypot(cx - ee.x(), cy - ee.y()) < 0.004
                && Math.abs(yawTarget - ee.yaw()) < 0.05
                && Math.abs(ee.z() - HOVER_Z) < 0.01) {
              enter(1);
            }
          }
          case 1 -> { // descend around it
            tx = cx;
            ty = cy;
            tz = GRASP_Z;
            tyaw = yawTarget;
            if (ee.z() < GRASP_Z + 0.004) {
              enter(2);
            }
          }
          case 2 -> { // close
            grip = 1;
            if (grasped && phaseSteps >= 3) {
              enter(3);
            } else if (phaseSteps >= 8) {
              enter(6);
            }
          }
          case 3 -> { // lift and carry so that the cube ends over the pad
            grip = 1;
            tx = padX + (ee.x() - cx);
            ty = padY + (ee.y() - cy);
            tz = HOVER_Z;
            if (ee.z() < HOVER_Z - 0.03) {
              tx = ee.x();
              ty = ee.y();
            }
            if (!grasped) {
              enter(6);
            } else if (Math.hypot(padX - cx, padY - cy) < 0.004) {
              enter(4);
            }
          }
          case 4 -> { // lower onto the pad
            grip = 1;
            tx = padX + (ee.x() - cx);
            ty = padY + (ee.y() - cy);
            tz = ee.z() - (cubePose[2] - CUBE_HALF) + 0.001;
            if (!grasped) {
              enter(6);
            } else if (cubePose[2] < CUBE_HALF + 0.003) {
              enter(5);
            }
          }
          case 5 -> { // release and retreat
            grip = 0;
            if (phaseSteps > 3) {
              tz = HOVER_Z;
            }
          }
          default -> { // 6: open, rise, and start over
            grip = 0;
            tz = HOVER_Z;
            if (phaseSteps > 3) {
              enter(0);
            }
          }
        }
        return new Action(tx - ee.x(), ty - ee.y(), tz - ee.z(), 0, 0, tyaw - ee.yaw(), grip);
      }
    }
  }

  /** Wraps an angle difference to (-pi/4, pi/4] (the cube looks the same every quarter turn). */
  static double wrapQuarter(double angle) {
    double quarter = Math.PI / 2;
    double a = angle % quarter;
    if (a > quarter / 2) {
      a -= quarter;
    } else if (a <= -quarter / 2) {
      a += quarter;
    }
    return a;
  }
}
