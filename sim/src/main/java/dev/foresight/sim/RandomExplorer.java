package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.SmoothRandomWalk;

/**
 * A seeded random walk ({@link SmoothRandomWalk}) over the simulated workspace — x, y within 15 cm
 * of the centre, z 1…17 cm — at the task's step sizes, with the gripper toggled on 8% of steps.
 * Covers the state space with diverse, continuous motion.
 */
public final class RandomExplorer implements Policy {
  private static final double[] CENTRE = {0, 0, 0.09};
  private static final double[] HALF_RANGE = {0.15, 0.15, 0.08};

  private final SmoothRandomWalk walk;

  /** Creates an explorer whose choices follow from {@code seed}. */
  public RandomExplorer(long seed) {
    this.walk = new SmoothRandomWalk(seed, CENTRE, HALF_RANGE, 0.08);
  }

  @Override
  public String label() {
    return "random";
  }

  @Override
  public Action act(Episode episode) {
    TaskSpec spec = episode.spec();
    return walk.next(
        episode.world().arm().state().eePoseInBase(),
        spec.maxTranslationPerStep(),
        spec.maxRotationPerStep());
  }
}
