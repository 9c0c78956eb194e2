package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gripper holds a cube by contact and friction only. */
class GraspTest {
  @Test
  void closedFingersLiftACubeByFriction() {
    try (SimWorld world = new SimWorld(0.1)) {
      SimBody cube = world.addBox("cube", 0.02f, 0.02f, 0.02f, 0.05f, 1.0f, 0xD03030);
      world.placeBody(cube, 0.01, 0.0, 0.02, 0.1);
      world.teleportGripper(0, 0, 0.12, 0, 0);
      double[] pose = new double[4];
      for (int i = 0; i < 10; i++) {
        world.arm().apply(new EeSetpoint(0, 0, 0.025, 0, 0));
        world.step();
      }
      for (int i = 0; i < 6; i++) {
        world.arm().apply(new EeSetpoint(0, 0, 0.025, 0, 1));
        world.step();
      }
      for (int i = 0; i < 10; i++) {
        world.arm().apply(new EeSetpoint(0.05, 0, 0.15, 0, 1));
        world.step();
      }
      world.bodyPose(cube, pose);
      assertThat(pose[2]).isGreaterThan(0.1);
      assertThat(world.isGrasped(cube)).isTrue();
      for (int i = 0; i < 10; i++) {
        world.arm().apply(new EeSetpoint(0.05, 0, 0.15, 0, 0));
        world.step();
      }
      world.bodyPose(cube, pose);
      assertThat(pose[2]).isLessThan(0.03);
    }
  }
}
