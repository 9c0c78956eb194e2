package dev.foresight.worldmodel;

import ai.djl.Device;
import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;

/** The world-model contract on the shipped bundle through DJL's OnnxRuntime engine. */
class DjlOnnxWorldModelContractTest extends WorldModelContract {
  @Override
  protected WorldModel open() throws Exception {
    return new DjlOnnxWorldModel(
        ModelBundle.read(OrtWorldModelContractTest.BUNDLE), "OnnxRuntime", Device.cpu());
  }

  /** Batched kernels may sum in another order than one-sample ones. */
  @Override
  protected float batchTolerance() {
    return 1e-5f;
  }
}
