package dev.foresight.planner.bench;

import dev.foresight.config.PlannerSettings;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Energy;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Times planning ticks for one setting: warm-up, then repeated ticks (each warm-started from the
 * previous plan, as in closed loop) for a measurement window, reporting medians.
 */
public final class PlannerBenchmark {

  /**
   * One measured setting.
   *
   * @param settings the planner settings measured
   * @param plans number of measured plans
   * @param medianMillis median wall time per plan, ms
   * @param p90Millis 90th percentile wall time per plan, ms
   * @param medianCpuMillis median CPU time of the planning thread per plan, ms: on a shared machine
   *     this is what the plan would take with the core to itself
   * @param predictorCallsPerPlan batched predict calls per plan
   * @param latentStepsPerSecond latent states predicted per second of plan wall time (median)
   * @param outsideModelFraction median fraction of a plan's time spent outside predict calls
   * @param predictorGflops median GFLOP/s inside predict calls per CPU second (the model's share of
   *     a plan's CPU time taken as its share of the wall time); NaN if the model's cost per sample
   *     is unknown
   */
  public record Row(
      PlannerSettings settings,
      int plans,
      double medianMillis,
      double p90Millis,
      double medianCpuMillis,
      double predictorCallsPerPlan,
      double latentStepsPerSecond,
      double outsideModelFraction,
      double predictorGflops) {}

  private PlannerBenchmark() {}

  /**
   * Measures {@code settings} on {@code model}.
   *
   * @param flopsPerSample floating-point operations of one sample's prediction, or a value {@code
   *     <= 0} if unknown
   * @param measure length of the measurement window (at least 5 plans are measured)
   */
  public static Row run(
      WorldModel model,
      long flopsPerSample,
      PlannerSettings settings,
      ActionBounds bounds,
      Energy energy,
      Duration measure) {
    Planner planner =
        Planners.create(model, PlannerOptions.builder(settings, bounds).energy(energy).build());
    SplittableRandom random = new SplittableRandom(settings.seed());
    float[] current = new float[model.latentSize()];
    float[] goal = new float[model.latentSize()];
    for (int i = 0; i < current.length; i++) {
      current[i] = (float) random.nextGaussian();
      goal[i] = (float) random.nextGaussian();
    }
    ActionSequence warmStart = new ActionSequence(settings.horizon(), model.actionSize());
    long far = TimeUnit.HOURS.toNanos(1);
    long window = measure.toNanos();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Warm-up counted in CPU time, so that a busy machine cannot cut the JIT's warm-up short.
    long warmUpStart = threads.getCurrentThreadCpuTime();
    int warmUps = 0;
    while (threads.getCurrentThreadCpuTime() - warmUpStart < window / 2 || warmUps < 3) {
      warmStart.copyFrom(planner.plan(current, goal, warmStart, System.nanoTime() + far).actions());
      warmUps++;
    }
    int capacity = 100_000;
    double[] millis = new double[capacity];
    double[] cpuMillis = new double[capacity];
    double[] stepsPerSecond = new double[capacity];
    double[] outside = new double[capacity];
    double[] gflops = new double[capacity];
    long calls = 0;
    int plans = 0;
    long end = System.nanoTime() + window;
    while ((System.nanoTime() < end || plans < 5) && plans < capacity) {
      long cpuBefore = threads.getCurrentThreadCpuTime();
      Plan plan = planner.plan(current, goal, warmStart, System.nanoTime() + far);
      double cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      if (plan.status() != Plan.Status.COMPLETED) {
        throw new IllegalStateException("benchmark plan did not complete: " + plan);
      }
      warmStart.copyFrom(plan.actions());
      double total = plan.totalNanos();
      millis[plans] = total / 1e6;
      cpuMillis[plans] = cpu / 1e6;
      double modelCpuNanos = cpu * plan.modelNanos() / total;
      stepsPerSecond[plans] = plan.latentSteps() / (total / 1e9);
      outside[plans] = plan.plannerNanos() / total;
      gflops[plans] =
          flopsPerSample > 0
              ? (double) flopsPerSample * plan.latentSteps() / modelCpuNanos
              : Double.NaN;
      calls += plan.predictorCalls();
      plans++;
    }
    return new Row(
        settings,
        plans,
        Stats.median(millis, plans),
        Stats.quantile(millis, plans, 0.9),
        Stats.median(cpuMillis, plans),
        (double) calls / plans,
        Stats.median(stepsPerSecond, plans),
        Stats.median(outside, plans),
        Stats.median(gflops, plans));
  }
}
