package dev.foresight.planner;

import dev.foresight.core.WorldModel;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Cross-entropy method: a diagonal Gaussian per horizon step; each iteration samples N sequences
 * (sample 0 is the mean itself), projects them into the bounds, rolls them out, and refits mean and
 * standard deviation to the E lowest-energy samples (the elites):
 *
 * <pre>
 *   μ ← (1 − α) mean(elites) + α μ,   σ ← max(σ_floor, (1 − α) std(elites) + α σ)
 * </pre>
 *
 * with smoothing α. Returns the lowest-energy sequence evaluated in any iteration.
 *
 * <p>iCEM options ({@link SearchTuning}; all off by default): noise with a 1/f^β spectrum along the
 * horizon ({@link ColoredNoise}) instead of white noise; a fraction of each iteration's elites
 * carried into the next iteration's population, and the last iteration's carried into the next
 * plan's first iteration shifted by the steps executed meanwhile (tail: the initial mean); and
 * max(2E, N·γ^−i) samples at iteration i.
 */
final class CemPlanner extends SamplingPlanner {
  private final int eliteCount;
  private final FMatrixRMaj mean;
  private final FMatrixRMaj std;
  private final FMatrixRMaj initialStd;
  private final FMatrixRMaj floorStd;
  private final FMatrixRMaj elites;
  private final FMatrixRMaj eliteMean;
  private final FMatrixRMaj eliteStd;
  private final int[] order;
  private final ColoredNoise colored;
  private final int keptCount;
  private final double populationDecay;

  /** Elites carried into the next iteration or plan, keptCount × (H·A), best first. */
  private final float[] carry;

  private final float[] shiftedCarry;
  private boolean carryValid;

  CemPlanner(WorldModel model, PlannerOptions options) {
    super(model, options);
    this.eliteCount = options.settings().elites();
    SearchTuning tuning = options.tuning();
    this.colored =
        tuning.noiseExponent() > 0 ? new ColoredNoise(horizon, tuning.noiseExponent()) : null;
    this.keptCount = (int) Math.round(tuning.keptEliteFraction() * eliteCount);
    this.populationDecay = tuning.populationDecay();
    this.carry = new float[keptCount * sequenceSize];
    this.shiftedCarry = new float[keptCount * sequenceSize];
    this.mean = new FMatrixRMaj(1, sequenceSize);
    this.std = new FMatrixRMaj(1, sequenceSize);
    this.initialStd = new FMatrixRMaj(1, sequenceSize);
    this.floorStd = new FMatrixRMaj(1, sequenceSize);
    for (int k = 0; k < horizon; k++) {
      for (int d = 0; d < actionSize; d++) {
        initialStd.data[k * actionSize + d] = options.initialStd(d);
        floorStd.data[k * actionSize + d] = options.stdFloor(d);
      }
    }
    this.elites = new FMatrixRMaj(eliteCount, sequenceSize);
    this.eliteMean = new FMatrixRMaj(1, sequenceSize);
    this.eliteStd = new FMatrixRMaj(1, sequenceSize);
    this.order = new int[sampleCount];
  }

  @Override
  Plan.Status search(
      float[] currentLatent, long deadlineNanos, Plan plan, float[] result, int executedSteps) {
    mean.setTo(initialMean);
    std.setTo(initialStd);
    float alpha = (float) options.smoothing();
    double bestEnergy = Double.POSITIVE_INFINITY;
    float[] data = samples.data;
    int carried = 0;
    if (keptCount > 0 && carryValid && executedSteps >= 0) {
      shiftCarry(executedSteps);
      carried = keptCount;
    }
    carryValid = false;
    for (int iteration = 0; iteration < iterations; iteration++) {
      if (pastDeadline(deadlineNanos)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      int count = population(iteration);
      int kept = Math.min(carried, count - 1);
      int fresh = count - kept;
      // Sample 0 is the mean; the others are mean + σ ⊙ ε, ε ~ N(0, I) (or coloured).
      System.arraycopy(mean.data, 0, data, 0, sequenceSize);
      if (colored == null) {
        for (int s = 1; s < fresh; s++) {
          int row = s * sequenceSize;
          for (int j = 0; j < sequenceSize; j++) {
            float sigma = std.data[j];
            data[row + j] =
                sigma == 0 ? mean.data[j] : mean.data[j] + sigma * (float) random.nextGaussian();
          }
        }
      } else {
        sampleColored(fresh);
      }
      System.arraycopy(carry, 0, data, fresh * sequenceSize, kept * sequenceSize);
      projectSamples(count);
      if (!rollout(count, currentLatent, deadlineNanos, plan)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      selectElites(count);
      int best = order[0];
      plan.recordIteration(energies[best], count);
      if (energies[best] < bestEnergy) {
        bestEnergy = energies[best];
        System.arraycopy(data, best * sequenceSize, result, 0, sequenceSize);
      }
      refit(alpha);
      if (keptCount > 0) {
        for (int e = 0; e < keptCount; e++) {
          System.arraycopy(data, order[e] * sequenceSize, carry, e * sequenceSize, sequenceSize);
        }
        carried = keptCount;
        carryValid = true;
      }
    }
    return Plan.Status.COMPLETED;
  }

  /** The elites carried into the next plan, best first, each H·A floats (allocates; for tests). */
  float[][] carriedElites() {
    float[][] rows = new float[carryValid ? keptCount : 0][];
    for (int e = 0; e < rows.length; e++) {
      rows[e] = java.util.Arrays.copyOfRange(carry, e * sequenceSize, (e + 1) * sequenceSize);
    }
    return rows;
  }

  /** Samples at iteration i: max(2E, N·γ^−i), at most N. */
  private int population(int iteration) {
    if (populationDecay == 1) {
      return sampleCount;
    }
    int decayed = (int) Math.floor(sampleCount * Math.pow(populationDecay, -iteration));
    return Math.min(sampleCount, Math.max(Math.max(2 * eliteCount, keptCount + 1), decayed));
  }

  /** Rows 1 … fresh − 1: the mean plus σ times unit coloured noise along the horizon. */
  private void sampleColored(int fresh) {
    float[] data = samples.data;
    for (int s = 1; s < fresh; s++) {
      int row = s * sequenceSize;
      for (int d = 0; d < actionSize; d++) {
        colored.sample(random, data, row + d, actionSize);
        for (int k = 0; k < horizon; k++) {
          int j = k * actionSize + d;
          float sigma = std.data[j];
          data[row + j] = sigma == 0 ? mean.data[j] : mean.data[j] + sigma * data[row + j];
        }
      }
    }
  }

  /**
   * Shifts the carried elites by {@code executedSteps} control steps: search step k of the new plan
   * starts at old control step executedSteps + k·repeat; steps past the old horizon take the
   * initial mean.
   */
  private void shiftCarry(int executedSteps) {
    for (int e = 0; e < keptCount; e++) {
      int row = e * sequenceSize;
      for (int k = 0; k < horizon; k++) {
        int old = (executedSteps + k * repeat) / repeat;
        int to = row + k * actionSize;
        if (old < horizon) {
          System.arraycopy(carry, row + old * actionSize, shiftedCarry, to, actionSize);
        } else {
          System.arraycopy(initialMean.data, k * actionSize, shiftedCarry, to, actionSize);
        }
      }
    }
    System.arraycopy(shiftedCarry, 0, carry, 0, carry.length);
  }

  /**
   * Puts the indices of the E lowest energies among the first {@code count} samples first in {@link
   * #order}, ascending, stable.
   */
  private void selectElites(int count) {
    for (int s = 0; s < count; s++) {
      order[s] = s;
    }
    for (int i = 0; i < eliteCount; i++) {
      int lowest = i;
      for (int j = i + 1; j < count; j++) {
        double candidate = energies[order[j]];
        double current = energies[order[lowest]];
        if (candidate < current || (candidate == current && order[j] < order[lowest])) {
          lowest = j;
        }
      }
      int swap = order[i];
      order[i] = order[lowest];
      order[lowest] = swap;
    }
  }

  /** μ, σ ← smoothed elite statistics, σ floored. */
  private void refit(float alpha) {
    for (int e = 0; e < eliteCount; e++) {
      System.arraycopy(
          samples.data, order[e] * sequenceSize, elites.data, e * sequenceSize, sequenceSize);
    }
    // mean(elites) = (1/E) Σ_e row_e
    CommonOps_FDRM.sumCols(elites, eliteMean);
    CommonOps_FDRM.scale(1f / eliteCount, eliteMean);
    // std(elites) = sqrt((1/E) Σ_e (row_e − mean)²)
    CommonOps_FDRM.fill(eliteStd, 0f);
    for (int e = 0; e < eliteCount; e++) {
      int row = e * sequenceSize;
      for (int j = 0; j < sequenceSize; j++) {
        float deviation = elites.data[row + j] - eliteMean.data[j];
        eliteStd.data[j] += deviation * deviation;
      }
    }
    CommonOps_FDRM.scale(1f / eliteCount, eliteStd);
    CommonOps_FDRM.elementPower(eliteStd, 0.5f, eliteStd);
    // μ ← (1 − α) μ_elite + α μ ;  σ ← max(σ_floor, (1 − α) σ_elite + α σ)
    CommonOps_FDRM.add(1 - alpha, eliteMean, alpha, mean, mean);
    CommonOps_FDRM.add(1 - alpha, eliteStd, alpha, std, std);
    for (int j = 0; j < sequenceSize; j++) {
      std.data[j] = Math.max(std.data[j], floorStd.data[j]);
    }
  }
}
