package dev.foresight.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Runs a task's scripted expert over seeded episodes and counts successes. */
public final class ExpertEvaluation {
  private ExpertEvaluation() {}

  /**
   * Result of an evaluation.
   *
   * @param task task name
   * @param episodes episodes run
   * @param successes episodes whose success criterion held at the end
   * @param failedSeeds seeds of the failed episodes
   */
  public record Result(String task, int episodes, int successes, List<Long> failedSeeds) {
    /** Success rate in [0, 1]. */
    public double rate() {
      return episodes == 0 ? 0 : (double) successes / episodes;
    }
  }

  /**
   * Runs {@code episodes} expert episodes with seeds {@link Seeds#episodeSeed}(baseSeed, i).
   *
   * @param progress called with the number of finished episodes, or null
   */
  public static Result run(SimTask task, int episodes, long baseSeed, IntConsumer progress) {
    if (episodes < 0) {
      throw new IllegalArgumentException("episodes must be >= 0, got " + episodes);
    }
    int successes = 0;
    List<Long> failed = new ArrayList<>();
    RenderSettings render = RenderSettings.defaults().withSize(16, 16);
    for (int i = 0; i < episodes; i++) {
      long seed = Seeds.episodeSeed(baseSeed, i);
      try (Episode episode = new Episode(task, seed, render)) {
        Policy expert = episode.expert();
        while (!episode.done()) {
          episode.step(expert.act(episode));
        }
        if (episode.success()) {
          successes++;
        } else {
          failed.add(seed);
        }
      }
      if (progress != null) {
        progress.accept(i + 1);
      }
    }
    return new Result(task.spec().name(), episodes, successes, List.copyOf(failed));
  }
}
