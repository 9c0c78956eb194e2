package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.models.LinearWorldModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Macro-actions, receding execution and the iCEM options of {@link SearchTuning}. */
class LongHorizonSearchTest {
  private static final long FAR_AWAY = TimeUnit.HOURS.toNanos(1);

  private static PlannerSettings settings(
      Sampler sampler, int samples, int elites, int iterations, int horizon) {
    return new PlannerSettings(
        sampler, samples, elites, iterations, horizon, Duration.ofSeconds(10), 7, 0.01);
  }

  /** z' = z + a in 2-D; actions in [-0.1, 0.1]². */
  private static LinearWorldModel integrator() {
    return new LinearWorldModel(2, 2, new float[] {1f, 0f, 0f, 1f});
  }

  private static ActionBounds box2(float half) {
    return ActionBounds.builder(2).range(0, -half, half).range(1, -half, half).build();
  }

  private static Energy finalQuadratic() {
    return Energy.builder()
        .add(GoalDistance.of(GoalDistance.Norm.L2_SQUARED, GoalDistance.Steps.FINAL))
        .build();
  }

  @Test
  void colouredNoiseHasUnitVarianceAndItsPowerAtLowFrequencies() {
    int length = 20;
    int series = 4000;
    double[] brown = lagOneCorrelationAndVariance(new ColoredNoise(length, 2), length, series);
    double[] white = lagOneCorrelationAndVariance(new ColoredNoise(length, 0), length, series);
    // β = 2: neighbouring steps move together; β = 0: independent steps.
    assertThat(brown[0]).isGreaterThan(0.7);
    assertThat(Math.abs(white[0])).isLessThan(0.05);
    assertThat(brown[1]).isBetween(0.9, 1.1);
    assertThat(white[1]).isBetween(0.9, 1.1);
  }

  private static double[] lagOneCorrelationAndVariance(ColoredNoise noise, int length, int series) {
    SplittableRandom random = new SplittableRandom(3);
    float[] values = new float[length];
    double products = 0;
    double squares = 0;
    double variance = 0;
    for (int n = 0; n < series; n++) {
      noise.sample(random, values, 0, 1);
      for (int t = 0; t < length; t++) {
        variance += values[t] * values[t];
        if (t > 0) {
          products += values[t] * values[t - 1];
          squares += values[t - 1] * values[t - 1];
        }
      }
    }
    return new double[] {products / squares, variance / ((double) series * length)};
  }

  @Test
  void cemWithColouredNoiseSamplesSmootherSequencesThanWhiteNoise() {
    double white = meanSquaredStepChange(0);
    double coloured = meanSquaredStepChange(2.5);
    assertThat(coloured).isLessThan(0.3 * white);
  }

  /** Mean squared change between consecutive steps of the first iteration's samples. */
  private static double meanSquaredStepChange(double exponent) {
    PlannerOptions options =
        PlannerOptions.builder(settings(Sampler.CEM, 200, 10, 1, 16), box2(100f))
            .tuning(SearchTuning.DEFAULTS.withIcem(exponent, 0, 1))
            .build();
    CemPlanner planner = (CemPlanner) Planners.create(integrator(), options);
    planner.plan(new float[2], new float[] {1f, 1f}, null, System.nanoTime() + FAR_AWAY);
    float[] data = planner.samples.data;
    double sum = 0;
    int terms = 0;
    for (int s = 1; s < 200; s++) {
      for (int k = 1; k < 16; k++) {
        for (int d = 0; d < 2; d++) {
          double change = data[s * 32 + k * 2 + d] - data[s * 32 + (k - 1) * 2 + d];
          sum += change * change;
          terms++;
        }
      }
    }
    return sum / terms;
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aMacroActionPlanHoldsEachActionForItsStepsAndLooksAheadTheWholeHorizon(Sampler sampler) {
    // 0.8 away at 0.1 per step: reachable in 12 control steps, not in 3.
    float[] goal = {0.8f, -0.6f};
    PlannerOptions options =
        PlannerOptions.builder(settings(sampler, 128, 12, 12, 12), box2(0.1f))
            .energy(finalQuadratic())
            .tuning(SearchTuning.DEFAULTS.withMacroActions(4, 1))
            .build();
    Plan plan =
        Planners.create(integrator(), options)
            .plan(new float[2], goal, null, System.nanoTime() + FAR_AWAY);

    assertThat(plan.actions().horizon()).isEqualTo(12);
    for (int k = 0; k < 12; k++) {
      for (int d = 0; d < 2; d++) {
        assertThat(plan.actions().get(k, d)).isEqualTo(plan.actions().get(k - k % 4, d));
      }
    }
    // One predict call per control step: 3 macro-steps × 4 per iteration.
    assertThat(plan.predictorCalls()).isEqualTo(12L * 12);
    float[] end = PlannerContractTest.rollOut(integrator(), new float[2], plan.actions());
    assertThat(Math.hypot(end[0] - goal[0], end[1] - goal[1])).isLessThan(0.05);
  }

  @Test
  void recedingExecutionReturnsTheRestOfThePlanThenSearchesAgain() {
    CountingModel model = new CountingModel(integrator());
    PlannerOptions options =
        PlannerOptions.builder(settings(Sampler.CEM, 32, 4, 2, 6), box2(0.1f))
            .tuning(SearchTuning.DEFAULTS.withMacroActions(2, 3))
            .build();
    Planner planner = Planners.create(model, options);
    float[] goal = {0.5f, 0.2f};
    Plan first = planner.plan(new float[2], goal, null, System.nanoTime() + FAR_AWAY).copy();
    int callsAfterSearch = model.calls;
    assertThat(first.searched()).isTrue();

    Plan second = planner.plan(new float[2], goal, first.actions(), System.nanoTime() + FAR_AWAY);
    assertThat(second.searched()).isFalse();
    assertThat(model.calls).isEqualTo(callsAfterSearch);
    for (int k = 0; k < 5; k++) {
      assertThat(second.actions().get(k, 0)).isEqualTo(first.actions().get(k + 1, 0));
    }
    assertThat(second.actions().get(5, 0)).isZero();

    Plan third =
        planner.plan(new float[2], goal, second.actions(), System.nanoTime() + FAR_AWAY).copy();
    assertThat(third.searched()).isFalse();
    assertThat(third.stepsSinceSearch()).isEqualTo(2);
    assertThat(third.actions().get(0, 1)).isEqualTo(first.actions().get(2, 1));

    Plan fourth = planner.plan(new float[2], goal, third.actions(), System.nanoTime() + FAR_AWAY);
    assertThat(fourth.searched()).isTrue();
    assertThat(model.calls).isGreaterThan(callsAfterSearch);

    // A cold start (no warm start, e.g. a new goal) always searches.
    int before = model.calls;
    Plan cold = planner.plan(new float[2], goal, null, System.nanoTime() + FAR_AWAY);
    assertThat(cold.searched()).isTrue();
    assertThat(model.calls).isGreaterThan(before);
  }

  @Test
  void keptElitesMakeTheBestEnergyNeverWorsenAcrossIterations() {
    double[] kept = bestPerIteration(1.0);
    double[] plain = bestPerIteration(0.0);
    for (int i = 1; i < kept.length; i++) {
      assertThat(kept[i]).isLessThanOrEqualTo(kept[i - 1]);
    }
    // Without kept elites a small population loses its best sample at some iteration.
    boolean worsened = false;
    for (int i = 1; i < plain.length; i++) {
      worsened |= plain[i] > plain[i - 1];
    }
    assertThat(worsened).isTrue();
  }

  private static double[] bestPerIteration(double keptFraction) {
    PlannerOptions options =
        PlannerOptions.builder(settings(Sampler.CEM, 8, 3, 25, 5), box2(0.1f))
            .tuning(SearchTuning.DEFAULTS.withIcem(0, keptFraction, 1))
            .build();
    return Planners.create(integrator(), options)
        .plan(new float[2], new float[] {0.3f, -0.2f}, null, System.nanoTime() + FAR_AWAY)
        .bestEnergyPerIteration();
  }

  @Test
  void keptElitesAreShiftedIntoTheNextPlansFirstIteration() {
    RecordingModel model = new RecordingModel(integrator());
    PlannerOptions options =
        PlannerOptions.builder(settings(Sampler.CEM, 16, 4, 1, 5), box2(0.1f))
            .tuning(SearchTuning.DEFAULTS.withIcem(0, 0.5, 1))
            .build();
    CemPlanner planner = (CemPlanner) Planners.create(model, options);
    float[] goal = {0.3f, 0.1f};
    Plan first = planner.plan(new float[2], goal, null, System.nanoTime() + FAR_AWAY).copy();
    // The two best samples of the first plan's only iteration, best first.
    float[][] elites = planner.carriedElites();
    assertThat(elites).hasNumberOfRows(2);

    model.firstCallActions.clear();
    planner.plan(new float[2], goal, first.actions(), System.nanoTime() + FAR_AWAY);
    float[] firstStep = model.firstCallActions.get(0);
    // Rows 14 and 15 of the second plan hold the carried elites shifted by one step: their first
    // action is the old second action.
    for (int e = 0; e < 2; e++) {
      int row = 14 + e;
      assertThat(firstStep[row * 2]).isEqualTo(elites[e][2]);
      assertThat(firstStep[row * 2 + 1]).isEqualTo(elites[e][3]);
    }
  }

  @Test
  void populationDecaysToTwiceTheElites() {
    PlannerOptions options =
        PlannerOptions.builder(settings(Sampler.CEM, 100, 10, 4, 3), box2(0.1f))
            .tuning(SearchTuning.DEFAULTS.withIcem(0, 0, 2))
            .build();
    Plan plan =
        Planners.create(integrator(), options)
            .plan(new float[2], new float[] {0.1f, 0.1f}, null, System.nanoTime() + FAR_AWAY);
    // 100, 50, 25, then max(20, 12) = 20.
    assertThat(plan.samplesEvaluated()).isEqualTo(100L + 50 + 25 + 20);
  }

  @Test
  void settingsThatDoNotFitAreRejectedWithTheValue() {
    assertThatThrownBy(
            () ->
                PlannerOptions.builder(settings(Sampler.CEM, 16, 4, 2, 10), box2(0.1f))
                    .tuning(SearchTuning.DEFAULTS.withMacroActions(3, 1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("planner.horizon: 10")
        .hasMessageContaining("actionRepeat 3");
    assertThatThrownBy(
            () ->
                PlannerOptions.builder(settings(Sampler.MPPI, 16, 4, 2, 5), box2(0.1f))
                    .tuning(SearchTuning.DEFAULTS.withIcem(2, 0, 1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mppi");
    assertThatThrownBy(() -> SearchTuning.DEFAULTS.withIcem(-1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("planner.noiseExponent: -1.0");
    assertThat(SearchTuning.DEFAULTS.withFinalStepEnergy(true).energySteps())
        .isEqualTo(GoalDistance.Steps.FINAL);
    assertThat(SearchTuning.DEFAULTS.energySteps()).isEqualTo(GoalDistance.Steps.SUM);
  }

  /** Counts predict calls. */
  private static final class CountingModel implements WorldModel {
    private final WorldModel inner;
    int calls;

    CountingModel(WorldModel inner) {
      this.inner = inner;
    }

    @Override
    public int latentSize() {
      return inner.latentSize();
    }

    @Override
    public int actionSize() {
      return inner.actionSize();
    }

    @Override
    public void encode(List<Observation> observations, float[] latentsOut) {
      inner.encode(observations, latentsOut);
    }

    @Override
    public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
      calls++;
      inner.predict(count, latents, actions, nextLatentsOut);
    }
  }

  /** Records the actions of the first predict call of each plan (the first after a clear). */
  private static final class RecordingModel implements WorldModel {
    private final WorldModel inner;
    final List<float[]> firstCallActions = new ArrayList<>();

    RecordingModel(WorldModel inner) {
      this.inner = inner;
    }

    @Override
    public int latentSize() {
      return inner.latentSize();
    }

    @Override
    public int actionSize() {
      return inner.actionSize();
    }

    @Override
    public void encode(List<Observation> observations, float[] latentsOut) {
      inner.encode(observations, latentsOut);
    }

    @Override
    public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
      if (firstCallActions.isEmpty()) {
        firstCallActions.add(java.util.Arrays.copyOf(actions, count * actionSize()));
      }
      inner.predict(count, latents, actions, nextLatentsOut);
    }
  }
}
