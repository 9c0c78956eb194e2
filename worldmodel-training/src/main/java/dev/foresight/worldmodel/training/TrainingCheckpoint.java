package dev.foresight.worldmodel.training;

import ai.djl.ndarray.NDArray;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JEPA stage's checkpoint: step, seed, and the online, target and both AdamW moment tensors,
 * each part under its prefix ({@code online.}, {@code target.}, {@code m1.}, {@code m2.}).
 */
final class TrainingCheckpoint {
  private TrainingCheckpoint() {}

  /** A checkpoint's step and its four parts. */
  record Saved(int step, Weights online, Weights target, Weights moment1, Weights moment2) {}

  /**
   * Reads a checkpoint written by {@link #write} for {@code architecture}.
   *
   * @throws IllegalArgumentException when it was written with another seed than {@code seed}
   */
  static Saved read(Path file, Architecture architecture, long seed) throws IOException {
    Weights checkpoint = Weights.load(file);
    check(file, checkpoint, architecture);
    long written = unpackSeed(checkpoint.get("meta.seed").values());
    if (written != seed) {
      throw new IllegalArgumentException(
          file
              + " was written with seed "
              + written
              + ", this run uses seed "
              + seed
              + " (remove it to start afresh)");
    }
    return new Saved(
        (int) checkpoint.get("meta.step").values()[0],
        prefixed(checkpoint, "online."),
        prefixed(checkpoint, "target."),
        prefixed(checkpoint, "m1."),
        prefixed(checkpoint, "m2."));
  }

  /** Writes the state after {@code step} steps of the run seeded {@code seed}. */
  static void write(
      Path file,
      long seed,
      int step,
      Map<String, NDArray> online,
      Map<String, NDArray> target,
      Map<String, NDArray> moment1,
      Map<String, NDArray> moment2)
      throws IOException {
    Weights checkpoint = new Weights();
    checkpoint.put("meta.step", new long[] {1}, new float[] {step});
    checkpoint.put("meta.seed", new long[] {4}, packSeed(seed));
    addAll(checkpoint, "online.", online);
    addAll(checkpoint, "target.", target);
    addAll(checkpoint, "m1.", moment1);
    addAll(checkpoint, "m2.", moment2);
    checkpoint.save(file);
  }

  private static void addAll(Weights into, String prefix, Map<String, NDArray> arrays) {
    for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
      into.put(
          prefix + entry.getKey(),
          entry.getValue().getShape().getShape(),
          entry.getValue().toFloatArray());
    }
  }

  /**
   * A checkpoint must hold its step, its seed and every tensor of {@code architecture} in each of
   * its four parts, with the architecture's shapes.
   */
  private static void check(Path file, Weights checkpoint, Architecture architecture)
      throws InvalidFileException {
    Map<String, long[]> expected = new LinkedHashMap<>();
    expected.put("meta.step", new long[] {1});
    expected.put("meta.seed", new long[] {4});
    for (String part : List.of("online.", "target.", "m1.", "m2.")) {
      for (Map.Entry<String, long[]> tensor : Weights.shapes(architecture).entrySet()) {
        expected.put(part + tensor.getKey(), tensor.getValue());
      }
    }
    for (Map.Entry<String, long[]> tensor : expected.entrySet()) {
      long[] have =
          checkpoint.contains(tensor.getKey()) ? checkpoint.get(tensor.getKey()).shape() : null;
      if (!Arrays.equals(have, tensor.getValue())) {
        throw new InvalidFileException(
            file.toString(),
            have == null
                ? "tensor " + tensor.getKey() + " is missing"
                : "tensor " + tensor.getKey() + " has shape " + Arrays.toString(have),
            "shape "
                + Arrays.toString(tensor.getValue())
                + " for this run's architecture (remove the file to start afresh)");
      }
    }
  }

  private static Weights prefixed(Weights weights, String prefix) {
    Weights selected = new Weights();
    for (Map.Entry<String, Weights.Tensor> entry : weights.all().entrySet()) {
      if (entry.getKey().startsWith(prefix)) {
        selected.put(
            entry.getKey().substring(prefix.length()),
            entry.getValue().shape(),
            entry.getValue().values());
      }
    }
    return selected;
  }

  /** A long as four exact 16-bit floats. */
  private static float[] packSeed(long seed) {
    float[] parts = new float[4];
    for (int i = 0; i < 4; i++) {
      parts[i] = (seed >>> (16 * i)) & 0xffff;
    }
    return parts;
  }

  private static long unpackSeed(float[] parts) {
    long seed = 0;
    for (int i = 0; i < 4; i++) {
      seed |= ((long) parts[i]) << (16 * i);
    }
    return seed;
  }
}
