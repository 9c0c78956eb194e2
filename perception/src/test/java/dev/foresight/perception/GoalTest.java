package dev.foresight.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import org.junit.jupiter.api.Test;

/** The goal-proprio rule: what each kind of goal is encoded with and how its proprio weighs. */
class GoalTest {
  private static final Image IMAGE = new Image(2, 2, PixelEncoding.RGB8, new byte[12]);
  private static final ArmState NOW = new ArmState(42, new Pose(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 0.7);

  @Test
  void aPictureOnlyIsEncodedWithTheArmsStateNowAndItsProprioIsIgnored() {
    Goal goal = Goal.imageOnly(IMAGE);
    assertThat(goal.armState(NOW)).isEqualTo(NOW);
    assertThat(goal.proprioWeight()).isZero();
    assertThat(goal.known()).isEqualTo(Goal.Known.NOTHING);
  }

  @Test
  void aKnownPositionReplacesOnlyThePosition() {
    Goal goal = Goal.withPosition(IMAGE, 0.5, -0.1, 0.25);
    ArmState state = goal.armState(NOW);
    assertThat(state.eePoseInBase())
        .isEqualTo(new Pose((float) 0.5, (float) -0.1, (float) 0.25, 0.4, 0.5, 0.6));
    assertThat(state.gripper()).isEqualTo(0.7);
    assertThat(goal.proprioWeight()).isEqualTo(Goal.PROPRIO_WEIGHT);
  }

  @Test
  void aKnownProprioReplacesTheWholeArmState() {
    float[] proprio = {0.5f, 0f, 0.2f, 3.1f, 0f, -0.5f, 1f};
    Goal goal = Goal.withProprio(IMAGE, proprio);
    proprio[0] = 9f; // copied: a later change of the caller's array does not move the goal
    ArmState state = goal.armState(NOW);
    assertThat(state.eePoseInBase()).isEqualTo(new Pose(0.5f, 0f, 0.2f, 3.1f, 0f, -0.5f));
    assertThat(state.gripper()).isEqualTo(1.0);
    assertThat(goal.proprioWeight()).isEqualTo(Goal.PROPRIO_WEIGHT);
  }

  @Test
  void aTaskMayWeighAKnownProprioOtherwise() {
    Goal goal = Goal.withProprio(IMAGE, new float[] {0.5f, 0f, 0.2f, 0f, 0f, 0f, 1f});
    Goal heavier = goal.withProprioWeight(20);
    assertThat(heavier.proprioWeight()).isEqualTo(20.0);
    assertThat(heavier.armState(NOW)).isEqualTo(goal.armState(NOW));
    assertThat(goal.proprioWeight()).isEqualTo(Goal.PROPRIO_WEIGHT);
    assertThat(Goal.imageOnly(IMAGE).withProprioWeight(0).proprioWeight()).isZero();
    assertThatThrownBy(() -> Goal.imageOnly(IMAGE).withProprioWeight(4))
        .hasMessage(
            "goal proprio weight 4.0 on a picture-only goal, expected 0 (no proprio known)");
    assertThatThrownBy(() -> goal.withProprioWeight(Double.NaN))
        .hasMessage("goal proprio weight NaN is out of range, expected a finite weight >= 0");
  }

  @Test
  void badGoalsAreOneLineErrors() {
    assertThatThrownBy(() -> Goal.withProprio(IMAGE, new float[6]))
        .hasMessage("goal proprio has 6 values, expected 7");
    assertThatThrownBy(() -> Goal.withPosition(IMAGE, Double.NaN, 0, 0))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> Goal.imageOnly(null)).hasMessage("a goal needs an image");
  }
}
