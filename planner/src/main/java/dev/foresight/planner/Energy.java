package dev.foresight.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The planning objective: a sum of {@link EnergyTerm}s over a rollout, lower is better. Immutable
 * recipe; {@link #bind} makes the per-planner instance that evaluates.
 *
 * <p>Default ({@link #defaults()}): {@code E = Σ_k ‖z_k − z_goal‖₁} over every horizon step.
 */
public final class Energy {
  private final List<EnergyTerm> terms;

  private Energy(List<EnergyTerm> terms) {
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("energy: no terms, expected at least one");
    }
    this.terms = List.copyOf(terms);
  }

  /** L1 distance to the goal latent summed over all horizon steps. */
  public static Energy defaults() {
    return builder().add(GoalDistance.l1Summed()).build();
  }

  /**
   * The default plus a separately weighted proprioceptive slice: the last {@code proprioSize}
   * latent dimensions count {@code proprioWeight} times (for a model that predicts proprio).
   */
  public static Energy withProprio(int proprioSize, double proprioWeight) {
    return builder().add(GoalDistance.l1Summed().proprio(proprioSize, proprioWeight)).build();
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The terms, in evaluation order. */
  public List<EnergyTerm> terms() {
    return terms;
  }

  /**
   * Checks every term against the model's sizes and returns the terms bound to them; called by a
   * planner when it is built.
   */
  EnergyTerm[] bind(int latentSize, int actionSize, int horizon) {
    EnergyTerm[] bound = new EnergyTerm[terms.size()];
    for (int t = 0; t < bound.length; t++) {
      bound[t] = terms.get(t).bind(latentSize, actionSize, horizon);
    }
    return bound;
  }

  @Override
  public String toString() {
    return terms.stream().map(EnergyTerm::describe).collect(Collectors.joining(" + "));
  }

  /** Collects terms. */
  public static final class Builder {
    private final List<EnergyTerm> terms = new ArrayList<>();

    private Builder() {}

    /** Adds a term. */
    public Builder add(EnergyTerm term) {
      if (term == null) {
        throw new IllegalArgumentException("energy: term must not be null");
      }
      terms.add(term);
      return this;
    }

    /** The energy. */
    public Energy build() {
      return new Energy(terms);
    }
  }
}
