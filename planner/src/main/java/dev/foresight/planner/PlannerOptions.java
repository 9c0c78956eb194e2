package dev.foresight.planner;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.RobotProfile;
import java.util.function.LongSupplier;

/**
 * Everything a planner needs besides the world model: the config's {@link PlannerSettings}
 * (sampler, samples, elites, iterations, horizon, time budget, seed, MPPI temperature), the {@link
 * ActionBounds}, the {@link Energy} and the sampler's tuning. Immutable.
 *
 * <p>Tuning defaults (per free action dimension, with half-range r = (upper − lower) / 2): initial
 * standard deviation 0.5 r, standard deviation floor 0.02 r, smoothing 0.1 (fraction of the
 * previous mean and standard deviation kept at each refit), MPPI noise correlation 0.5 between
 * consecutive steps, warm-start shift 1 step, {@link SearchTuning#DEFAULTS} (flat search).
 */
public final class PlannerOptions {
  private final PlannerSettings settings;
  private final ActionBounds bounds;
  private final Energy energy;
  private final float[] initialStd;
  private final float[] stdFloor;
  private final double smoothing;
  private final double noiseCorrelation;
  private final double noiseDecay;
  private final int warmStartShift;
  private final SearchTuning tuning;
  private final LongSupplier clock;

  private PlannerOptions(Builder builder) {
    this.settings = builder.settings;
    this.bounds = builder.bounds;
    this.energy = builder.energy;
    int size = bounds.actionSize();
    this.initialStd = new float[size];
    this.stdFloor = new float[size];
    for (int d = 0; d < size; d++) {
      float halfRange = (bounds.upper(d) - bounds.lower(d)) / 2;
      boolean bounded = Float.isFinite(halfRange) && halfRange < 1e30f;
      if (bounds.isFixed(d)) {
        continue;
      }
      if (builder.initialStd != null) {
        initialStd[d] = builder.initialStd[d];
      } else if (bounded) {
        initialStd[d] = 0.5f * halfRange;
      } else {
        throw new IllegalArgumentException(
            "planner: action dimension "
                + d
                + " is unbounded, so the initial standard deviation must be given");
      }
      stdFloor[d] =
          builder.stdFloor != null ? builder.stdFloor[d] : bounded ? 0.02f * halfRange : 0f;
    }
    this.smoothing = builder.smoothing;
    this.noiseCorrelation = builder.noiseCorrelation;
    this.noiseDecay = builder.noiseDecay;
    this.warmStartShift = builder.warmStartShift;
    this.tuning = builder.tuning;
    this.clock = builder.clock;
    int horizon = settings.horizon();
    if (horizon % tuning.actionRepeat() != 0) {
      throw new IllegalArgumentException(
          "planner.horizon: "
              + horizon
              + " control steps is not a multiple of planner.actionRepeat "
              + tuning.actionRepeat()
              + ", expected macro-steps of actionRepeat steps each");
    }
    if (tuning.executeSteps() > horizon) {
      throw new IllegalArgumentException(
          "planner.executeSteps: "
              + tuning.executeSteps()
              + " exceeds planner.horizon "
              + horizon
              + ", expected at most the planned steps");
    }
    if (tuning.icem() && settings.sampler() != PlannerSettings.Sampler.CEM) {
      throw new IllegalArgumentException(
          "planner: noiseExponent, keptEliteFraction and populationDecay need sampler cem, got "
              + settings.sampler().configName());
    }
  }

  /**
   * Options for a 7-D end-effector action model: bounds from {@code robot} with the dimensions in
   * {@code fixedDimensions} fixed at 0 (e.g. rotations in a reach task), the default energy.
   */
  public static PlannerOptions forRobot(
      PlannerSettings settings, RobotProfile robot, int... fixedDimensions) {
    ActionBounds.Builder bounds = ActionBounds.forRobot(robot);
    for (int dimension : fixedDimensions) {
      bounds.fix(dimension, 0f);
    }
    return builder(settings, bounds.build()).build();
  }

  /** A builder with the default energy and tuning. */
  public static Builder builder(PlannerSettings settings, ActionBounds bounds) {
    return new Builder(settings, bounds);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return toBuilder(settings);
  }

  /** A builder starting from these options with other search settings (e.g. another horizon). */
  public Builder toBuilder(PlannerSettings settings) {
    Builder builder = new Builder(settings, bounds);
    builder.energy = energy;
    builder.initialStd = initialStd.clone();
    builder.stdFloor = stdFloor.clone();
    builder.smoothing = smoothing;
    builder.noiseCorrelation = noiseCorrelation;
    builder.noiseDecay = noiseDecay;
    builder.warmStartShift = warmStartShift;
    builder.tuning = tuning;
    builder.clock = clock;
    return builder;
  }

  /** Sampler, sizes, budget, seed, temperature. */
  public PlannerSettings settings() {
    return settings;
  }

  /** Action box, fixed dimensions, norm limits. */
  public ActionBounds bounds() {
    return bounds;
  }

  /** The objective. */
  public Energy energy() {
    return energy;
  }

  /** Initial sampling standard deviation of action dimension {@code d} (0 if fixed). */
  public float initialStd(int d) {
    return initialStd[d];
  }

  /** Lowest CEM standard deviation of action dimension {@code d} (0 if fixed). */
  public float stdFloor(int d) {
    return stdFloor[d];
  }

  /** Fraction of the previous mean (and CEM standard deviation) kept at each refit, [0, 1). */
  public double smoothing() {
    return smoothing;
  }

  /** MPPI: correlation of the sampling noise between consecutive steps, [0, 1). */
  public double noiseCorrelation() {
    return noiseCorrelation;
  }

  /** MPPI: factor applied to the noise standard deviation after each iteration, (0, 1]. */
  public double noiseDecay() {
    return noiseDecay;
  }

  /** Steps the warm start is shifted by: the number of actions executed since it was planned. */
  public int warmStartShift() {
    return warmStartShift;
  }

  /** Macro-actions, receding execution, iCEM sampling, energy steps. */
  public SearchTuning tuning() {
    return tuning;
  }

  /** Control steps per macro-step: each planned action is held this many steps. */
  public int actionRepeat() {
    return tuning.actionRepeat();
  }

  /** The clock deadlines refer to, nanoseconds. */
  public LongSupplier clock() {
    return clock;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%s samples=%d elites=%d iterations=%d horizon=%d budget=%dms seed=%d temperature=%s"
            + " smoothing=%s energy=%s%s",
        settings.sampler().configName(),
        settings.samples(),
        settings.elites(),
        settings.iterations(),
        settings.horizon(),
        settings.timeBudget().toMillis(),
        settings.seed(),
        settings.temperature(),
        smoothing,
        energy,
        tuning.equals(SearchTuning.DEFAULTS) ? "" : " " + tuning);
  }

  /** Builds {@link PlannerOptions}; each setter checks its value. */
  public static final class Builder {
    private final PlannerSettings settings;
    private final ActionBounds bounds;
    private Energy energy = Energy.defaults();
    private float[] initialStd;
    private float[] stdFloor;
    private double smoothing = 0.1;
    private double noiseCorrelation = 0.5;
    private double noiseDecay = 0.5;
    private int warmStartShift = 1;
    private SearchTuning tuning = SearchTuning.DEFAULTS;
    private LongSupplier clock = System::nanoTime;

    private Builder(PlannerSettings settings, ActionBounds bounds) {
      if (settings == null || bounds == null) {
        throw new IllegalArgumentException("planner: settings and bounds must be given");
      }
      this.settings = settings;
      this.bounds = bounds;
    }

    /** The objective (default: L1 to the goal summed over the horizon). */
    public Builder energy(Energy energy) {
      if (energy == null) {
        throw new IllegalArgumentException("planner: energy must not be null");
      }
      this.energy = energy;
      return this;
    }

    /** Initial sampling standard deviation per action dimension. */
    public Builder initialStd(float... std) {
      this.initialStd = checkStd("initialStd", std);
      return this;
    }

    /** CEM standard deviation floor per action dimension. */
    public Builder stdFloor(float... std) {
      this.stdFloor = checkStd("stdFloor", std);
      return this;
    }

    /** Fraction of the previous mean/std kept at each refit, in [0, 1). */
    public Builder smoothing(double smoothing) {
      if (!(smoothing >= 0 && smoothing < 1)) {
        throw new IllegalArgumentException(
            "planner.smoothing: " + smoothing + " is out of range, expected [0, 1)");
      }
      this.smoothing = smoothing;
      return this;
    }

    /** MPPI noise correlation between consecutive steps, in [0, 1). */
    public Builder noiseCorrelation(double correlation) {
      if (!(correlation >= 0 && correlation < 1)) {
        throw new IllegalArgumentException(
            "planner.noiseCorrelation: " + correlation + " is out of range, expected [0, 1)");
      }
      this.noiseCorrelation = correlation;
      return this;
    }

    /** MPPI noise decay per iteration, in (0, 1]; 1 keeps the noise constant. */
    public Builder noiseDecay(double decay) {
      if (!(decay > 0 && decay <= 1)) {
        throw new IllegalArgumentException(
            "planner.noiseDecay: " + decay + " is out of range, expected (0, 1]");
      }
      this.noiseDecay = decay;
      return this;
    }

    /** Steps to shift the warm start by (0 if the caller passes an already shifted sequence). */
    public Builder warmStartShift(int steps) {
      if (steps < 0 || steps > settings.horizon()) {
        throw new IllegalArgumentException(
            "planner.warmStartShift: "
                + steps
                + " is out of range, expected [0, "
                + settings.horizon()
                + "] steps");
      }
      this.warmStartShift = steps;
      return this;
    }

    /** Macro-actions, receding execution, iCEM sampling (default {@link SearchTuning#DEFAULTS}). */
    public Builder tuning(SearchTuning tuning) {
      if (tuning == null) {
        throw new IllegalArgumentException("planner: tuning must not be null");
      }
      this.tuning = tuning;
      return this;
    }

    /** The clock deadlines refer to (default {@link System#nanoTime()}); for tests. */
    public Builder clock(LongSupplier clock) {
      if (clock == null) {
        throw new IllegalArgumentException("planner: clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /** The options. */
    public PlannerOptions build() {
      return new PlannerOptions(this);
    }

    private float[] checkStd(String name, float[] std) {
      if (std.length != bounds.actionSize()) {
        throw new IllegalArgumentException(
            "planner."
                + name
                + ": "
                + std.length
                + " values given, expected one per action dimension ("
                + bounds.actionSize()
                + ")");
      }
      for (int d = 0; d < std.length; d++) {
        if (!(std[d] >= 0) || !Float.isFinite(std[d])) {
          throw new IllegalArgumentException(
              "planner." + name + "[" + d + "]: " + std[d] + " is out of range, expected [0, inf)");
        }
      }
      return std.clone();
    }
  }
}
