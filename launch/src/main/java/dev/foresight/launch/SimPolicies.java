package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.loop.TaskSearch;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The policies {@code sim eval} and {@code demo} can run, by name. A learned policy shares one
 * model, opened on the configured engine ({@code model.engine}), across episodes; close the
 * returned handle when done.
 */
final class SimPolicies implements AutoCloseable {
  private final Evaluation.PolicyFactory factory;
  private final LearnedWorldModel model;

  private SimPolicies(Evaluation.PolicyFactory factory, LearnedWorldModel model) {
    this.factory = factory;
    this.model = model;
  }

  /**
   * @param name {@code learned}, {@code oracle} or {@code random}
   * @param cfg the planner settings (with a seeded run's time budget, {@link
   *     LearnedPlanning#seeded}) and the model's engine
   * @param bundle bundle directory for {@code learned}
   * @param subgoals plan through each episode's subgoal images in turn (learned and oracle)
   * @throws IllegalArgumentException naming the value and the choices
   * @throws IOException when the bundle cannot be read
   */
  static SimPolicies byName(String name, ForesightConfig cfg, Path bundle, boolean subgoals)
      throws IOException {
    return byName(name, cfg, bundle, subgoals, SearchOverrides.NONE);
  }

  /**
   * As {@link #byName(String, ForesightConfig, Path, boolean)}, the learned and oracle planners
   * with the same search overrides ({@code sim eval --search}).
   */
  static SimPolicies byName(
      String name, ForesightConfig cfg, Path bundle, boolean subgoals, SearchOverrides search)
      throws IOException {
    return switch (name) {
      case "oracle" -> new SimPolicies(Evaluation.PolicyFactory.oracle(subgoals, search), null);
      case "random" -> new SimPolicies(Evaluation.PolicyFactory.random(), null);
      case "learned" -> {
        LearnedWorldModel model = WorldModels.open(bundle, cfg.model().engine(), 1);
        int proprio = model.bundle().manifest().proprioSize();
        yield new SimPolicies(
            episode ->
                new Evaluation.EpisodePolicy(
                    LearnedPlanning.policy(
                        episode,
                        search.armFree() ? LearnedPlanning.armFreeFrames(model) : model,
                        proprio,
                        cfg.planner(),
                        subgoals,
                        search),
                    () -> {}),
            model);
      }
      case "learned-energy" -> {
        LearnedWorldModel model = WorldModels.open(bundle, cfg.model().engine(), 1);
        yield overTrueDynamics(
            search.armFree() ? LearnedPlanning.armFreeFrames(model) : model,
            model.bundle().manifest().proprioSize(),
            model,
            cfg,
            subgoals,
            search);
      }
      case "moments-energy" ->
          overTrueDynamics(
              LearnedPlanning.armFreeMoments(),
              LearnedPlanning.ARM_FREE_PROPRIO,
              null,
              cfg,
              subgoals,
              search);
      case "picture-energy" ->
          overTrueDynamics(
              LearnedPlanning.armFreePictures(search.pictureSide(), search.pictureWeight(), null),
              LearnedPlanning.ARM_FREE_PROPRIO,
              null,
              cfg,
              subgoals,
              search);
      case "picture-latent-energy" -> {
        LearnedWorldModel model = WorldModels.open(bundle, cfg.model().engine(), 1);
        yield overTrueDynamics(
            LearnedPlanning.armFreePictures(search.pictureSide(), search.pictureWeight(), model),
            model.bundle().manifest().proprioSize(),
            model,
            cfg,
            subgoals,
            search);
      }
      default ->
          throw new IllegalArgumentException(
              "--planner '"
                  + name
                  + "' is not valid, expected learned, oracle, random, learned-energy,"
                  + " picture-energy, picture-latent-energy or moments-energy");
    };
  }

  /**
   * A diagnostic over the true dynamics ({@link LearnedPlanning#overTrueDynamics}): {@code encoder}
   * scores the simulator's states (its latent ends with {@code proprio} proprio values).
   *
   * @param owned the learned model to close with the policies, or null
   */
  private static SimPolicies overTrueDynamics(
      WorldModel encoder,
      int proprio,
      LearnedWorldModel owned,
      ForesightConfig cfg,
      boolean subgoals,
      SearchOverrides search) {
    return new SimPolicies(
        episode ->
            LearnedPlanning.overTrueDynamics(
                episode, encoder, proprio, cfg.planner(), subgoals, search),
        owned);
  }

  /**
   * The search a run uses: {@code given} over the task's default for {@code planner} ({@link
   * TaskSearch#of(String, String)}) when it plans straight for the final goal image; through
   * scripted subgoals (a diagnostic) the flat search it was measured with, plus {@code given}.
   */
  static SearchOverrides search(
      String task, String planner, boolean subgoals, SearchOverrides given) {
    return subgoals ? given : given.over(TaskSearch.of(task, planner));
  }

  /**
   * The bundle a task's learned planner uses: {@code --model} when given, else the config's {@code
   * model.bundle} when a config file is given, else {@code models/foresight-TASK} where the
   * repository ships one for the task, else the shared {@code models/foresight-sim}.
   */
  static Path bundle(Path option, Path configFile, ForesightConfig cfg, String task) {
    if (option != null) {
      return Home.resolve(option);
    }
    if (configFile != null) {
      return Home.resolve(cfg.model().bundle());
    }
    Path own = Home.resolve(Path.of("models", "foresight-" + task));
    return Files.isRegularFile(own.resolve("manifest.json"))
        ? own
        : Home.resolve(Path.of("models", "foresight-sim"));
  }

  /** The engine the learned model runs on, for output ({@code OnnxRuntime}), or null. */
  String engineName() {
    return model == null ? null : model.engineName();
  }

  /** Makes one policy per episode. */
  Evaluation.PolicyFactory factory() {
    return factory;
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
