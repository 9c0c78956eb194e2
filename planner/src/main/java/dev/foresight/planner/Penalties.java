package dev.foresight.planner;

/**
 * Energy terms that shape the actions and keep the predicted state in bounds, to add to a goal
 * distance with {@link Energy.Builder#add}.
 */
public final class Penalties {
  private Penalties() {}

  /** {@code E += weight Σ_k Σ_d a_k,d²}: prefers small actions (effort). */
  public static EnergyTerm actionMagnitude(double weight) {
    return new ActionMagnitude(requireWeight("action magnitude", weight));
  }

  /**
   * {@code E += weight Σ_{k≥1} Σ_d (a_k,d − a_{k−1},d)²}: prefers smooth sequences (no chatter).
   */
  public static EnergyTerm actionSmoothness(double weight) {
    return new ActionSmoothness(requireWeight("action smoothness", weight));
  }

  /**
   * {@code E += weight Σ_k Σ_i max(0, lower_i − z_k,i, z_k,i − upper_i)}: penalises predicted
   * latents that leave a box, e.g. a proprioceptive end-effector position outside the workspace.
   *
   * @param from first latent index of the box; negative counts from the end of the latent
   * @param lower lower bounds of dimensions {@code from … from + lower.length − 1}. Copied.
   * @param upper upper bounds, same length. Copied.
   */
  public static EnergyTerm latentBox(int from, float[] lower, float[] upper, double weight) {
    if (lower.length != upper.length || lower.length == 0) {
      throw new IllegalArgumentException(
          "latent box: lower has "
              + lower.length
              + " values and upper "
              + upper.length
              + ", expected the same non-zero count");
    }
    for (int i = 0; i < lower.length; i++) {
      if (!(lower[i] <= upper[i])) {
        throw new IllegalArgumentException(
            "latent box: dimension "
                + i
                + " has lower "
                + lower[i]
                + " above upper "
                + upper[i]
                + ", expected lower <= upper");
      }
    }
    return new LatentBox(from, lower.clone(), upper.clone(), requireWeight("latent box", weight));
  }

  private static double requireWeight(String name, double weight) {
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          name + " weight: " + weight + " is out of range, expected [0, inf)");
    }
    return weight;
  }

  private record ActionMagnitude(double weight) implements EnergyTerm {
    @Override
    public void addStep(RolloutStep rollout, double[] energies) {
      float[] actions = rollout.actions();
      int size = rollout.actionSize();
      for (int s = 0; s < rollout.count(); s++) {
        float sum = 0;
        for (int d = 0; d < size; d++) {
          float value = actions[s * size + d];
          sum += value * value;
        }
        energies[s] += weight * sum;
      }
    }

    @Override
    public String describe() {
      return "action magnitude x" + weight;
    }
  }

  private record ActionSmoothness(double weight) implements EnergyTerm {
    @Override
    public void addStep(RolloutStep rollout, double[] energies) {
      float[] previous = rollout.previousActions();
      if (previous == null) {
        return;
      }
      float[] actions = rollout.actions();
      int size = rollout.actionSize();
      for (int s = 0; s < rollout.count(); s++) {
        float sum = 0;
        for (int d = 0; d < size; d++) {
          float change = actions[s * size + d] - previous[s * size + d];
          sum += change * change;
        }
        energies[s] += weight * sum;
      }
    }

    @Override
    public String describe() {
      return "action smoothness x" + weight;
    }
  }

  private static final class LatentBox implements EnergyTerm {
    private final int from;
    private final float[] lower;
    private final float[] upper;
    private final double weight;
    private final int start;

    LatentBox(int from, float[] lower, float[] upper, double weight) {
      this(from, lower, upper, weight, -1);
    }

    private LatentBox(int from, float[] lower, float[] upper, double weight, int start) {
      this.from = from;
      this.lower = lower;
      this.upper = upper;
      this.weight = weight;
      this.start = start;
    }

    @Override
    public EnergyTerm bind(int latentSize, int actionSize, int horizon) {
      int start = from < 0 ? latentSize + from : from;
      if (start < 0 || start + lower.length > latentSize) {
        throw new IllegalArgumentException(
            "latent box: "
                + lower.length
                + " dimensions from index "
                + from
                + " do not fit a latent of "
                + latentSize
                + " dimensions");
      }
      return new LatentBox(from, lower, upper, weight, start);
    }

    @Override
    public void addStep(RolloutStep rollout, double[] energies) {
      if (start < 0) {
        throw new IllegalStateException("latent box used before bind(latentSize, …)");
      }
      float[] latents = rollout.predictedLatents();
      int size = rollout.latentSize();
      for (int s = 0; s < rollout.count(); s++) {
        int base = s * size + start;
        float violation = 0;
        for (int i = 0; i < lower.length; i++) {
          float value = latents[base + i];
          violation += Math.max(0, Math.max(lower[i] - value, value - upper[i]));
        }
        energies[s] += weight * violation;
      }
    }

    @Override
    public String describe() {
      return "latent box [" + from + ", +" + lower.length + ") x" + weight;
    }
  }
}
