package dev.foresight.sim.loop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each simulated task's default search, chosen by measurement ({@code
 * docs/long-horizon-experiments.md}); {@code demo}, {@code sim eval} and {@code run --frames sim}
 * plan with it, {@code sim eval --search} overrides it key by key. The learned model and the oracle
 * share it ({@link #of(String)}), except that the learned model plans push-t through subgoals
 * ({@link #of(String, String)}); {@code sim eval --with-oracle} runs the oracle at the learned
 * model's settings, so their rates still compare at one setting. The task definitions themselves
 * (success criteria, thresholds, step limits) are not planner settings and never change here.
 *
 * <ul>
 *   <li>{@code reach}: the flat planner (one action per step, replanned every step): one greedy
 *       slide reaches the target. The goal is the arm's own pose, so a known goal proprio counts
 *       ×20 instead of ×4 ({@code proprio-weight=20}): on 100 episodes of base seed 1000 the
 *       learned model reached 96, 97, 98, 100 and 100 with weights 4, 8, 12, 20 and 40.
 *   <li>{@code push-t}: 25 control steps of look-ahead as 5 macro-steps of one action held 5 steps,
 *       5 actions executed per search, iCEM (β = 2 coloured noise, 30% of the elites kept) with 64
 *       samples × 5 iterations: the oracle 19 of 20 where the flat default got 3 of 20. The learned
 *       model plans it in two levels ({@code subgoal=15 subgoal-horizon=60}: every 15 control steps
 *       a coarse search of four waypoints held 15 steps each sets the subgoal the search above aims
 *       at): 70 of 300 episodes (base seeds 0, 100 and 200) where the same search straight for the
 *       goal got 44 of 300; the oracle does worse through them (2 of its first 4 episodes, where it
 *       solves 92 of 100 straight for the goal).
 *   <li>{@code pick-place}: the same over 50 control steps with the goal distance on the final step
 *       only (a grasp is a detour that a summed distance punishes): the oracle 13 of 20 where the
 *       flat default got 0 of 20.
 * </ul>
 */
public final class TaskSearch {
  private static final Map<String, String> LONG_HORIZON =
      Map.of(
          "samples", "64",
          "elites", "8",
          "iterations", "5",
          "horizon", "25",
          "repeat", "5",
          "execute", "5",
          "beta", "2",
          "keep", "0.3");

  private TaskSearch() {}

  /** The default search of {@code task} ({@link SearchOverrides#NONE} for none). */
  public static SearchOverrides of(String task) {
    return switch (task) {
      case "push-t" -> SearchOverrides.parse(ordered(LONG_HORIZON, Map.of()));
      case "pick-place" ->
          SearchOverrides.parse(ordered(LONG_HORIZON, Map.of("horizon", "50", "energy", "final")));
      case "reach" -> SearchOverrides.parse(Map.of("proprio-weight", "20"));
      default -> SearchOverrides.NONE;
    };
  }

  /**
   * The default search of {@code task} for {@code planner} ({@code learned}, {@code oracle}, …):
   * {@link #of(String)}, through subgoals for the learned model on push-t.
   */
  public static SearchOverrides of(String task, String planner) {
    if (planner.equals("learned") && task.equals("push-t")) {
      return SearchOverrides.parse(
          ordered(LONG_HORIZON, Map.of("subgoal", "15", "subgoal-horizon", "60")));
    }
    return of(task);
  }

  private static Map<String, String> ordered(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : SearchOverrides.KEYS) {
      String value = extra.containsKey(key) ? extra.get(key) : base.get(key);
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }
}
