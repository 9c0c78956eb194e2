package dev.foresight.worldmodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pixel reconstruction (training only, experimental): an MLP decodes the joined state {@code [z,
 * p]} — image latent and proprio — into the frame at {@link #SIDE}×{@link #SIDE} (average-pooled,
 * normalised colour), and the squared error is added to the JEPA loss. The JEPA terms alone let the
 * latent ignore whatever does not change what it predicts of itself (how a pushed block is turned);
 * a decoder that must draw the frame cannot. The proprio sits beside {@code z} so that the arm can
 * be drawn from it and the latent spends itself on the scene (as in deep spatial autoencoders,
 * whose keypoints learn to track objects by reconstructing the image). Neither the decoder nor its
 * loss is part of the exported model.
 */
final class ReconstructionHead {
  /** Side of the reconstructed frame, pixels. */
  static final int SIDE = 32;

  /** Width of the decoder's hidden layer. */
  static final int HIDDEN = 256;

  private ReconstructionHead() {}

  /**
   * {@code weights} with the decoder's parameters ({@code rdec.fc1}, {@code rdec.fc2}) added when
   * absent (a resumed run keeps its own), initialised from {@code seed}.
   */
  static Weights withParameters(Weights weights, Architecture architecture, long seed) {
    if (weights.all().containsKey("rdec.fc1.weight")) {
      return weights;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int state = architecture.latentSize() + architecture.proprioSize();
    layer(weights, "rdec.fc1", state, HIDDEN, random);
    layer(weights, "rdec.fc2", HIDDEN, 3 * SIDE * SIDE, random);
    return weights;
  }

  private static void layer(
      Weights weights, String name, int inputs, int outputs, SplittableRandom random) {
    double bound = Math.sqrt(6.0 / inputs) / Math.sqrt(2);
    float[] values = new float[inputs * outputs];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    weights.put(name + ".weight", new long[] {outputs, inputs}, values);
    weights.put(name + ".bias", new long[] {outputs}, new float[outputs]);
  }

  /**
   * Mean squared error of the decoded frames.
   *
   * @param parameters the online parameters, with the decoder's
   * @param frames {@code [N, 3, S, S]} normalised frames, {@code S} a multiple of {@link #SIDE}
   * @param latents {@code [N, L]} their latents
   * @param proprio {@code [N, P]} their normalised proprio
   */
  static NDArray loss(
      Map<String, NDArray> parameters, NDArray frames, NDArray latents, NDArray proprio) {
    long n = frames.getShape().get(0);
    long side = frames.getShape().get(2);
    if (side % SIDE != 0) {
      throw new IllegalArgumentException(
          "reconstruction needs an image side that is a multiple of " + SIDE + ", got " + side);
    }
    long pool = side / SIDE;
    NDArray target =
        frames
            .reshape(n, 3, SIDE, pool, SIDE, pool)
            .mean(new int[] {5})
            .mean(new int[] {3})
            .reshape(n, -1);
    NDArray states = NDArrays.concat(new NDList(latents, proprio), 1);
    NDArray hidden = Activation.gelu(linear(parameters, states, "rdec.fc1"));
    return linear(parameters, hidden, "rdec.fc2").sub(target).square().mean();
  }

  private static NDArray linear(Map<String, NDArray> parameters, NDArray input, String name) {
    return Linear.linear(input, parameters.get(name + ".weight"), parameters.get(name + ".bias"))
        .singletonOrThrow();
  }
}
