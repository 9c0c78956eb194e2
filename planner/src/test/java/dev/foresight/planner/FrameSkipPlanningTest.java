package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Planning over a world model whose one prediction spans several control steps (frameskip). */
class FrameSkipPlanningTest {
  private static final long FAR_AWAY = TimeUnit.HOURS.toNanos(1);

  /** z' = z + k·a in 2-D: k control steps of the 1-step integrator with the action held. */
  private static final class SkippingIntegrator implements WorldModel {
    final int frameSkip;
    int calls;

    SkippingIntegrator(int frameSkip) {
      this.frameSkip = frameSkip;
    }

    @Override
    public int latentSize() {
      return 2;
    }

    @Override
    public int actionSize() {
      return 2;
    }

    @Override
    public int frameSkip() {
      return frameSkip;
    }

    @Override
    public void encode(List<Observation> observations, float[] latentsOut) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
      calls++;
      for (int i = 0; i < count * 2; i++) {
        nextLatentsOut[i] = latents[i] + frameSkip * actions[i];
      }
    }
  }

  private static PlannerOptions options(Sampler sampler, int repeat) {
    return PlannerOptions.builder(
            new PlannerSettings(sampler, 128, 12, 12, 12, Duration.ofSeconds(10), 7, 0.01),
            ActionBounds.builder(2).range(0, -0.1f, 0.1f).range(1, -0.1f, 0.1f).build())
        .energy(
            Energy.builder()
                .add(GoalDistance.of(GoalDistance.Norm.L2_SQUARED, GoalDistance.Steps.FINAL))
                .build())
        .tuning(SearchTuning.DEFAULTS.withMacroActions(repeat, 1))
        .build();
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aFrameskipModelIsCalledOncePerMacroStepAndItsPlanHoldsEachAction(Sampler sampler) {
    SkippingIntegrator model = new SkippingIntegrator(4);
    float[] goal = {0.8f, -0.6f};

    Plan plan =
        Planners.create(model, options(sampler, 4))
            .plan(new float[2], goal, null, System.nanoTime() + FAR_AWAY);

    // 12 control steps = 3 macro-steps of 4: one predict call per macro-step and iteration.
    assertThat(plan.predictorCalls()).isEqualTo(12L * 3);
    assertThat(plan.actions().horizon()).isEqualTo(12);
    double x = 0;
    double y = 0;
    for (int k = 0; k < 12; k++) {
      assertThat(plan.actions().get(k, 0)).isEqualTo(plan.actions().get(k - k % 4, 0));
      x += plan.actions().get(k, 0);
      y += plan.actions().get(k, 1);
    }
    assertThat(Math.hypot(x - goal[0], y - goal[1])).isLessThan(0.05);
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void macroStepsTwiceTheFrameskipCallTheModelTwicePerMacroStep(Sampler sampler) {
    SkippingIntegrator model = new SkippingIntegrator(2);

    Plan plan =
        Planners.create(model, options(sampler, 4))
            .plan(new float[2], new float[] {0.5f, 0.5f}, null, System.nanoTime() + FAR_AWAY);

    assertThat(plan.predictorCalls()).isEqualTo(12L * 6);
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void anActionRepeatThatSplitsAModelStepIsRejectedNamingBoth(Sampler sampler) {
    assertThatThrownBy(() -> Planners.create(new SkippingIntegrator(4), options(sampler, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actionRepeat: 2")
        .hasMessageContaining("frameskip 4");
    assertThatThrownBy(() -> Planners.create(new SkippingIntegrator(4), options(sampler, 1)))
        .hasMessageContaining("actionRepeat: 1");
  }
}
