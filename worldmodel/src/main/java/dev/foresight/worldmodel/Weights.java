package dev.foresight.worldmodel;

import dev.foresight.core.LogText;
import dev.foresight.core.io.InvalidFileException;
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
      long count = elementCount(shape);
      if (count != values.length) {
        throw new IllegalArgumentException(
            "tensor shape "
                + Arrays.toString(shape)
                + " needs "
                + (count < 0 ? "a count of values no Java array holds" : count + " values")
                + ", got "
                + values.length);
      }
    }
  }

  /**
   * The product of the dimensions; {@code -1} when a dimension is negative or the product exceeds
   * {@link Integer#MAX_VALUE} (no float array holds that many).
   */
  static long elementCount(long[] shape) {
    long count = 1;
    boolean empty = false;
    for (long dimension : shape) {
      if (dimension < 0) {
        return -1;
      }
      empty |= dimension == 0;
    }
    if (empty) {
      return 0;
    }
    for (long dimension : shape) {
      if (count > Integer.MAX_VALUE / dimension) {
        return -1;
      }
      count *= dimension;
    }
    return count;
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

  /**
   * Reads tensors written by {@link #save}.
   *
   * @throws IOException one line naming the file and the array that is not float32
   */
  public static Weights load(Path file) throws IOException {
    Weights weights = new Weights();
    for (Map.Entry<String, NpyArray> entry : Npz.read(file).entrySet()) {
      NpyArray array = entry.getValue();
      if (array.dtype() != NpyArray.DType.FLOAT32) {
        throw new InvalidFileException(
            file.toString(),
            "array " + LogText.quote(entry.getKey()) + " is " + array.dtype().descr(),
            "<f4 (float32) tensors");
      }
      long[] shape = Arrays.stream(array.shape()).asLongStream().toArray();
      weights.put(entry.getKey(), shape, array.floats());
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
    layout(
        architecture,
        (name, inputs, outputs, kernel, gain) -> {
          long[] weightShape =
              kernel == 0
                  ? new long[] {outputs, inputs}
                  : new long[] {outputs, inputs, kernel, kernel};
          int fanIn = kernel == 0 ? inputs : inputs * kernel * kernel;
          double bound =
              kernel == 0 ? gain * Math.sqrt(6.0 / fanIn) / Math.sqrt(2) : Math.sqrt(6.0 / fanIn);
          weights.put(name + ".weight", weightShape, uniform(random, outputs * fanIn, bound));
          weights.put(name + ".bias", new long[] {outputs}, new float[outputs]);
        });
    return weights;
  }

  /**
   * The name and shape of every tensor {@link #initialise} makes, in the same order, without
   * allocating them: what a bundle's ONNX files must hold for {@code architecture}.
   */
  public static Map<String, long[]> shapes(Architecture architecture) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    layout(
        architecture,
        (name, inputs, outputs, kernel, gain) -> {
          shapes.put(
              name + ".weight",
              kernel == 0
                  ? new long[] {outputs, inputs}
                  : new long[] {outputs, inputs, kernel, kernel});
          shapes.put(name + ".bias", new long[] {outputs});
        });
    return shapes;
  }

  /** Receives one layer: a square convolution ({@code kernel > 0}) or a linear layer. */
  private interface LayerSink {
    void layer(String name, int inputs, int outputs, int kernel, double gain);
  }

  /** The layers of {@code architecture} in parameter order. */
  private static void layout(Architecture architecture, LayerSink sink) {
    int inChannels = 3;
    int[] channels = architecture.convChannels();
    for (int layer = 0; layer < channels.length; layer++) {
      sink.layer("enc.conv" + (layer + 1), inChannels, channels[layer], 4, 1.0);
      inChannels = channels[layer];
    }
    if (architecture.keypoints() > 0) {
      sink.layer("enc.kp", inChannels, architecture.keypoints(), 1, 1.0);
    }
    sink.layer("enc.fc", architecture.flatFeatures(), architecture.latentSize(), 0, 1.0);
    int state = architecture.stateSize();
    int hidden = architecture.predictorHidden();
    sink.layer("pred.fc1", state + architecture.actionSize(), hidden, 0, 1.0);
    sink.layer("pred.fc2", hidden, hidden, 0, 1.0);
    sink.layer("pred.fc3", hidden, state, 0, 0.01);
    sink.layer("idm.fc1", 2 * architecture.latentSize(), architecture.inverseHidden(), 0, 1.0);
    sink.layer("idm.fc2", architecture.inverseHidden(), architecture.actionSize(), 0, 1.0);
    sink.layer("pdec.fc", architecture.latentSize(), architecture.proprioSize(), 0, 1.0);
  }

  private static float[] uniform(SplittableRandom random, int count, double bound) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return values;
  }
}
