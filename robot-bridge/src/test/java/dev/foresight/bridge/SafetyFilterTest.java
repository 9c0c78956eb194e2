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
    double dRoll = applied[3];
    double dYaw = SafetyFilter.wrapAngle(applied[5] - previous[5]);
    assertThat(Math.hypot(dRoll, dYaw)).isCloseTo(0.2, within(1e-9));
    assertThat(dYaw).isPositive();
    assertThat(applied[6]).isEqualTo(0.9);
  }
}
