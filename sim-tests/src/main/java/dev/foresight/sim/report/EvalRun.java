package dev.foresight.sim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything an evaluation run (or one shard of it) produced.
 *
 * @param task task name, e.g. {@code reach}
 * @param planner planner kind: {@code learned}, {@code oracle} or {@code random}
 * @param seed base seed the episode seeds derive from
 * @param totalEpisodes episodes in the whole run, over all shards
 * @param shard which part of the run these results are
 * @param episodes results in episode order
 */
public record EvalRun(
    String task,
    String planner,
    long seed,
    int totalEpisodes,
    Shard shard,
    List<EpisodeResult> episodes) {

  /** Checks the episodes belong to the shard and are sorted by index without duplicates. */
  public EvalRun {
    episodes = List.copyOf(episodes);
    for (int i = 0; i < episodes.size(); i++) {
      EpisodeResult episode = episodes.get(i);
      if (episode.index() >= totalEpisodes || !shard.contains(episode.index())) {
        throw new IllegalArgumentException(
            "episode "
                + episode.index()
                + " does not belong to shard "
                + shard
                + " of "
                + totalEpisodes
                + " episodes");
      }
      if (i > 0 && episodes.get(i - 1).index() >= episode.index()) {
        throw new IllegalArgumentException("episodes must be sorted by index without duplicates");
      }
    }
  }

  /** The aggregate numbers of these episodes. */
  public EvalSummary summary() {
    return EvalSummary.of(episodes);
  }

  /** Indices of the episodes of this shard that have no result yet. */
  public List<Integer> missingIndices() {
    List<Integer> missing = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < totalEpisodes; i++) {
      if (!shard.contains(i)) {
        continue;
      }
      if (next < episodes.size() && episodes.get(next).index() == i) {
        next++;
      } else {
        missing.add(i);
      }
    }
    return missing;
  }

  /**
   * Joins the shards of one run into the unsharded run.
   *
   * @throws IllegalArgumentException when the parts disagree on task, planner, seed or size,
   *     overlap, or leave episodes out
   */
  public static EvalRun merge(List<EvalRun> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge: no shard results given");
    }
    EvalRun first = parts.get(0);
    List<EpisodeResult> all = new ArrayList<>();
    for (EvalRun part : parts) {
      if (!part.task.equals(first.task)
          || !part.planner.equals(first.planner)
          || part.seed != first.seed
          || part.totalEpisodes != first.totalEpisodes) {
        throw new IllegalArgumentException(
            "shard "
                + part.shard
                + " is from a different run ("
                + part.task
                + ", "
                + part.planner
                + ", seed "
                + part.seed
                + ", "
                + part.totalEpisodes
                + " episodes), expected "
                + first.task
                + ", "
                + first.planner
                + ", seed "
                + first.seed
                + ", "
                + first.totalEpisodes
                + " episodes");
      }
      all.addAll(part.episodes);
    }
    all.sort(Comparator.comparingInt(EpisodeResult::index));
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).index() != i) {
        throw new IllegalArgumentException(
            "merged shards "
                + (i < all.size() && all.get(i).index() < i ? "repeat" : "are missing")
                + " episode "
                + i
                + ", expected each of 0.."
                + (first.totalEpisodes - 1)
                + " exactly once");
      }
    }
    if (all.size() != first.totalEpisodes) {
      throw new IllegalArgumentException(
          "merged shards hold "
              + all.size()
              + " episodes, expected "
              + first.totalEpisodes
              + ": give every shard's output");
    }
    return new EvalRun(first.task, first.planner, first.seed, first.totalEpisodes, Shard.ALL, all);
  }
}
