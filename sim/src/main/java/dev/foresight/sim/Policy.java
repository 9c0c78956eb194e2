package dev.foresight.sim;

import dev.foresight.core.Action;

/** Chooses the next action of an episode. Stateful per episode; create one per episode. */
public interface Policy {
  /** The next action for the episode's current state. */
  Action act(Episode episode);

  /** Label written to dataset manifests (e.g. {@code expert}, {@code random}). */
  String label();
}
