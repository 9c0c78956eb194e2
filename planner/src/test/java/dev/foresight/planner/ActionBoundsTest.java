package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.RobotProfile;
import org.junit.jupiter.api.Test;

class ActionBoundsTest {

  @Test
  void projectionClipsFixesAndScalesToTheNormLimit() {
    ActionBounds bounds = ActionBounds.forRobot(RobotProfile.DEFAULTS).fix(5, 0f).build();
    // maxStepM 0.05, maxRotationStepRad 0.2, gripper [0, 1].
    float[] action = {0.05f, 0.05f, 0.0f, 1f, 0f, 0.3f, 2f};
    bounds.project(action, 0, 1);
    double translation = Math.hypot(action[0], action[1]);
    assertThat(translation).isCloseTo(0.05, within(1e-6));
    assertThat(action[0]).isCloseTo(action[1], within(1e-7f));
    assertThat(action[3]).isCloseTo(0.2f, within(1e-6f));
    assertThat(action[5]).isZero();
    assertThat(action[6]).isEqualTo(1f);
    assertThat(bounds.contains(action, 0, 1e-6f)).isTrue();
    assertThat(bounds.contains(new float[] {0, 0, 0, 0, 0, 0.1f, 0}, 0, 1e-6f)).isFalse();
  }

  @Test
  void neutralActionIsZeroInsideTheRange() {
    ActionBounds bounds = ActionBounds.builder(2).range(0, 0.2f, 0.4f).fix(1, 0.7f).build();
    assertThat(bounds.neutral(0)).isEqualTo(0.2f);
    assertThat(bounds.neutral(1)).isEqualTo(0.7f);
  }

  @Test
  void badBoundsNameDimensionAndValue() {
    assertThatThrownBy(() -> ActionBounds.builder(3).range(1, 1f, -1f))
        .hasMessage(
            "action bounds: dimension 1 range [1.0, -1.0] is invalid, expected finite lower <="
                + " upper");
    assertThatThrownBy(() -> ActionBounds.builder(3).fix(3, 0f))
        .hasMessage("action bounds: dimension 3 is out of range, expected [0, 2]");
    assertThatThrownBy(
            () -> ActionBounds.builder(2).range(0, 0.1f, 0.2f).normLimit(0, 2, 1f).build())
        .hasMessageContaining("dimension 0 is norm-limited but its range [0.1, 0.2] excludes 0");
  }
}
