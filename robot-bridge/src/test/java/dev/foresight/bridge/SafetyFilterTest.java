package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafetyFilterTest {
  static final RobotProfile PROFILE =
      new RobotProfile(
          "test-arm",
          new Box(0.2, -0.4, 0.0, 0.8, 0.4, 0.5),
          0.5,
          0.05,
          0.2,
          0.1,
          0.9,
          250,
          Duration.ofMillis(100),
          false);

  private final SafetyFilter filter = new SafetyFilter(PROFILE);
  private final double[] applied = new double[7];

  @Test
  void aCommandInsideAllLimitsPassesUnchanged() {
    double[] previous = {0.5, 0, 0.2, 0, 0, 0, 0.5};
    double[] requested = {0.52, 0.01, 0.2, 0.05, 0, 0, 0.6};
    assertThat(filter.apply(requested, previous, previous, applied)).isZero();
    assertThat(applied).containsExactly(requested);
  }

  @Test
  void aTargetOutsideTheWorkspaceIsClampedToTheBox() {
    double[] previous = {0.79, 0.39, 0.01, 0, 0, 0, 0.5};
    double[] requested = {0.83, 0.43, -0.03, 0, 0, 0, 0.5};
    int flags = filter.apply(requested, previous, previous, applied);
    assertThat(flags & SafetyFilter.CLAMP_WORKSPACE).isNotZero();
    assertThat(applied[0]).isEqualTo(0.8);
    assertThat(applied[1]).isEqualTo(0.4);
    assertThat(applied[2]).isEqualTo(0.0);
  }

  @Test
  void aLongStepIsShortenedAlongItsDirection() {
    double[] previous = {0.5, 0, 0.2, 0, 0, 0, 0.5};
    double[] requested = {0.6, 0, 0.2, 0, 0, 0, 0.5};
    int flags = filter.apply(requested, previous, previous, applied);
    assertThat(flags).isEqualTo(SafetyFilter.CLAMP_STEP);
    assertThat(applied[0]).isCloseTo(0.55, within(1e-12));
    assertThat(applied[1]).isZero();
  }

  @Test
  void aTargetFarAheadOfTheSetpointIsPulledBack() {
    double[] setpoint = {0.3, 0, 0.2, 0, 0, 0, 0.5};
    double[] previous = {0.38, 0, 0.2, 0, 0, 0, 0.5};
    double[] requested = {0.42, 0, 0.2, 0, 0, 0, 0.5};
    int flags = filter.apply(requested, previous, setpoint, applied);
    assertThat(flags).isEqualTo(SafetyFilter.CLAMP_LEAD);
    assertThat(applied[0]).isCloseTo(0.35, within(1e-12));
  }

  @Test
  void rotationAndGripperAreLimited() {
    double[] previous = {0.5, 0, 0.2, 0, 0, Math.PI - 0.05, 0.5};
    // Yaw across ±π by 0.1 rad is a small step; roll by 0.5 rad is not.
    double[] requested = {0.5, 0, 0.2, 0.5, 0, -Math.PI + 0.05, 1.0};
    int flags = filter.apply(requested, previous, previous, applied);
    assertThat(flags).isEqualTo(SafetyFilter.CLAMP_ROTATION | SafetyFilter.CLAMP_GRIPPER);
    Rotations rotations = new Rotations();
    assertThat(rotations.angle(previous, 3, applied, 3)).isCloseTo(0.2, within(1e-9));
    // On the way to the request: the rest of the turn completes the requested rotation.
    assertThat(rotations.angle(previous, 3, applied, 3) + rotations.angle(applied, 3, requested, 3))
        .isCloseTo(rotations.angle(previous, 3, requested, 3), within(1e-9));
    assertThat(SafetyFilter.wrapAngle(applied[5] - previous[5])).isPositive();
    assertThat(applied[6]).isEqualTo(0.9);
  }

  @Test
  void theRotationLimitIsOnTheTrueAngleNotOnEulerDifferences() {
    // Near pitch π/2, +0.14 rad of roll with -0.14 rad of yaw is 0.198 rad as an Euler-angle
    // vector (under the 0.2 rad limit) but a 0.28 rad rotation.
    double[] previous = {0.5, 0, 0.2, 0, 1.5, 0, 0};
    double[] requested = {0.5, 0, 0.2, 0.14, 1.5, -0.14, 0};
    Rotations rotations = new Rotations();
    assertThat(Math.hypot(0.14, 0.14)).isLessThan(0.2);
    assertThat(rotations.angle(previous, 3, requested, 3)).isGreaterThan(0.27);
    int flags = filter.apply(requested, previous, previous, applied);
    assertThat(flags & SafetyFilter.CLAMP_ROTATION).isNotZero();
    assertThat(rotations.angle(previous, 3, applied, 3)).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void aLargeEulerDifferenceThatIsASmallRotationPasses() {
    // Near gimbal lock roll and yaw turn about almost the same axis: +0.5 roll with +0.5 yaw at
    // pitch π/2 - 0.001 is almost no rotation at all.
    double[] previous = {0.5, 0, 0.2, 0, Math.PI / 2 - 0.001, 0, 0};
    double[] requested = {0.5, 0, 0.2, 0.5, Math.PI / 2 - 0.001, 0.5, 0};
    Rotations rotations = new Rotations();
    assertThat(rotations.angle(previous, 3, requested, 3)).isLessThan(0.01);
    int flags = filter.apply(requested, previous, previous, applied);
    assertThat(flags & SafetyFilter.CLAMP_ROTATION).isZero();
  }
}
