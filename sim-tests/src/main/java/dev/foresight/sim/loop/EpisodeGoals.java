package dev.foresight.sim.loop;

import dev.foresight.perception.Goal;
import dev.foresight.sim.Episode;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An episode's goals as the runtime sees them: each goal picture with the arm's proprio in it (the
 * simulator rendered it with the arm there, as a lab that records the arm's pose with its goal
 * picture would know it). Remembers which episode goal each came from, for the oracle.
 */
final class EpisodeGoals {
  private final Episode episode;
  private final boolean proprioKnown;
  private final double proprioWeight;
  private final Map<Goal, Episode.Goal> sources = new IdentityHashMap<>();
  private final Map<Episode.Goal, Goal> goals = new IdentityHashMap<>();

  EpisodeGoals(Episode episode) {
    this(episode, true, Goal.PROPRIO_WEIGHT);
  }

  /**
   * @param proprioKnown whether each goal comes with the arm's proprio in it; false: the goal
   *     picture alone ({@link Goal#imageOnly}), as a lab with one goal picture has it
   * @param proprioWeight the {@linkplain Goal#withProprioWeight weight} of a known proprio
   */
  EpisodeGoals(Episode episode, boolean proprioKnown, double proprioWeight) {
    this.episode = episode;
    this.proprioKnown = proprioKnown;
    this.proprioWeight = proprioWeight;
  }

  /** The runtime goal for one of the episode's goals ({@link Episode#goals()}). */
  Goal of(Episode.Goal goal) {
    return goals.computeIfAbsent(
        goal,
        g -> {
          Goal made =
              proprioKnown
                  ? Goal.withProprio(episode.image(g.frame()), g.proprio())
                      .withProprioWeight(proprioWeight)
                  : Goal.imageOnly(episode.image(g.frame()));
          sources.put(made, g);
          return made;
        });
  }

  /** The episode goal a runtime goal was made from. */
  Episode.Goal source(Goal goal) {
    Episode.Goal source = sources.get(goal);
    if (source == null) {
      throw new IllegalArgumentException("not one of this episode's goals: " + goal);
    }
    return source;
  }
}
