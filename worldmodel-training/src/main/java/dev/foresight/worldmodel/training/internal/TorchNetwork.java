package dev.foresight.worldmodel.training.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network as functions over DJL {@link NDArray}s and a map of named parameters. Training, the
 * PyTorch inference engine and the parity check all run these same functions; the ONNX exporter
 * writes the same graph node by node.
 */
public final class TorchNetwork {
  private static final Shape STRIDE = new Shape(2, 2);
  private static final Shape PADDING = new Shape(1, 1);
  private static final Shape UNIT_STRIDE = new Shape(1, 1);
  private static final Shape NO_PADDING = new Shape(0, 0);

  private final Architecture architecture;
  private final Map<String, NDArray> parameters;
  private final NDArray actionInverseScale;

  /** The keypoint map's coordinate grid, made once (null for a flat encoder). */
  private final float[] grid;

  /**
   * @param architecture network shape
   * @param parameters name → parameter array (see {@link Weights}). Not copied.
   * @param actionInverseScale {@code [actionSize]} factors that map actions to unit range
   */
  public TorchNetwork(
      Architecture architecture, Map<String, NDArray> parameters, NDArray actionInverseScale) {
    this.architecture = architecture;
    this.parameters = parameters;
    this.actionInverseScale = actionInverseScale;
    int side = architecture.featureSide();
    this.grid = architecture.keypoints() > 0 ? coordinateGrid(side, side) : null;
  }

  /** Copies {@code weights} into arrays owned by {@code manager}. */
  public static Map<String, NDArray> toArrays(Weights weights, NDManager manager) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> entry : weights.all().entrySet()) {
      NDArray array =
          manager.create(
              FloatBuffer.wrap(entry.getValue().values()), new Shape(entry.getValue().shape()));
      array.setName(entry.getKey());
      arrays.put(entry.getKey(), array);
    }
    return arrays;
  }

  /** Copies arrays back into {@link Weights}. */
  public static Weights toWeights(Map<String, NDArray> arrays) {
    Weights weights = new Weights();
    for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
      weights.put(
          entry.getKey(), entry.getValue().getShape().getShape(), entry.getValue().toFloatArray());
    }
    return weights;
  }

  private NDArray parameter(String name) {
    NDArray array = parameters.get(name);
    if (array == null) {
      throw new IllegalArgumentException("network parameter '" + name + "' missing");
    }
    return array;
  }

  private NDArray linear(NDArray input, String name) {
    return Linear.linear(input, parameter(name + ".weight"), parameter(name + ".bias"))
        .singletonOrThrow();
  }

  /**
   * Image latents.
   *
   * @param frames {@code [N, 3, S, S]} normalised images
   * @return {@code [N, latentSize]}
   */
  public NDArray encode(NDArray frames) {
    NDArray x = frames;
    int layers = architecture.convChannels().length;
    for (int layer = 1; layer <= layers; layer++) {
      String name = "enc.conv" + layer;
      x =
          Activation.relu(
              Conv2d.conv2d(
                      x, parameter(name + ".weight"), parameter(name + ".bias"), STRIDE, PADDING)
                  .singletonOrThrow());
    }
    if (architecture.keypoints() > 0) {
      NDArray scores =
          Conv2d.conv2d(
                  x, parameter("enc.kp.weight"), parameter("enc.kp.bias"), UNIT_STRIDE, NO_PADDING)
              .singletonOrThrow();
      x =
          architecture.keypointMoments() == 3
              ? spatialMoments(scores, grid)
              : spatialSoftmax(scores, grid);
    } else {
      x = x.reshape(x.getShape().get(0), architecture.flatFeatures());
    }
    return linear(x, "enc.fc");
  }

  /**
   * Spatial softmax: each of the {@code K} score maps {@code [N, K, H, W]} becomes a probability
   * map (softmax over its {@code H·W} pixels), and its expected pixel-centre coordinates {@code (x,
   * y)}, with {@code x} across columns and {@code y} down rows, both in {@code [−1, 1]}.
   *
   * @return {@code [N, 2K]}: {@code x_0, y_0, x_1, y_1, …}
   */
  public static NDArray spatialSoftmax(NDArray scores) {
    Shape shape = scores.getShape();
    return spatialSoftmax(scores, coordinateGrid((int) shape.get(2), (int) shape.get(3)));
  }

  /** {@link #spatialSoftmax(NDArray)} with the map's {@link #coordinateGrid} already made. */
  private static NDArray spatialSoftmax(NDArray scores, float[] grid) {
    Shape shape = scores.getShape();
    long n = shape.get(0);
    int keypoints = (int) shape.get(1);
    long pixels = shape.get(2) * shape.get(3);
    NDArray probabilities = scores.reshape(n, keypoints, pixels).softmax(2);
    NDArray coordinates = scores.getManager().create(grid, new Shape(pixels, 2));
    return probabilities.matMul(coordinates).reshape(n, 2L * keypoints);
  }

  /**
   * Spatial moments: each of the {@code K} score maps {@code [N, K, H, W]} is standardised over its
   * pixels (zero mean, unit deviation) and scaled by {@link Architecture#MOMENT_SHARPNESS}, so that
   * a feature that fires on a small object turns into a probability map concentrated on it (a plain
   * softmax of small untrained scores is nearly uniform, and a nearly uniform map's moments say
   * little of the object), then becomes a probability map by a softmax over its pixels and gives
   * its mean {@code (x, y)} and its central moments {@code E[dx²], E[dx·dy], E[dy²], E[dx³],
   * E[dx²·dy], E[dx·dy²], E[dy³]} (with {@code dx = x − mean x}), each times its {@link
   * Architecture#MOMENT_SCALES} factor.
   *
   * @return {@code [N, 9K]}: the nine numbers of keypoint 0, then of keypoint 1, …
   */
  public static NDArray spatialMoments(NDArray scores) {
    Shape shape = scores.getShape();
    return spatialMoments(scores, coordinateGrid((int) shape.get(2), (int) shape.get(3)));
  }

  private static NDArray spatialMoments(NDArray scores, float[] grid) {
    Shape shape = scores.getShape();
    long n = shape.get(0);
    int keypoints = (int) shape.get(1);
    int pixels = (int) (shape.get(2) * shape.get(3));
    NDManager manager = scores.getManager();
    NDArray flat = scores.reshape(n, keypoints, pixels);
    NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
    NDArray spread = centred.square().mean(new int[] {2}, true).add(1e-6f).sqrt();
    NDArray probabilities = centred.div(spread).mul(Architecture.MOMENT_SHARPNESS).softmax(2);
    float[] xs = new float[pixels];
    float[] ys = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      xs[i] = grid[2 * i];
      ys[i] = grid[2 * i + 1];
    }
    NDArray gridX = manager.create(xs, new Shape(1, 1, pixels));
    NDArray gridY = manager.create(ys, new Shape(1, 1, pixels));
    NDArray meanX = probabilities.mul(gridX).sum(new int[] {2}, true);
    NDArray meanY = probabilities.mul(gridY).sum(new int[] {2}, true);
    NDArray dx = gridX.sub(meanX);
    NDArray dy = gridY.sub(meanY);
    NDArray dx2 = dx.mul(dx);
    NDArray dy2 = dy.mul(dy);
    NDArray[] terms = {dx2, dx.mul(dy), dy2, dx2.mul(dx), dx2.mul(dy), dx.mul(dy2), dy2.mul(dy)};
    NDArray[] features = new NDArray[Architecture.MOMENT_FEATURES];
    features[0] = meanX;
    features[1] = meanY;
    for (int i = 0; i < terms.length; i++) {
      features[i + 2] = probabilities.mul(terms[i]).sum(new int[] {2}, true);
    }
    NDArray scales =
        manager.create(Architecture.MOMENT_SCALES, new Shape(1, 1, Architecture.MOMENT_FEATURES));
    return NDArrays.concat(new NDList(features), 2)
        .mul(scales)
        .reshape(n, (long) Architecture.MOMENT_FEATURES * keypoints);
  }

  /**
   * Pixel-centre coordinates of an {@code height × width} map, row-major, {@code [H·W, 2]} as
   * {@code (x, y)} pairs in {@code [−1, 1]}.
   */
  public static float[] coordinateGrid(int height, int width) {
    float[] grid = new float[height * width * 2];
    for (int row = 0; row < height; row++) {
      for (int column = 0; column < width; column++) {
        int i = (row * width + column) * 2;
        grid[i] = -1f + (2f * column + 1f) / width;
        grid[i + 1] = -1f + (2f * row + 1f) / height;
      }
    }
    return grid;
  }

  /**
   * One predictor step: {@code s' = s + MLP([s, a ⊙ actionInverseScale])}.
   *
   * @param states {@code [N, stateSize]}
   * @param actions {@code [N, actionSize]} raw (SI) actions
   * @return {@code [N, stateSize]}
   */
  public NDArray predict(NDArray states, NDArray actions) {
    NDArray input =
        NDArrays.concat(new ai.djl.ndarray.NDList(states, actions.mul(actionInverseScale)), 1);
    NDArray hidden = Activation.gelu(linear(input, "pred.fc1"));
    hidden = Activation.gelu(linear(hidden, "pred.fc2"));
    return states.add(linear(hidden, "pred.fc3"));
  }

  /**
   * Inverse dynamics (training only): the normalised action that led from {@code z0} to {@code z1}.
   */
  public NDArray inverseDynamics(NDArray latents0, NDArray latents1) {
    NDArray input = NDArrays.concat(new ai.djl.ndarray.NDList(latents0, latents1), 1);
    return linear(Activation.relu(linear(input, "idm.fc1")), "idm.fc2");
  }

  /** Linear proprio decoder (training only): normalised proprio from the image latent. */
  public NDArray decodeProprio(NDArray latents) {
    return linear(latents, "pdec.fc");
  }

  /** The parameters by name (not a copy), for training-only heads kept outside the network. */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** Scaling applied to actions before the predictor. */
  public NDArray actionInverseScale() {
    return actionInverseScale;
  }
}
