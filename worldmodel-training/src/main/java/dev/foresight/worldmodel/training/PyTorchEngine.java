package dev.foresight.worldmodel.training;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.WorldModelEngine;
import dev.foresight.worldmodel.WorldModels;
import java.util.Optional;

/**
 * {@code model.engine: pytorch}: opens a bundle as a {@link TorchWorldModel}. Registered in {@code
 * META-INF/services}, so {@link WorldModels#open} finds it wherever this module is on the class
 * path.
 */
public final class PyTorchEngine implements WorldModelEngine {
  @Override
  public ModelSettings.Engine engine() {
    return ModelSettings.Engine.PYTORCH;
  }

  @Override
  public Optional<String> unavailable() {
    return WorldModels.probe("PyTorch");
  }

  @Override
  public LearnedWorldModel open(ModelBundle bundle, int threads) {
    return new TorchWorldModel(bundle);
  }
}
