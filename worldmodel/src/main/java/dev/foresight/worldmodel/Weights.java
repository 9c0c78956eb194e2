package dev.foresight.worldmodel;

import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named float tensors (network parameters) in a fixed order. Names are shared by training, the ONNX
 * initializers and checkpoints ({@code enc.conv1.weight}, {@code pred.fc1.bias}, ...).
 */
public final class Weights {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /**
   * One tensor.
   *
   * @param shape dimensions, row-major
   * @param values {@code product(shape)} floats
   */
  public record Tensor(long[] shape, float[] values) {
    /** Checks the value count matches the shape. */
    public Tensor {
      long count = 1;
      for (long dim : shape) {
        count *= dim;
      }
      if (count != values.length) {
        throw new IllegalArgumentException(
            "tensor shape "
                + Arrays.toString(shape)
                + " needs "
                + count
                + " values, got "
                + values.length);
      }
    }
  }

  /** Adds or replaces a tensor. */
  public void put(String name, long[] shape, float[] values) {
    tensors.put(name, new Tensor(shape, values));
  }

  /** The tensor called {@code name}. */
  public Tensor get(String name) {
    Tensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException(
          "weights have no tensor '" + name + "', have " + tensors.keySet());
    }
    return tensor;
  }

  /** Whether a tensor called {@code name} exists. */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** All tensors in insertion order (read-only view). */
  public Map<String, Tensor> all() {
    return Collections.unmodifiableMap(tensors);
  }

  /** Total number of floats. */
  public long parameterCount() {
    long count = 0;
    for (Tensor tensor : tensors.values()) {
      count += tensor.values().length;
    }
    return count;
  }

  /** Writes the tensors to an npz archive (atomically). */
  public void save(Path file) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      int[] shape = Arrays.stream(entry.getValue().shape()).mapToInt(Math::toIntExact).toArray();
      arrays.put(entry.getKey(), NpyArray.ofFloats(entry.getValue().values(), shape));
    }
    Npz.write(file, arrays);
  }

  /** Reads tensors written by {@link #save}. */
  public static Weights load(Path file) throws IOException {
    Weights weights = new Weights();
    for (Map.Entry<String, NpyArray> entry : Npz.read(file).entrySet()) {
      long[] shape = Arrays.stream(entry.getValue().shape()).asLongStream().toArray();
      weights.put(entry.getKey(), shape, entry.getValue().floats());
    }
    return weights;
  }

  /**
   * Fresh parameters for {@code architecture}: Kaiming-uniform weights and zero biases, drawn from
   * {@code seed}; the predictor's output layer starts near zero so it begins as "nothing changes".
   */
  public static Weights initialise(Architecture architecture, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Weights weights = new Weights();
    int inChannels = 3;
    int[] channels = architecture.convChannels();
    for (int layer = 0; layer < channels.length; layer++) {
      conv(weights, "enc.conv" + (layer + 1), inChannels, channels[layer], 4, random);
      inChannels = channels[layer];
    }
    if (architecture.keypoints() > 0) {
      conv(weights, "enc.kp", inChannels, architecture.keypoints(), 1, random);
    }
    linear(weights, "enc.fc", architecture.flatFeatures(), architecture.latentSize(), random, 1.0);
    int state = architecture.stateSize();
    int hidden = architecture.predictorHidden();
    linear(weights, "pred.fc1", state + architecture.actionSize(), hidden, random, 1.0);
    linear(weights, "pred.fc2", hidden, hidden, random, 1.0);
    linear(weights, "pred.fc3", hidden, state, random, 0.01);
    linear(
        weights,
        "idm.fc1",
        2 * architecture.latentSize(),
        architecture.inverseHidden(),
        random,
        1.0);
    linear(
        weights, "idm.fc2", architecture.inverseHidden(), architecture.actionSize(), random, 1.0);
    linear(weights, "pdec.fc", architecture.latentSize(), architecture.proprioSize(), random, 1.0);
    return weights;
  }

  /** A square convolution: Kaiming-uniform weights {@code [out, in, k, k]}, zero bias. */
  private static void conv(
      Weights weights, String name, int inputs, int outputs, int kernel, SplittableRandom random) {
    int fanIn = inputs * kernel * kernel;
    weights.put(
        name + ".weight",
        new long[] {outputs, inputs, kernel, kernel},
        uniform(random, outputs * fanIn, Math.sqrt(6.0 / fanIn)));
    weights.put(name + ".bias", new long[] {outputs}, new float[outputs]);
  }

  private static void linear(
      Weights weights, String name, int inputs, int outputs, SplittableRandom random, double gain) {
    weights.put(
        name + ".weight",
        new long[] {outputs, inputs},
        uniform(random, outputs * inputs, gain * Math.sqrt(6.0 / inputs) / Math.sqrt(2)));
    weights.put(name + ".bias", new long[] {outputs}, new float[outputs]);
  }

  private static float[] uniform(SplittableRandom random, int count, double bound) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return values;
  }
}
