package dev.foresight.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * Distance from the predicted latent to the goal latent, per dimension weighted:
 *
 * <pre>
 *   L1:         d_k = Σ_i w_i |z_k,i − g_i|
 *   L2:         d_k = sqrt(Σ_i w_i (z_k,i − g_i)²)
 *   L2_SQUARED: d_k = Σ_i w_i (z_k,i − g_i)²
 *   E = Σ_k γ^k d_k over all horizon steps (SUM), or E = d_{H−1} (FINAL)
 * </pre>
 *
 * <p>Summing over all steps is the default: scoring only the final step lets many sequences tie
 * (every sequence that ends at the goal) and makes plans jitter. Slice weights give e.g. the
 * proprioceptive part at the end of the latent its own weight.
 */
public final class GoalDistance implements EnergyTerm {

  /** How a latent difference becomes a distance. */
  public enum Norm {
    /** Weighted sum of absolute differences. */
    L1,
    /** Weighted Euclidean distance. */
    L2,
    /** Weighted squared Euclidean distance: a quadratic energy. */
    L2_SQUARED
  }

  /** Which horizon steps are scored. */
  public enum Steps {
    /** Every step, discounted by γ^k. */
    SUM,
    /** Only the last step. */
    FINAL
  }

  private final Norm norm;
  private final Steps steps;
  private final double discount;
  private final double weight;
  private final List<double[]> slices;
  private final float[] dimensionWeights;
  private final double[] stepWeights;

  private GoalDistance(
      Norm norm, Steps steps, double discount, double weight, List<double[]> slices) {
    if (!(discount > 0 && discount <= 1)) {
      throw new IllegalArgumentException(
          "goal distance discount: " + discount + " is out of range, expected (0, 1]");
    }
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "goal distance weight: " + weight + " is out of range, expected [0, inf)");
    }
    this.norm = norm;
    this.steps = steps;
    this.discount = discount;
    this.weight = weight;
    this.slices = List.copyOf(slices);
    this.dimensionWeights = null;
    this.stepWeights = null;
  }

  private GoalDistance(GoalDistance recipe, float[] dimensionWeights, double[] stepWeights) {
    this.norm = recipe.norm;
    this.steps = recipe.steps;
    this.discount = recipe.discount;
    this.weight = recipe.weight;
    this.slices = recipe.slices;
    this.dimensionWeights = dimensionWeights;
    this.stepWeights = stepWeights;
  }

  /** {@code norm} distance to the goal over {@code steps}, undiscounted, all weights 1. */
  public static GoalDistance of(Norm norm, Steps steps) {
    return new GoalDistance(norm, steps, 1.0, 1.0, List.of());
  }

  /** The default: L1 distance summed over every horizon step. */
  public static GoalDistance l1Summed() {
    return of(Norm.L1, Steps.SUM);
  }

  /** This term with step k weighted by {@code discount^k} (only meaningful with SUM). */
  public GoalDistance discounted(double discount) {
    return new GoalDistance(norm, steps, discount, weight, slices);
  }

  /** This term scaled by {@code weight}. */
  public GoalDistance weighted(double weight) {
    return new GoalDistance(norm, steps, discount, weight, slices);
  }

  /**
   * This term with latent dimensions {@code [from, to)} weighted by {@code sliceWeight} (others
   * keep weight 1, or the weight of an earlier slice). Negative indices count from the end of the
   * latent: {@code slice(-7, 0, 2)} weights the last 7 dimensions (a proprio slice) by 2.
   */
  public GoalDistance slice(int from, int to, double sliceWeight) {
    if (!(sliceWeight >= 0) || !Double.isFinite(sliceWeight)) {
      throw new IllegalArgumentException(
          "goal distance slice weight: " + sliceWeight + " is out of range, expected [0, inf)");
    }
    List<double[]> more = new ArrayList<>(slices);
    more.add(new double[] {from, to, sliceWeight});
    return new GoalDistance(norm, steps, discount, weight, more);
  }

  /** Weights the last {@code proprioSize} latent dimensions, the proprioceptive state, by w. */
  public GoalDistance proprio(int proprioSize, double proprioWeight) {
    if (proprioSize < 1) {
      throw new IllegalArgumentException(
          "goal distance proprioSize: " + proprioSize + " is out of range, expected >= 1");
    }
    return slice(-proprioSize, 0, proprioWeight);
  }

  @Override
  public EnergyTerm bind(int latentSize, int actionSize, int horizon) {
    float[] weights = new float[latentSize];
    java.util.Arrays.fill(weights, 1f);
    for (double[] slice : slices) {
      int from = (int) slice[0];
      int to = (int) slice[1];
      int resolvedFrom = from < 0 ? latentSize + from : from;
      int resolvedTo = to < 0 || (to == 0 && from < 0) ? latentSize + to : to;
      if (resolvedFrom < 0 || resolvedTo > latentSize || resolvedFrom >= resolvedTo) {
        throw new IllegalArgumentException(
            "goal distance slice ["
                + from
                + ", "
                + to
                + ") does not fit a latent of "
                + latentSize
                + " dimensions, expected 0 <= from < to <= "
                + latentSize);
      }
      for (int i = resolvedFrom; i < resolvedTo; i++) {
        weights[i] = (float) slice[2];
      }
    }
    double[] perStep = new double[horizon];
    double factor = 1;
    for (int k = 0; k < horizon; k++) {
      perStep[k] = steps == Steps.SUM ? weight * factor : (k == horizon - 1 ? weight : 0);
      factor *= discount;
    }
    return new GoalDistance(this, weights, perStep);
  }

  @Override
  public void addStep(RolloutStep rollout, double[] energies) {
    if (stepWeights == null) {
      throw new IllegalStateException("goal distance used before bind(latentSize, …)");
    }
    double stepWeight = stepWeights[rollout.step()];
    if (stepWeight == 0) {
      return;
    }
    int size = rollout.latentSize();
    float[] latents = rollout.predictedLatents();
    float[] goal = rollout.goalLatent();
    float[] weights = dimensionWeights;
    for (int s = 0; s < rollout.count(); s++) {
      int base = s * size;
      float distance = 0;
      if (norm == Norm.L1) {
        for (int i = 0; i < size; i++) {
          distance += weights[i] * Math.abs(latents[base + i] - goal[i]);
        }
      } else {
        for (int i = 0; i < size; i++) {
          float difference = latents[base + i] - goal[i];
          distance += weights[i] * difference * difference;
        }
      }
      energies[s] += stepWeight * (norm == Norm.L2 ? Math.sqrt(distance) : distance);
    }
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder(norm.name()).append(" to goal, ");
    text.append(steps == Steps.SUM ? "summed over the horizon" : "final step");
    if (discount != 1) {
      text.append(", discount ").append(discount);
    }
    if (weight != 1) {
      text.append(", weight ").append(weight);
    }
    for (double[] slice : slices) {
      text.append(", dims [")
          .append((int) slice[0])
          .append(", ")
          .append((int) slice[1])
          .append(") x")
          .append(slice[2]);
    }
    return text.toString();
  }
}
