package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code push-t}: push a T-shaped block to a goal pose on the table with the closed gripper, planar
 * like the PushT benchmark.
 */
public final class PushTTask extends SimTask {
  /** Success threshold on the block position error, metres. */
  public static final double POSITION_TOLERANCE_METRES = 0.02;

  /** Success threshold on the block orientation error, radians. */
  public static final double ANGLE_TOLERANCE_RADIANS = 0.2;

  /** Length that turns the block's orientation into metres in the task state. */
  public static final double ORIENTATION_SCALE_METRES = 0.05;

  /** Height of the gripper (finger centres) while pushing, metres. */
  static final double PUSH_HEIGHT = 0.022;

  private static final float HALF_HEIGHT = 0.015f;

  /** Distance from the block's centre to the pusher in the pre-push subgoal, metres. */
  static final double PRE_PUSH_DISTANCE_METRES = 0.075;

  // The T's geometry (bar 10 x 2.5 cm on a 2.5 x 7.5 cm stem, origin at the centre of mass) is
  // in TShape.

  private static final TaskSpec SPEC =
      new TaskSpec(
          "push-t",
          "push the T-shaped block to the pose shown in the goal image (planar)",
          150,
          0.1,
          new boolean[] {true, true, false, false, false, false, false},
          0.03,
          0.3,
          "T block centre within 0.020 m of the goal position and its orientation within 0.20 rad"
              + " of the goal orientation at the end of the episode",
          POSITION_TOLERANCE_METRES,
          ANGLE_TOLERANCE_RADIANS,
          List.of("block_x", "block_y", "block_cos_yaw_x_0.05m", "block_sin_yaw_x_0.05m"),
          1);

  @Override
  public TaskSpec spec() {
    return SPEC;
  }

  @Override
  Instance instantiate(SimWorld world, SplittableRandom random) {
    double goalX = uniform(random, -0.05, 0.05);
    double goalY = uniform(random, -0.05, 0.05);
    double goalYaw = uniform(random, -Math.PI, Math.PI);
    double distance = uniform(random, 0.03, 0.08);
    double direction = uniform(random, -Math.PI, Math.PI);
    double startX = goalX + distance * Math.cos(direction);
    double startY = goalY + distance * Math.sin(direction);
    double startYaw = wrap(goalYaw + uniform(random, -0.6, 0.6));
    double pusherX;
    double pusherY;
    do {
      pusherX = uniform(random, -0.17, 0.17);
      pusherY = uniform(random, -0.17, 0.17);
    } while (Math.hypot(pusherX - startX, pusherY - startY) < 0.1);
    SimBody block =
        world.addCompound(
            "t-block",
            List.of(
                new Part(Part.Shape.BOX, 0.05f, 0.0125f, HALF_HEIGHT, 0, TShape.BAR_Y, 0, 0x3C6EC8),
                new Part(
                    Part.Shape.BOX, 0.0125f, 0.0375f, HALF_HEIGHT, 0, TShape.STEM_Y, 0, 0x3C6EC8)),
            0.1f,
            0.8f);
    return new PushTInstance(
        block, goalX, goalY, goalYaw, startX, startY, startYaw, pusherX, pusherY);
  }

  private static final class PushTInstance extends Instance {
    private final SimBody block;
    private final double goalX;
    private final double goalY;
    private final double goalYaw;
    private final double startX;
    private final double startY;
    private final double startYaw;
    private final double pusherX;
    private final double pusherY;
    private final double[] pose = new double[4];

    PushTInstance(
        SimBody block,
        double goalX,
        double goalY,
        double goalYaw,
        double startX,
        double startY,
        double startYaw,
        double pusherX,
        double pusherY) {
      this.block = block;
      this.goalX = goalX;
      this.goalY = goalY;
      this.goalYaw = goalYaw;
      this.startX = startX;
      this.startY = startY;
      this.startYaw = startYaw;
      this.pusherX = pusherX;
      this.pusherY = pusherY;
    }

    @Override
    void applyGoalState(SimWorld world) {
      world.placeBody(block, goalX, goalY, HALF_HEIGHT, goalYaw);
      // The pusher rests behind the stem, as it would after a final push.
      double c = Math.cos(goalYaw);
      double s = Math.sin(goalYaw);
      double bx = 0;
      double by = TShape.STEM_Y - 0.0375 - 0.03;
      world.teleportGripper(goalX + c * bx - s * by, goalY + s * bx + c * by, PUSH_HEIGHT, 0, 1);
    }

    /**
     * One picture on the way: the pusher behind the block, on the far side from the block's goal
     * position, ready for a push that carries the block towards it.
     */
    @Override
    int subgoalCount() {
      return 1;
    }

    @Override
    void applySubgoalState(SimWorld world, int index) {
      if (index != 0) {
        throw new IndexOutOfBoundsException("subgoal " + index + " of 1");
      }
      double dx = goalX - startX;
      double dy = goalY - startY;
      double norm = Math.hypot(dx, dy);
      world.placeBody(block, startX, startY, HALF_HEIGHT, startYaw);
      world.teleportGripper(
          startX - dx / norm * PRE_PUSH_DISTANCE_METRES,
          startY - dy / norm * PRE_PUSH_DISTANCE_METRES,
          PUSH_HEIGHT,
          0,
          1);
    }

    @Override
    void applyInitialState(SimWorld world) {
      world.placeBody(block, startX, startY, HALF_HEIGHT, startYaw);
      world.teleportGripper(pusherX, pusherY, PUSH_HEIGHT, 0, 1);
    }

    @Override
    double fixedHeight() {
      return PUSH_HEIGHT;
    }

    @Override
    void taskState(SimWorld world, float[] out) {
      world.bodyPose(block, pose);
      out[0] = (float) pose[0];
      out[1] = (float) pose[1];
      out[2] = (float) (ORIENTATION_SCALE_METRES * Math.cos(pose[3]));
      out[3] = (float) (ORIENTATION_SCALE_METRES * Math.sin(pose[3]));
    }

    @Override
    boolean success(SimWorld world) {
      world.bodyPose(block, pose);
      return Math.hypot(pose[0] - goalX, pose[1] - goalY) < POSITION_TOLERANCE_METRES
          && Math.abs(wrap(pose[3] - goalYaw)) < ANGLE_TOLERANCE_RADIANS;
    }

    @Override
    Policy expert() {
      return new Expert();
    }

    /**
     * Quasi-static pushing: each step it picks the boundary point and push direction whose
     * predicted block motion best matches the remaining pose error, walks around the block to that
     * point when needed, and pushes.
     */
    private final class Expert implements Policy {
      private static final double PUSHER_RADIUS = 0.0135;
      private static final double GYRATION = 0.035;
      private static final double ORBIT = 0.09;
      private final double[] candidates = TShape.buildCandidates();
      private int current = -1;
      private boolean settled;
      private int committed = -1;

      @Override
      public String label() {
        return "expert";
      }

      @Override
      public Action act(Episode episode) {
        SimWorld world = episode.world();
        world.bodyPose(block, pose);
        Pose ee = world.arm().state().eePoseInBase();
        double px = ee.x();
        double py = ee.y();
        double ex = goalX - pose[0];
        double ey = goalY - pose[1];
        double et = wrap(goalYaw - pose[3]);
        // Stop inside the success region (with margin); resume only when pushed well out of it.
        double positionError = Math.hypot(ex, ey);
        if (positionError < 0.016 && Math.abs(et) < 0.15) {
          settled = true;
        } else if (positionError > 0.019 || Math.abs(et) > 0.19) {
          settled = false;
        }
        if (settled) {
          return new Action(0, 0, 0, 0, 0, 0, 1);
        }
        double c = Math.cos(pose[3]);
        double s = Math.sin(pose[3]);
        double dnorm = Math.sqrt(ex * ex + ey * ey + GYRATION * et * GYRATION * et);
        // Score every candidate push: cosine between its predicted twist and the desired one.
        int best = -1;
        double bestScore = -2;
        double currentScore = -2;
        for (int i = 0; i < candidates.length / 4; i++) {
          double score = score(i, c, s, ex, ey, et, dnorm);
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
          if (i == current) {
            currentScore = score;
          }
        }
        if (current < 0 || currentScore < bestScore - 0.15) {
          current = best;
          committed = -1;
        }
        int k = current * 4;
        double lx = candidates[k];
        double ly = candidates[k + 1];
        double nx = c * candidates[k + 2] - s * candidates[k + 3];
        double ny = s * candidates[k + 2] + c * candidates[k + 3];
        double cx = pose[0] + c * lx - s * ly;
        double cy = pose[1] + s * lx + c * ly;
        // Pusher centre at contact, and the push direction u = -n.
        double contactX = cx + nx * PUSHER_RADIUS;
        double contactY = cy + ny * PUSHER_RADIUS;
        double ux = -nx;
        double uy = -ny;
        double relX = px - contactX;
        double relY = py - contactY;
        double along = relX * ux + relY * uy;
        double lateral = relX * uy - relY * ux;
        double targetX;
        double targetY;
        if (Math.abs(lateral) < 0.004 && along > -0.03 && along < 0.006) {
          double step =
              Math.min(0.02, Math.max(0.003, 0.6 * (positionError + 0.04 * Math.abs(et))));
          // Push along u from the contact line, correcting the lateral offset.
          targetX = px + ux * (step - Math.min(0, along)) - uy * lateral;
          targetY = py + uy * (step - Math.min(0, along)) + ux * lateral;
        } else {
          double preX = contactX + nx * 0.012;
          double preY = contactY + ny * 0.012;
          if (committed == current || !pathBlocked(px, py, preX, preY, c, s)) {
            targetX = preX;
            targetY = preY;
          } else {
            // Walk around the block on a circle, then go in.
            double rx = px - pose[0];
            double ry = py - pose[1];
            double radius = Math.hypot(rx, ry);
            if (radius < ORBIT - 0.01) {
              targetX = pose[0] + rx / radius * ORBIT;
              targetY = pose[1] + ry / radius * ORBIT;
            } else {
              double here = Math.atan2(ry, rx);
              double there = Math.atan2(preY - pose[1], preX - pose[0]);
              double turn = wrap(there - here);
              if (Math.abs(turn) < 0.1) {
                // Lined up with the approach point: go in (e.g. into the T's inner corner).
                committed = current;
                targetX = preX;
                targetY = preY;
              } else {
                double stepAngle = Math.signum(turn) * Math.min(Math.abs(turn), 0.028 / ORBIT);
                targetX = pose[0] + ORBIT * Math.cos(here + stepAngle);
                targetY = pose[1] + ORBIT * Math.sin(here + stepAngle);
              }
            }
          }
        }
        return new Action(targetX - px, targetY - py, 0, 0, 0, 0, 1);
      }

      private double score(int i, double c, double s, double ex, double ey, double et, double dn) {
        int k = i * 4;
        double rx = c * candidates[k] - s * candidates[k + 1];
        double ry = s * candidates[k] + c * candidates[k + 1];
        double ux = -(c * candidates[k + 2] - s * candidates[k + 3]);
        double uy = -(s * candidates[k + 2] + c * candidates[k + 3]);
        double spin = (rx * uy - ry * ux) / GYRATION;
        double en = Math.sqrt(ux * ux + uy * uy + spin * spin);
        return (ux * ex + uy * ey + spin * GYRATION * et) / (en * dn);
      }

      /** True when the pusher moving from (ax, ay) to (bx, by) would hit the block. */
      private boolean pathBlocked(double ax, double ay, double bx, double by, double c, double s) {
        // Work in the block frame.
        double lax = c * (ax - pose[0]) + s * (ay - pose[1]);
        double lay = -s * (ax - pose[0]) + c * (ay - pose[1]);
        double lbx = c * (bx - pose[0]) + s * (by - pose[1]);
        double lby = -s * (bx - pose[0]) + c * (by - pose[1]);
        // A path that starts close to the block (grazing it) is blocked only if it gets closer.
        double limit = Math.min(PUSHER_RADIUS, TShape.distanceToOutline(lax, lay)) - 0.001;
        for (int i = 1; i <= 10; i++) {
          double t = i / 10.0;
          double x = lax + (lbx - lax) * t;
          double y = lay + (lby - lay) * t;
          if (TShape.distanceToOutline(x, y) < limit || TShape.insideOutline(x, y)) {
            return true;
          }
        }
        return false;
      }
    }
  }
}
