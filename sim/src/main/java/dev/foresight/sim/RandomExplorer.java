package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.util.SplittableRandom;

/**
 * A seeded random walk: smoothly varying end-effector velocity (an Ornstein-Uhlenbeck-like
 * process), pulled back toward the middle of the workspace near its edges, with random gripper
 * toggles. Covers the state space with diverse, continuous motion.
 */
public final class RandomExplorer implements Policy {
  private final SplittableRandom random;
  private final double[] velocity = new double[4];
  private double gripper;

  /** Creates an explorer whose choices follow from {@code seed}. */
  public RandomExplorer(long seed) {
    this.random = new SplittableRandom(seed);
    gripper = random.nextBoolean() ? 0 : 1;
  }

  @Override
  public String label() {
    return "random";
  }

  @Override
  public Action act(Episode episode) {
    TaskSpec spec = episode.spec();
    double t = spec.maxTranslationPerStep();
    Pose ee = episode.world().arm().state().eePoseInBase();
    double[] position = {ee.x(), ee.y(), ee.z()};
    double[] centre = {0, 0, 0.09};
    double[] halfRange = {0.15, 0.15, 0.08};
    for (int i = 0; i < 3; i++) {
      double gaussian = gaussian();
      velocity[i] = 0.75 * velocity[i] + 0.5 * t * gaussian;
      double excess = (position[i] - centre[i]) / halfRange[i];
      if (Math.abs(excess) > 1) {
        velocity[i] -= 0.5 * t * Math.signum(excess);
      }
    }
    velocity[3] = 0.75 * velocity[3] + 0.5 * spec.maxRotationPerStep() * gaussian();
    if (Math.abs(ee.yaw()) > Math.PI / 2) {
      velocity[3] -= 0.3 * spec.maxRotationPerStep() * Math.signum(ee.yaw());
    }
    if (random.nextDouble() < 0.08) {
      gripper = 1 - gripper;
    }
    return new Action(velocity[0], velocity[1], velocity[2], 0, 0, velocity[3], gripper);
  }

  private double gaussian() {
    // Box-Muller with StrictMath: identical on every JVM.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }
}
