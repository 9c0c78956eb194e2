package dev.foresight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActionTest {

  @Test
  void roundTripsThroughFloatArrayAtOffset() {
    Action action = new Action(0.01, -0.02, 0.03, 0.1, -0.2, 0.3, 0.75);
    float[] buffer = new float[2 + Action.SIZE];
    action.toArray(buffer, 2);
    Action back = Action.fromArray(buffer, 2);
    assertThat(back.dx()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(back.dYaw()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(back.gripper()).isEqualTo(0.75);
    assertThat(buffer[0]).isZero();
  }

  @Test
  void rejectsNonFiniteComponentsByName() {
    assertThatThrownBy(() -> new Action(0, Double.NaN, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action.dy")
        .hasMessageContaining("NaN");
  }

  @Test
  void rejectsGripperOutsideUnitRange() {
    assertThatThrownBy(() -> new Action(0, 0, 0, 0, 0, 0, 1.5))
        .hasMessage("action.gripper must be in [0, 1], got 1.5");
  }

  @Test
  void rejectsShortArray() {
    assertThatThrownBy(() -> Action.fromArray(new float[8], 3))
        .hasMessageContaining("offset 3")
        .hasMessageContaining("array has 8");
  }

  @Test
  void translationNormIsEuclidean() {
    assertThat(new Action(0.03, 0.04, 0, 1, 1, 1, 0).translationNorm())
        .isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
  }
}
