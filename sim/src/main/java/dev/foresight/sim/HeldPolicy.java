package dev.foresight.sim;

import dev.foresight.core.Action;

/**
 * A policy whose every chosen action is held for {@code k} control steps: the data a frameskip-k
 * world model is asked about when the planner holds each macro-action ({@code sim record --hold}).
 */
final class HeldPolicy implements Policy {
  private final Policy inner;
  private final int hold;
  private Action held;
  private int steps;

  private HeldPolicy(Policy inner, int hold) {
    this.inner = inner;
    this.hold = hold;
  }

  /**
   * {@code inner} itself for {@code hold == 1}, else it with each action held {@code hold} steps.
   */
  static Policy of(Policy inner, int hold) {
    if (hold < 1) {
      throw new IllegalArgumentException("hold " + hold + " is out of range, expected >= 1");
    }
    return hold == 1 ? inner : new HeldPolicy(inner, hold);
  }

  @Override
  public Action act(Episode episode) {
    if (steps++ % hold == 0) {
      held = inner.act(episode);
    }
    return held;
  }

  @Override
  public String label() {
    return inner.label() + "-hold" + hold;
  }
}
