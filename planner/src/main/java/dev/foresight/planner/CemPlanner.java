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

  CemPlanner(WorldModel model, PlannerOptions options) {
    super(model, options);
    this.eliteCount = options.settings().elites();
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
  Plan.Status search(float[] currentLatent, long deadlineNanos, Plan plan, float[] result) {
    mean.setTo(initialMean);
    std.setTo(initialStd);
    float alpha = (float) options.smoothing();
    double bestEnergy = Double.POSITIVE_INFINITY;
    float[] data = samples.data;
    for (int iteration = 0; iteration < iterations; iteration++) {
      if (pastDeadline(deadlineNanos)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      // Sample 0 is the mean; the others are mean + σ ⊙ ε, ε ~ N(0, I).
      System.arraycopy(mean.data, 0, data, 0, sequenceSize);
      for (int s = 1; s < sampleCount; s++) {
        int row = s * sequenceSize;
        for (int j = 0; j < sequenceSize; j++) {
          float sigma = std.data[j];
          data[row + j] =
              sigma == 0 ? mean.data[j] : mean.data[j] + sigma * (float) random.nextGaussian();
        }
      }
      projectSamples();
      if (!rollout(currentLatent, deadlineNanos, plan)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      selectElites();
      int best = order[0];
      plan.recordIteration(energies[best], sampleCount);
      if (energies[best] < bestEnergy) {
        bestEnergy = energies[best];
        System.arraycopy(data, best * sequenceSize, result, 0, sequenceSize);
      }
      refit(alpha);
    }
    return Plan.Status.COMPLETED;
  }

  /** Puts the indices of the E lowest energies first in {@link #order}, ascending, stable. */
  private void selectElites() {
    for (int s = 0; s < sampleCount; s++) {
      order[s] = s;
    }
    for (int i = 0; i < eliteCount; i++) {
      int lowest = i;
      for (int j = i + 1; j < sampleCount; j++) {
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
