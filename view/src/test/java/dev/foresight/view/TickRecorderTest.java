package dev.foresight.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Observation;
import dev.foresight.core.Pose;
import dev.foresight.runtime.ControlTick;
import org.junit.jupiter.api.Test;

class TickRecorderTest {
  @Test
  void aPredictionThatThrowsDrawsNoPathAndDoesNotFailTheTick() {
    Ticks ticks = new Ticks(8, 8);
    TickRecorder recorder = new TickRecorder(0);
    ControlTick.Decision decision =
        new ControlTick.Decision(
            new Observation(ticks.frame(), new ArmState(1, Pose.IDENTITY, 0)),
            Action.ZERO,
            1.0,
            1,
            0,
            1_000,
            true);
    recorder.ticked(
        decision,
        ticks.goal,
        ticks.plan,
        () -> {
          throw new IllegalStateException("model closed");
        });
    assertThat(recorder.latest().step()).isEqualTo(1);
    assertThat(recorder.latest().predicted()).isNull();

    recorder.ticked(decision, ticks.goal, ticks.plan, () -> new float[] {1, 2, 3});
    assertThat(recorder.latest().predicted()).containsExactly(1, 2, 3);
  }
}
