package dev.foresight.planner;

import dev.foresight.core.WorldModel;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Model-predictive path integral control: each iteration perturbs the nominal sequence u with
 * temporally correlated Gaussian noise (sample 0 is u itself), projects the samples into the
 * bounds, rolls them out, and moves u to the temperature-weighted average of the samples:
 *
 * <pre>
 *   ε_k = β ε_{k−1} + sqrt(1 − β²) σ_i ⊙ n_k,  n_k ~ N(0, I)        (noise smoothing)
 *   σ_i = σ_0 δ^i at iteration i                                    (noise decay)
 *   w_s = exp(−(E_s − E_min) / λ) / Σ_s' exp(−(E_s' − E_min) / λ)
 *   u ← (1 − α) Σ_s w_s a_s + α u
 * </pre>
 *
 * Without the decay the nominal dithers around the optimum by about σ_0 (on a reach task it then
 * misses a 1 cm tolerance in about 10% of episodes); δ = 0.5 refines like CEM's shrinking σ. The
 * weighted average is a convex combination of projected samples, so it stays in the box and within
 * the norm limits. Returns u after the last complete iteration.
 */
final class MppiPlanner extends SamplingPlanner {
  private final FMatrixRMaj nominal;
  private final FMatrixRMaj weighted;
  private final FMatrixRMaj weights;
  private final float[] noiseStd;
  private final float[] noise;

  MppiPlanner(WorldModel model, PlannerOptions options) {
    super(model, options);
    this.nominal = new FMatrixRMaj(1, sequenceSize);
    this.weighted = new FMatrixRMaj(1, sequenceSize);
    this.weights = new FMatrixRMaj(sampleCount, 1);
    this.noiseStd = new float[actionSize];
    for (int d = 0; d < actionSize; d++) {
      noiseStd[d] = options.initialStd(d);
    }
    this.noise = new float[actionSize];
  }

  @Override
  Plan.Status search(
      float[] currentLatent, long deadlineNanos, Plan plan, float[] result, int executedSteps) {
    nominal.setTo(initialMean);
    double temperature = options.settings().temperature();
    float alpha = (float) options.smoothing();
    float beta = (float) options.noiseCorrelation();
    float innovation = (float) Math.sqrt(1 - beta * beta);
    float decay = (float) options.noiseDecay();
    float scale = 1f;
    float[] data = samples.data;
    for (int iteration = 0; iteration < iterations; iteration++) {
      if (pastDeadline(deadlineNanos)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      System.arraycopy(nominal.data, 0, data, 0, sequenceSize);
      for (int s = 1; s < sampleCount; s++) {
        int row = s * sequenceSize;
        for (int d = 0; d < actionSize; d++) {
          noise[d] = scale * noiseStd[d] * (float) random.nextGaussian();
        }
        for (int k = 0; k < horizon; k++) {
          for (int d = 0; d < actionSize; d++) {
            if (k > 0) {
              noise[d] =
                  beta * noise[d]
                      + innovation * scale * noiseStd[d] * (float) random.nextGaussian();
            }
            int j = k * actionSize + d;
            data[row + j] = nominal.data[j] + noise[d];
          }
        }
      }
      projectSamples();
      if (!rollout(currentLatent, deadlineNanos, plan)) {
        return iteration == 0 ? Plan.Status.NO_ITERATION : Plan.Status.DEADLINE;
      }
      int best = argminEnergy();
      double lowest = energies[best];
      plan.recordIteration(lowest, sampleCount);
      double total = 0;
      for (int s = 0; s < sampleCount; s++) {
        double weight = Math.exp(-(energies[s] - lowest) / temperature);
        weights.data[s] = (float) weight;
        total += weight;
      }
      CommonOps_FDRM.scale((float) (1 / total), weights);
      // Σ_s w_s a_s = wᵀ A, A the N × (H·A) sample matrix.
      CommonOps_FDRM.multTransA(weights, samples, weighted);
      CommonOps_FDRM.add(1 - alpha, weighted, alpha, nominal, nominal);
      System.arraycopy(nominal.data, 0, result, 0, sequenceSize);
      scale *= decay;
    }
    return Plan.Status.COMPLETED;
  }
}
