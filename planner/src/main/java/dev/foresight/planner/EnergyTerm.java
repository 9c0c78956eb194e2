package dev.foresight.planner;

/**
 * One additive term of a planning {@link Energy}, evaluated step by step over a batched rollout so
 * that the planner never stores the whole rollout. Implementations must not allocate in {@link
 * #addStep}: it runs once per horizon step of every planning iteration.
 */
public interface EnergyTerm {

  /**
   * Checks the term against the model's sizes and returns the instance a planner evaluates, with
   * its size-dependent constants resolved; called once when a planner is built. Terms without such
   * constants return themselves.
   *
   * @throws IllegalArgumentException if the term does not fit, naming the bad value
   */
  default EnergyTerm bind(int latentSize, int actionSize, int horizon) {
    return this;
  }

  /**
   * Adds this term's contribution of one horizon step to each sample's energy.
   *
   * @param rollout the step: predicted latents, actions, goal. Not modified.
   * @param energies {@code rollout.count()} running energies. Modified: incremented.
   */
  void addStep(RolloutStep rollout, double[] energies);

  /** A short description for logs and bench output, e.g. {@code L1 to goal, summed}. */
  String describe();
}
