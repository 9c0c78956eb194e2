package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.util.Optional;

/** Where commands get their {@link WorldModelLoader} from: the learned bundle on its engine. */
final class WorldModelLoaders {
  private WorldModelLoaders() {}

  /** The model bundle loader (ONNX Runtime, one thread: the planner's benchmark setting). */
  static Optional<WorldModelLoader> bundleLoader() {
    return bundleLoader(ModelSettings.Engine.ONNXRUNTIME);
  }

  /**
   * The model bundle loader on {@code engine} (one CPU thread), which falls back to ONNX Runtime on
   * the CPU in one log line where the engine cannot load.
   */
  static Optional<WorldModelLoader> bundleLoader(ModelSettings.Engine engine) {
    return Optional.of(
        directory -> {
          LearnedWorldModel model = WorldModels.open(directory, engine, 1);
          Architecture a = model.bundle().manifest().architecture();
          return new WorldModelLoader.LoadedModel(
              model, predictorFlops(a), a.proprioSize(), directory + " on " + model.engineName());
        });
  }

  /**
   * Multiply-adds ×2 of one predictor call: the MLP {@code [state, action] → hidden → hidden →
   * state} of {@link Architecture}.
   */
  static long predictorFlops(Architecture a) {
    long state = a.latentSize() + a.proprioSize();
    long in = state + a.actionSize();
    long hidden = a.predictorHidden();
    return 2 * (in * hidden + hidden * hidden + hidden * state);
  }
}
