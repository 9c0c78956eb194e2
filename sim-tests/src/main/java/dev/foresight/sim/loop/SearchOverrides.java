package dev.foresight.sim.loop;

import dev.foresight.config.PlannerSettings;
import dev.foresight.perception.Goal;
import dev.foresight.planner.SearchTuning;
import dev.foresight.sim.OracleWorldModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search settings given on the command line ({@code sim eval --search KEY=VALUE}) over a policy's
 * defaults, so that the learned model and the oracle run the same planner at the same settings.
 * Empty overrides change nothing.
 *
 * <p>Keys: {@code sampler} (cem, mppi), {@code samples}, {@code elites}, {@code iterations}, {@code
 * horizon} (control steps), {@code budget} (milliseconds per search), {@code repeat} (control steps
 * per macro-action), {@code execute} (actions executed per search), {@code beta} (coloured-noise
 * exponent), {@code keep} (fraction of elites kept), {@code decay} (population decay γ), {@code
 * energy} (summed, final), {@code subgoal} (control steps per high-level macro-action; 0: flat, the
 * subgoal horizon then unused) and {@code subgoal-horizon} (the high level's look-ahead, control
 * steps; default four macro-actions), {@code goal} (proprio, image: what a goal picture comes
 * with), and for the oracle's prediction worlds {@code oracle-threads}, {@code oracle-substeps},
 * {@code oracle-solver}.
 */
public final class SearchOverrides {
  /** The keys {@link #parse} accepts. */
  public static final List<String> KEYS =
      List.of(
          "sampler",
          "samples",
          "elites",
          "iterations",
          "horizon",
          "budget",
          "repeat",
          "execute",
          "beta",
          "keep",
          "decay",
          "energy",
          "subgoal",
          "subgoal-horizon",
          "goal",
          "proprio-weight",
          "oracle-threads",
          "oracle-substeps",
          "oracle-solver",
          "picture",
          "picture-side",
          "arm-free");

  /** No overrides. */
  public static final SearchOverrides NONE = new SearchOverrides(Map.of());

  private final Map<String, String> values;

  private SearchOverrides(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Checks the keys and values.
   *
   * @throws IllegalArgumentException naming the key, the value and what was expected
   */
  public static SearchOverrides parse(Map<String, String> given) {
    if (given == null || given.isEmpty()) {
      return NONE;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : given.entrySet()) {
      String key = entry.getKey().trim().toLowerCase(Locale.ROOT);
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "--search " + entry.getKey() + ": unknown key, expected one of " + KEYS);
      }
      values.put(key, entry.getValue().trim());
    }
    SearchOverrides overrides = new SearchOverrides(values);
    overrides.tuning();
    overrides.goalProprioKnown();
    overrides.goalProprioWeight();
    overrides.oracle();
    overrides.pictureWeight();
    overrides.pictureSide();
    overrides.armFree();
    overrides.apply(PlannerSettings.DEFAULTS);
    return overrides;
  }

  /**
   * These overrides on top of {@code defaults}: every key of either, this one's value where both
   * give one (e.g. {@code sim eval --search} over a task's {@link TaskSearch defaults}).
   */
  public SearchOverrides over(SearchOverrides defaults) {
    if (defaults.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults.values);
    merged.putAll(values);
    return parse(merged);
  }

  /** Whether nothing is overridden. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** {@code base} with the overridden sampler, samples, elites, iterations and horizon. */
  public PlannerSettings apply(PlannerSettings base) {
    PlannerSettings.Sampler sampler = base.sampler();
    if (values.containsKey("sampler")) {
      String name = values.get("sampler");
      sampler =
          switch (name.toLowerCase(Locale.ROOT)) {
            case "cem" -> PlannerSettings.Sampler.CEM;
            case "mppi" -> PlannerSettings.Sampler.MPPI;
            default ->
                throw new IllegalArgumentException(
                    "--search sampler=" + name + ": expected cem or mppi");
          };
    }
    int samples = integer("samples", base.samples());
    int elites = integer("elites", Math.min(base.elites(), samples));
    return new PlannerSettings(
        sampler,
        samples,
        elites,
        integer("iterations", base.iterations()),
        integer("horizon", base.horizon()),
        values.containsKey("budget")
            ? java.time.Duration.ofMillis(integer("budget", 0))
            : base.timeBudget(),
        base.seed(),
        base.temperature());
  }

  /** The long-horizon options ({@link SearchTuning#DEFAULTS} where not given). */
  public SearchTuning tuning() {
    String energy = values.getOrDefault("energy", "summed");
    if (!energy.equals("summed") && !energy.equals("final")) {
      throw new IllegalArgumentException(
          "--search energy=" + energy + ": expected summed or final");
    }
    SearchTuning defaults = SearchTuning.DEFAULTS;
    int subgoal = integer("subgoal", 0);
    // subgoal=0 plans flat: a task default's subgoal-horizon is then unused.
    int subgoalHorizon = subgoal == 0 ? 0 : integer("subgoal-horizon", 4 * subgoal);
    return new SearchTuning(
        integer("repeat", defaults.actionRepeat()),
        integer("execute", defaults.executeSteps()),
        real("beta", defaults.noiseExponent()),
        real("keep", defaults.keptEliteFraction()),
        real("decay", defaults.populationDecay()),
        energy.equals("final"),
        subgoal,
        subgoalHorizon);
  }

  /**
   * Whether each goal picture comes with the arm's proprio in it ({@code goal=proprio}, the
   * default: the simulator knows where it rendered the arm) or is the picture alone ({@code
   * goal=image}: as a lab with one goal picture has it; the learned energy then ignores the
   * latent's proprio slice). The oracle's true state distance does not use it.
   */
  public boolean goalProprioKnown() {
    String goal = values.getOrDefault("goal", "proprio");
    if (!goal.equals("proprio") && !goal.equals("image")) {
      throw new IllegalArgumentException("--search goal=" + goal + ": expected proprio or image");
    }
    return goal.equals("proprio");
  }

  /**
   * Weight of the arm-free picture distance in the {@code picture-energy} diagnostic ({@code
   * picture=W}, default 1), beside the learned latent distance when a model is given.
   */
  public double pictureWeight() {
    double weight = real("picture", 1.0);
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "--search picture=" + values.get("picture") + ": expected a weight >= 0");
    }
    return weight;
  }

  /**
   * Weight of the goal's proprio slice in the learned energy when the goal's proprio is known
   * ({@code proprio-weight=W}, default {@link Goal#PROPRIO_WEIGHT}; reach's task default is higher,
   * {@link TaskSearch}).
   */
  public double goalProprioWeight() {
    double weight = real("proprio-weight", Goal.PROPRIO_WEIGHT);
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "--search proprio-weight=" + values.get("proprio-weight") + ": expected a weight >= 0");
    }
    return weight;
  }

  /**
   * Side of the pooled arm-free picture in the picture diagnostics ({@code picture-side=S}, default
   * 32).
   */
  public int pictureSide() {
    int side = integer("picture-side", 32);
    if (side < 1 || 64 % side != 0) {
      throw new IllegalArgumentException(
          "--search picture-side=" + side + ": expected a divisor of the 64-pixel frame side");
    }
    return side;
  }

  /**
   * Whether the learned model's encoder sees frames with the arm painted out ({@code
   * arm-free=true}: for a model trained on such frames; experimental, default false).
   */
  public boolean armFree() {
    String text = values.getOrDefault("arm-free", "false");
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException("--search arm-free=" + text + ": expected true or false");
    }
    return text.equals("true");
  }

  /** How the oracle's prediction worlds step ({@link OracleWorldModel.Settings#EXACT} default). */
  public OracleWorldModel.Settings oracle() {
    return new OracleWorldModel.Settings(
        integer("oracle-threads", 1), integer("oracle-substeps", 0), integer("oracle-solver", 0));
  }

  private int integer(String key, int fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--search " + key + "=" + text + ": expected an integer");
    }
  }

  private double real(String key, double fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--search " + key + "=" + text + ": expected a number");
    }
  }

  /** Keys only the learned energy reads: the oracle's true state distance ignores them. */
  static final java.util.Set<String> LEARNED_ENERGY_KEYS =
      java.util.Set.of("proprio-weight", "picture", "picture-side", "arm-free");

  /**
   * The settings a {@code planner} run uses, as {@link #toString()} writes them: without the keys
   * of the learned energy for the oracle and random actions, which do not read them.
   */
  public String label(String planner) {
    if (!planner.equals("oracle") && !planner.equals("random")) {
      return toString();
    }
    Map<String, String> used = new LinkedHashMap<>(values);
    used.keySet().removeAll(LEARNED_ENERGY_KEYS);
    return new SearchOverrides(used).toString();
  }

  /** {@code key=value} pairs in the given order, space-separated; empty when none. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    values.forEach(
        (key, value) ->
            text.append(text.isEmpty() ? "" : " ").append(key).append('=').append(value));
    return text.toString();
  }
}
