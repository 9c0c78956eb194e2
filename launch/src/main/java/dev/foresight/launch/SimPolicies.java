package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The policies {@code sim eval} and {@code demo} can run, by name. A learned policy shares one
 * loaded model across episodes; close the returned handle when done.
 */
final class SimPolicies implements AutoCloseable {
  /** Weight of the proprioceptive slice of the learned latent in the planner's energy. */
  static final double PROPRIO_WEIGHT = 4.0;

  private final Evaluation.PolicyFactory factory;
  private final LearnedWorldModel model;

  private SimPolicies(Evaluation.PolicyFactory factory, LearnedWorldModel model) {
    this.factory = factory;
    this.model = model;
  }

  /**
   * @param name {@code learned}, {@code oracle} or {@code random}
   * @param bundle bundle directory for {@code learned}
   * @throws IllegalArgumentException naming the value and the choices
   * @throws IOException when the bundle cannot be read
   */
  static SimPolicies byName(String name, Path bundle) throws IOException {
    return byName(name, bundle, false);
  }

  /**
   * @param subgoals plan through each episode's subgoal images in turn (learned and oracle)
   */
  static SimPolicies byName(String name, Path bundle, boolean subgoals) throws IOException {
    return switch (name) {
      case "oracle" -> new SimPolicies(Evaluation.PolicyFactory.oracle(subgoals), null);
      case "random" -> new SimPolicies(Evaluation.PolicyFactory.random(), null);
      case "learned" -> {
        LearnedWorldModel model = WorldModels.open(bundle, ModelSettings.Engine.ONNXRUNTIME, 1);
        int proprio = model.bundle().manifest().proprioSize();
        yield new SimPolicies(
            episode ->
                new Evaluation.EpisodePolicy(
                    LearnedPlanning.policy(
                        episode,
                        model,
                        LearnedPlanning.SETTINGS,
                        proprio,
                        PROPRIO_WEIGHT,
                        subgoals),
                    () -> {}),
            model);
      }
      default ->
          throw new IllegalArgumentException(
              "--planner '" + name + "' is not valid, expected learned, oracle or random");
    };
  }

  /**
   * The bundle a task's learned planner uses unless told otherwise: {@code models/foresight-TASK}
   * where the repository ships one for the task, else the shared {@code models/foresight-sim}.
   */
  static Path defaultBundle(String task) {
    Path own = Home.resolve(Path.of("models", "foresight-" + task));
    return java.nio.file.Files.isRegularFile(own.resolve("manifest.json"))
        ? own
        : Home.resolve(Path.of("models", "foresight-sim"));
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
