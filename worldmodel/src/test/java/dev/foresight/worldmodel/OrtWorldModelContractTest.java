package dev.foresight.worldmodel;

import dev.foresight.config.ModelSettings;
import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;
import java.nio.file.Path;

/** The world-model contract on the shipped bundle through the ONNX Runtime Java API. */
class OrtWorldModelContractTest extends WorldModelContract {
  /** The bundle that ships in the repository, from this module's directory. */
  static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());

  @Override
  protected WorldModel open() throws Exception {
    return new OrtWorldModel(ModelBundle.read(BUNDLE), 1);
  }

  /** Batched kernels may sum in another order than one-sample ones. */
  @Override
  protected float batchTolerance() {
    return 1e-5f;
  }
}
