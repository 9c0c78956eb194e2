package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.models.LinearWorldModel;
import dev.foresight.planner.models.MlpWorldModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One contract, run against every sampler. */
class PlannerContractTest {
  private static final long FAR_AWAY = TimeUnit.HOURS.toNanos(1);

  static PlannerSettings settings(
      Sampler sampler, int samples, int elites, int iterations, int horizon, double temperature) {
    return new PlannerSettings(
        sampler, samples, elites, iterations, horizon, Duration.ofSeconds(10), 7, temperature);
  }

  /** z' = z + B a in 3-D with a well-conditioned B; actions in [-0.1, 0.1]³. */
  private static LinearWorldModel linearModel() {
    return new LinearWorldModel(3, 3, new float[] {1f, 0.2f, 0f, 0f, 0.8f, 0.1f, 0.1f, 0f, 1.2f});
  }

  private static ActionBounds box3() {
    return ActionBounds.builder(3)
        .range(0, -0.1f, 0.1f)
        .range(1, -0.1f, 0.1f)
        .range(2, -0.1f, 0.1f)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void minimisesAQuadraticEnergyToWithinTolerance(Sampler sampler) {
    LinearWorldModel model = linearModel();
    Energy quadratic =
        Energy.builder()
            .add(GoalDistance.of(GoalDistance.Norm.L2_SQUARED, GoalDistance.Steps.FINAL))
            .build();
    PlannerOptions options =
        PlannerOptions.builder(settings(sampler, 256, 25, 25, 5, 1e-4), box3())
            .energy(quadratic)
            .build();
    Planner planner = Planners.create(model, options);
    float[] start = {0f, 0f, 0f};
    float[] goal = {0.3f, -0.2f, 0.25f};
    Plan plan = planner.plan(start, goal, null, System.nanoTime() + FAR_AWAY);

    assertThat(plan.status()).isEqualTo(Plan.Status.COMPLETED);
    assertThat(plan.iterationsDone()).isEqualTo(25);
    assertThat(plan.samplesEvaluated()).isEqualTo(25L * 256);
    assertThat(plan.predictorCalls()).isEqualTo(25L * 5);
    // The optimum is 0 (the goal is reachable in 5 bounded steps); the start energy is |g|² ≈ 0.15.
    float[] end = rollOut(model, start, plan.actions());
    double squaredError = 0;
    for (int i = 0; i < 3; i++) {
      squaredError += (end[i] - goal[i]) * (end[i] - goal[i]);
    }
    assertThat(squaredError).isLessThan(1e-4);
    double[] perIteration = plan.bestEnergyPerIteration();
    assertThat(perIteration[perIteration.length - 1]).isLessThan(perIteration[0]);
    assertInBounds(options.bounds(), plan.actions());
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void stopsAtTheDeadlineWithTheBestSoFar(Sampler sampler) {
    // A fake clock that only the model advances, 1 ms per predict call: deterministic timing.
    long[] now = {0};
    WorldModel slow = new ClockedModel(linearModel(), now, TimeUnit.MILLISECONDS.toNanos(1));
    PlannerOptions options =
        PlannerOptions.builder(settings(sampler, 32, 4, 100, 5, 0.01), box3())
            .clock(() -> now[0])
            .build();
    Plan plan =
        Planners.create(slow, options)
            .plan(new float[3], new float[] {0.2f, 0f, 0f}, null, 12_000_000L);

    // Two full iterations (10 calls), then 2 calls of the third before the deadline at 12 ms.
    assertThat(plan.status()).isEqualTo(Plan.Status.DEADLINE);
    assertThat(plan.iterationsDone()).isEqualTo(2);
    assertThat(plan.predictorCalls()).isEqualTo(12);
    assertThat(plan.bestEnergy()).isFinite();
    assertInBounds(options.bounds(), plan.actions());
    assertThat(plan.actions()).isNotEqualTo(new ActionSequence(5, 3));
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aDeadlineAlreadyPassedReturnsTheShiftedWarmStartUnevaluated(Sampler sampler) {
    Planner planner =
        Planners.create(
            linearModel(),
            PlannerOptions.builder(settings(sampler, 16, 2, 3, 3, 1), box3()).build());
    ActionSequence previous =
        ActionSequence.of(3, 3, new float[] {0.01f, 0, 0, 0.02f, 0, 0, 0.5f, 0, 0});
    long past = System.nanoTime() - 1;
    Plan plan = planner.plan(new float[3], new float[3], previous, past);

    assertThat(plan.status()).isEqualTo(Plan.Status.NO_ITERATION);
    assertThat(plan.predictorCalls()).isZero();
    assertThat(plan.bestEnergy()).isNaN();
    // Shifted by one step, the tail filled with the neutral action, projected (0.5 → 0.1).
    assertThat(plan.actions())
        .isEqualTo(ActionSequence.of(3, 3, new float[] {0.02f, 0, 0, 0.1f, 0, 0, 0, 0, 0}));
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aRealClockDeadlineEndsALongSearch(Sampler sampler) {
    WorldModel sleepy = new SleepingModel(linearModel());
    Planner planner =
        Planners.create(
            sleepy, PlannerOptions.builder(settings(sampler, 8, 2, 1000, 5, 1), box3()).build());
    Plan plan =
        planner.plan(
            new float[3],
            new float[] {0.1f, 0.1f, 0.1f},
            null,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40));
    // 1000 iterations x 5 calls x 1 ms would take 5 s.
    assertThat(plan.status()).isIn(Plan.Status.DEADLINE, Plan.Status.NO_ITERATION);
    assertThat(plan.iterationsDone()).isLessThan(1000);
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void theSameSeedGivesTheSamePlan(Sampler sampler) {
    MlpWorldModel model = new MlpWorldModel(16, 4, 7, 32, 3);
    PlannerOptions options =
        PlannerOptions.forRobot(settings(sampler, 64, 8, 3, 4, 0.05), RobotProfile.DEFAULTS);
    float[] start = new float[model.latentSize()];
    float[] goal = new float[model.latentSize()];
    for (int i = 0; i < goal.length; i++) {
      goal[i] = 0.3f * (float) Math.sin(i);
    }
    long deadline = System.nanoTime() + FAR_AWAY;
    Plan first = Planners.create(model, options).plan(start, goal, null, deadline).copy();
    Plan second = Planners.create(model, options).plan(start, goal, null, deadline).copy();
    assertThat(second.actions()).isEqualTo(first.actions());
    assertThat(second.bestEnergyPerIteration()).containsExactly(first.bestEnergyPerIteration());

    PlannerSettings s = options.settings();
    PlannerSettings otherSeed =
        new PlannerSettings(
            s.sampler(),
            s.samples(),
            s.elites(),
            s.iterations(),
            s.horizon(),
            s.timeBudget(),
            8,
            s.temperature());
    Plan third =
        Planners.create(model, PlannerOptions.forRobot(otherSeed, RobotProfile.DEFAULTS))
            .plan(start, goal, null, deadline);
    assertThat(third.actions()).isNotEqualTo(first.actions());
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void warmStartIsShiftedByOneStep(Sampler sampler) {
    // One sample (the mean itself) and one iteration: the plan is exactly the shifted warm start.
    Planner planner =
        Planners.create(
            linearModel(),
            PlannerOptions.builder(settings(sampler, 1, 1, 1, 3, 1), box3()).build());
    ActionSequence previous =
        ActionSequence.of(
            3, 3, new float[] {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f, 0.09f});
    Plan plan = planner.plan(new float[3], new float[3], previous, System.nanoTime() + FAR_AWAY);
    assertThat(plan.status()).isEqualTo(Plan.Status.COMPLETED);
    float[] actual = new float[9];
    plan.actions().copyTo(actual);
    assertThat(actual)
        .containsExactly(
            new float[] {0.04f, 0.05f, 0.06f, 0.07f, 0.08f, 0.09f, 0, 0, 0},
            org.assertj.core.data.Offset.offset(1e-6f));
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void robotLimitsAndMasksHoldForEveryPlannedAction(Sampler sampler) {
    MlpWorldModel model = new MlpWorldModel(8, 0, 7, 16, 5);
    RobotProfile robot = RobotProfile.DEFAULTS;
    // Rotations masked (fixed at 0) as in a reach task.
    PlannerOptions options =
        PlannerOptions.forRobot(settings(sampler, 64, 8, 3, 4, 0.05), robot, 3, 4, 5);
    float[] goal = new float[8];
    java.util.Arrays.fill(goal, 5f);
    Plan plan =
        Planners.create(model, options)
            .plan(new float[8], goal, null, System.nanoTime() + FAR_AWAY);
    ActionSequence actions = plan.actions();
    for (int k = 0; k < actions.horizon(); k++) {
      double translation = 0;
      for (int d = 0; d < 3; d++) {
        translation += actions.get(k, d) * actions.get(k, d);
        assertThat(Math.abs(actions.get(k, d))).isLessThanOrEqualTo((float) robot.maxStepM());
      }
      assertThat(Math.sqrt(translation)).isLessThanOrEqualTo(robot.maxStepM() + 1e-6);
      assertThat(actions.get(k, 3)).isZero();
      assertThat(actions.get(k, 4)).isZero();
      assertThat(actions.get(k, 5)).isZero();
      assertThat(actions.get(k, 6))
          .isBetween((float) robot.gripperMin(), (float) robot.gripperMax());
    }
    assertThat(actions.action(0).translationNorm()).isLessThanOrEqualTo(robot.maxStepM() + 1e-6);
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aNonFiniteModelOutputNamesStepAndSample(Sampler sampler) {
    WorldModel broken = new NanModel(linearModel(), 2, 7);
    Planner planner =
        Planners.create(
            broken, PlannerOptions.builder(settings(sampler, 16, 2, 2, 4, 1), box3()).build());
    assertThatThrownBy(() -> planner.plan(new float[3], new float[3], null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("predicted NaN at horizon step 2 for sample 7 (latent index 1)");
  }

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void badInputsAreRejectedWithTheirNameAndSize(Sampler sampler) {
    Planner planner =
        Planners.create(
            linearModel(),
            PlannerOptions.builder(settings(sampler, 16, 2, 2, 4, 1), box3()).build());
    assertThatThrownBy(() -> planner.plan(new float[4], new float[3], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("currentLatent: 4 values given, expected the world model's latentSize 3");
    assertThatThrownBy(() -> planner.plan(new float[3], new float[2], null))
        .hasMessage("goalLatent: 2 values given, expected the world model's latentSize 3");
    assertThatThrownBy(() -> planner.plan(new float[3], new float[] {0, Float.NaN, 0}, null))
        .hasMessage("goalLatent[1]: NaN is not finite, expected finite values");
    assertThatThrownBy(() -> planner.plan(new float[3], new float[3], new ActionSequence(5, 3)))
        .hasMessage("warmStart: 5 steps x 3 dimensions given, expected horizon 4 x actionSize 3");
    assertThatThrownBy(
            () ->
                Planners.create(
                    linearModel(),
                    PlannerOptions.forRobot(
                        settings(sampler, 16, 2, 2, 4, 1), RobotProfile.DEFAULTS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planner: action bounds have 7 dimensions, the world model's actionSize is 3");
    assertThatThrownBy(
            () ->
                Planners.create(
                    linearModel(),
                    PlannerOptions.builder(settings(sampler, 16, 2, 2, 4, 1), box3())
                        .energy(Energy.withProprio(7, 2))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit a latent of 3 dimensions");
    assertThatThrownBy(() -> settings(sampler, 16, 2, 2, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planner.horizon: 0 is out of range, expected [1, 100] steps");
  }

  static float[] rollOut(WorldModel model, float[] start, ActionSequence actions) {
    float[] z = start.clone();
    float[] next = new float[z.length];
    float[] action = new float[actions.actionSize()];
    for (int k = 0; k < actions.horizon(); k++) {
      actions.copyAction(k, action);
      model.predict(1, z, action, next);
      System.arraycopy(next, 0, z, 0, z.length);
    }
    return z;
  }

  static void assertInBounds(ActionBounds bounds, ActionSequence actions) {
    float[] values = new float[actions.horizon() * actions.actionSize()];
    actions.copyTo(values);
    for (int k = 0; k < actions.horizon(); k++) {
      assertThat(bounds.contains(values, k * actions.actionSize(), 1e-6f))
          .as("step %d of %s within %s", k, actions, bounds)
          .isTrue();
    }
  }

  /** Delegates, then advances a fake clock. */
  private record ClockedModel(WorldModel inner, long[] now, long nanosPerCall)
      implements WorldModel {
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
      inner.predict(count, latents, actions, nextLatentsOut);
      now[0] += nanosPerCall;
    }
  }

  /** Delegates after sleeping 1 ms. */
  private record SleepingModel(WorldModel inner) implements WorldModel {
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
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inner.predict(count, latents, actions, nextLatentsOut);
    }
  }

  /** Delegates, but predicts NaN for one sample at one horizon step of the first rollout. */
  private static final class NanModel implements WorldModel {
    private final WorldModel inner;
    private final int badStep;
    private final int badSample;
    private int calls;

    NanModel(WorldModel inner, int badStep, int badSample) {
      this.inner = inner;
      this.badStep = badStep;
      this.badSample = badSample;
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
      inner.predict(count, latents, actions, nextLatentsOut);
      if (calls++ == badStep) {
        nextLatentsOut[badSample * latentSize() + 1] = Float.NaN;
      }
    }
  }
}
