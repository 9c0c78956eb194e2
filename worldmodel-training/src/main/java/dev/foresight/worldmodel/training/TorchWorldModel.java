package dev.foresight.worldmodel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.nio.FloatBuffer;

/**
 * Runs a bundle on DJL's PyTorch engine (CPU): the weights are read back from the ONNX initializers
 * and fed to the same functions that training uses. Used for {@code foresight model check} parity
 * and when {@code model.engine: pytorch} is configured.
 */
public final class TorchWorldModel extends LearnedWorldModel {
  private final NDManager manager;
  private final TorchNetwork network;

  /** Loads the bundle's weights into PyTorch arrays. */
  public TorchWorldModel(ModelBundle bundle) {
    super(bundle);
    manager = Engine.getEngine("PyTorch").newBaseManager();
    network =
        new TorchNetwork(
            bundle.manifest().architecture(),
            TorchNetwork.toArrays(bundle.weights(), manager),
            manager.create(bundle.manifest().normalisation().actionInverseScale()));
  }

  @Override
  public String engineName() {
    return "PyTorch";
  }

  @Override
  public void encodeFrames(int count, float[] frames, float[] latentsOut) {
    int side = bundle().manifest().imageWidth();
    try (NDManager scope = manager.newSubManager()) {
      NDArray input =
          scope.create(
              FloatBuffer.wrap(frames, 0, count * 3 * side * side),
              new Shape(count, 3, side, side));
      float[] latents = network.encode(input).toFloatArray();
      System.arraycopy(latents, 0, latentsOut, 0, latents.length);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray states =
          scope.create(
              FloatBuffer.wrap(latents, 0, count * latentSize()), new Shape(count, latentSize()));
      NDArray actionArray =
          scope.create(
              FloatBuffer.wrap(actions, 0, count * actionSize()), new Shape(count, actionSize()));
      float[] next = network.predict(states, actionArray).toFloatArray();
      System.arraycopy(next, 0, nextLatentsOut, 0, next.length);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
