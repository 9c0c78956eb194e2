package dev.foresight.worldmodel.training;

import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.util.SplittableRandom;

/**
 * Runs a bundle on two engines with identical seeded inputs and reports the largest absolute output
 * difference of the encoder and the predictor.
 */
public final class ParityCheck {
  /** Largest difference {@code foresight model check} accepts. */
  public static final double TOLERANCE = 1e-4;

  private ParityCheck() {}

  /**
   * Result of a comparison.
   *
   * @param encoderMaxDifference max |a − b| over encoder outputs
   * @param predictorMaxDifference max |a − b| over predictor outputs
   * @param frames frames compared
   * @param states predictor states compared
   */
  public record Result(
      double encoderMaxDifference, double predictorMaxDifference, int frames, int states) {
    /** Whether both differences are within {@link #TOLERANCE}. */
    public boolean passed() {
      return encoderMaxDifference <= TOLERANCE && predictorMaxDifference <= TOLERANCE;
    }
  }

  /**
   * Runs {@code bundle} on ONNX Runtime (one thread) and on PyTorch and compares them as {@link
   * #compare} does.
   */
  public static Result onnxRuntimeVersusPyTorch(ModelBundle bundle, long seed) {
    try (OrtWorldModel ort = new OrtWorldModel(bundle, 1);
        TorchWorldModel torch = new TorchWorldModel(bundle)) {
      return compare(ort, torch, seed);
    }
  }

  /**
   * Compares {@code a} and {@code b} on random frames, states and actions drawn from {@code seed}.
   */
  public static Result compare(LearnedWorldModel a, LearnedWorldModel b, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int frames = 8;
    int frameFloats = a.preprocessor().floatsPerFrame();
    float[] input = new float[frames * frameFloats];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) (random.nextDouble() * 4 - 2);
    }
    float[] latentsA = new float[frames * a.imageLatentSize()];
    float[] latentsB = new float[latentsA.length];
    a.encodeFrames(frames, input, latentsA);
    b.encodeFrames(frames, input, latentsB);
    int states = 64;
    float[] stateInput = new float[states * a.latentSize()];
    for (int i = 0; i < stateInput.length; i++) {
      stateInput[i] = (float) (random.nextGaussian() * 2);
    }
    float[] actionScale = a.bundle().manifest().actionScale();
    float[] actions = new float[states * a.actionSize()];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = (float) ((random.nextDouble() * 2 - 1) * actionScale[i % a.actionSize()]);
    }
    float[] nextA = new float[stateInput.length];
    float[] nextB = new float[stateInput.length];
    a.predict(states, stateInput, actions, nextA);
    b.predict(states, stateInput, actions, nextB);
    return new Result(
        maxDifference(latentsA, latentsB), maxDifference(nextA, nextB), frames, states);
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
