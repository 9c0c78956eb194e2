package dev.foresight.sim;

import dev.foresight.core.Action;
import java.util.SplittableRandom;

/**
 * The task's expert with seeded Gaussian action noise and occasional random detours, so that
 * purposeful trajectories also show recoveries and near-misses.
 */
public final class NoisyExpert implements Policy {
  /** Standard deviation of the translation noise as a fraction of the per-step bound. */
  public static final double NOISE = 0.1;

  private final Policy expert;
  private final RandomExplorer detour;
  private final SplittableRandom random;
  private int detourSteps;

  /** Wraps {@code expert}; noise and detours follow from {@code seed}. */
  public NoisyExpert(Policy expert, long seed) {
    this.expert = expert;
    this.random = new SplittableRandom(seed);
    this.detour = new RandomExplorer(random.nextLong());
  }

  @Override
  public String label() {
    return "noisy-expert";
  }

  @Override
  public Action act(Episode episode) {
    Action clean = expert.act(episode);
    if (detourSteps > 0) {
      detourSteps--;
      Action random = detour.act(episode);
      return new Action(
          random.dx(), random.dy(), random.dz(), 0, 0, random.dYaw(), clean.gripper());
    }
    if (random.nextDouble() < 0.04) {
      detourSteps = 2 + random.nextInt(5);
    }
    double t = episode.spec().maxTranslationPerStep() * NOISE;
    double r = episode.spec().maxRotationPerStep() * NOISE;
    return new Action(
        clean.dx() + t * gaussian(),
        clean.dy() + t * gaussian(),
        clean.dz() + t * gaussian(),
        0,
        0,
        clean.dYaw() + r * gaussian(),
        clean.gripper());
  }

  private double gaussian() {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }
}
