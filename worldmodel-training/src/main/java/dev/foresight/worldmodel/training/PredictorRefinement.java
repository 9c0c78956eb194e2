package dev.foresight.worldmodel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.FramePreprocessor;
import dev.foresight.worldmodel.Normalisation;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Second training stage: the predictor alone, on the frozen latents of the target encoder (the
 * encoder the bundle ships), with {@value #HORIZON}-step open-loop rollouts, the horizon the
 * planner and the held-out evaluation use.
 *
 * <p>The JEPA stage trains the encoder and predictor together on windows of {@link
 * JepaTrainer#WINDOW} frames while the target latents still move; it leaves the predictor short of
 * what the final latents allow. Here every training frame is encoded once, and the predictor trains
 * on many more windows per second than the JEPA stage can (no convolution, no encoder gradient),
 * like a world model trained over a frozen pretrained encoder (DINO-WM).
 *
 * <p>Loss per window: {@code mean_k [smoothL1(P(s_k, a_k), s_{k+1}) + smoothL1(P^k(s_0, a_0..k),
 * s_{k+1})]}, proprio dimensions weighted as in the JEPA stage. AdamW, one-cycle schedule peaking
 * at {@link #PEAK_RATE}. Every {@value #CHECK_EVERY} steps and at the end the loss on {@value
 * #VALIDATION_WINDOWS} fixed windows of set-aside training episodes (every {@value
 * #VALIDATION_STRIDE}th from the first, not trained on in this stage) is measured, and the
 * predictor with the lowest one is kept, the JEPA stage's included: the stage never leaves a
 * predictor worse on those windows than it found. Deterministic for a given seed: batch {@code i}
 * comes from the seed and {@code i}.
 */
final class PredictorRefinement {
  /** Rollout steps per window. */
  static final int HORIZON = 5;

  /** Windows per step. */
  static final int BATCH = 256;

  /** Peak learning rate. */
  static final float PEAK_RATE = 5e-4f;

  /** Steps between validation checks. */
  static final int CHECK_EVERY = 250;

  /** Validation windows. */
  static final int VALIDATION_WINDOWS = 2048;

  /** Every this many-th usable training episode is set aside for validation. */
  static final int VALIDATION_STRIDE = 20;

  private static final String PREDICTOR_PREFIX = "pred.";
  private static final int ENCODE_BATCH = 256;

  private final Architecture architecture;
  private final JepaTrainer.Options options;

  PredictorRefinement(Architecture architecture, JepaTrainer.Options options) {
    this.architecture = architecture;
    this.options = options;
  }

  /**
   * Encodes {@code episodes} with {@code encoder}, then trains the {@code pred.*} arrays of {@code
   * parameters} (used by {@code predictor}) in place for {@link JepaTrainer.Options#refineSteps()}
   * steps, leaving in them the best predictor seen at the validation checks.
   */
  JepaTrainer.Refinement run(
      List<EpisodeDataset.Episode> episodes,
      Normalisation normalisation,
      FramePreprocessor preprocessor,
      TorchNetwork encoder,
      TorchNetwork predictor,
      Map<String, NDArray> parameters,
      NDManager manager,
      JepaTrainer.Listener listener) {
    int stateSize = architecture.latentSize() + architecture.proprioSize();
    int actionSize = architecture.actionSize();
    Windows training = new Windows();
    Windows validation = new Windows();
    int usable = 0;
    for (EpisodeDataset.Episode episode : episodes) {
      if (episode.steps() < HORIZON) {
        continue;
      }
      float[] episodeStates = encode(episode, normalisation, preprocessor, encoder, manager);
      Windows into = usable % VALIDATION_STRIDE == 0 ? validation : training;
      into.add(episodeStates, episode.actions(), episode.steps() - HORIZON + 1);
      usable++;
    }
    if (training.count == 0) {
      throw new IllegalArgumentException(
          "predictor refinement needs at least 2 training episodes of "
              + HORIZON
              + " or more steps, got "
              + usable);
    }
    Map<String, NDArray> trained = new LinkedHashMap<>();
    Map<String, NDArray> moment1 = new LinkedHashMap<>();
    Map<String, NDArray> moment2 = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      if (entry.getKey().startsWith(PREDICTOR_PREFIX)) {
        trained.put(entry.getKey(), entry.getValue());
        moment1.put(entry.getKey(), manager.zeros(entry.getValue().getShape()));
        moment2.put(entry.getKey(), manager.zeros(entry.getValue().getShape()));
      }
    }
    Engine engine = Engine.getEngine("PyTorch");
    Batch batch = new Batch(BATCH, stateSize, actionSize);
    Batch held = new Batch(VALIDATION_WINDOWS, stateSize, actionSize);
    validation.draw(new SplittableRandom(options.seed() ^ 0x94D049BB133111EBL), held);
    float validationBefore = validationLoss(held, predictor, manager);
    float best = validationBefore;
    int keptStep = 0;
    Map<String, float[]> kept = snapshot(trained);
    int steps = options.refineSteps();
    float[] history = new float[steps];
    listener.refineChecked(0, validationBefore, validationBefore);
    listener.refining(0, steps, Float.NaN);
    int skipped = 0;
    for (int step = 0; step < steps; step++) {
      training.draw(new SplittableRandom(options.seed() * 0xBF58476D1CE4E5B9L + step), batch);
      float loss;
      try (NDScope scope = new NDScope();
          NDManager stepManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        try (GradientCollector collector = engine.newGradientCollector()) {
          NDArray lossArray = batch.loss(predictor, stepManager);
          collector.backward(lossArray);
          loss = lossArray.getFloat();
        }
        if (!finite(loss, trained)) {
          // A window whose rollout overflowed: one such step would make every weight NaN through
          // AdamW's moments, so it is dropped instead.
          for (NDArray parameter : trained.values()) {
            JniUtils.zeroGrad((PtNDArray) parameter);
          }
          skipped++;
          history[step] = Float.NaN;
          listener.refining(step + 1, steps, loss);
          continue;
        }
        TrainingSteps.adamW(
            trained,
            moment1,
            moment2,
            step + 1,
            TrainingSteps.oneCycle(PEAK_RATE, steps, step + 1),
            options.weightDecay());
      }
      history[step] = loss;
      if ((step + 1) % CHECK_EVERY == 0 || step + 1 == steps) {
        float checked = validationLoss(held, predictor, manager);
        if (checked < best) {
          best = checked;
          keptStep = step + 1;
          kept = snapshot(trained);
        }
        listener.refineChecked(step + 1, checked, best);
      }
      listener.refining(step + 1, steps, loss);
    }
    if (keptStep != steps) {
      for (Map.Entry<String, NDArray> entry : trained.entrySet()) {
        entry.getValue().set(kept.get(entry.getKey()));
      }
    }
    // The other parameters took part in no graph here; leave no stale gradient behind either way.
    for (NDArray parameter : parameters.values()) {
      JniUtils.zeroGrad((PtNDArray) parameter);
    }
    return new JepaTrainer.Refinement(history, validationBefore, best, keptStep, skipped);
  }

  /** Whether the loss and every gradient of {@code trained} are finite. */
  private static boolean finite(float loss, Map<String, NDArray> trained) {
    if (!Float.isFinite(loss)) {
      return false;
    }
    double sum = 0;
    for (NDArray parameter : trained.values()) {
      sum += parameter.getGradient().square().sum().getFloat();
    }
    return Double.isFinite(sum);
  }

  /** Loss on the validation windows (no gradient); NaN counts as no better than anything. */
  private float validationLoss(Batch held, TorchNetwork predictor, NDManager manager) {
    try (NDScope scope = new NDScope();
        NDManager validationManager = manager.newSubManager()) {
      scope.suppressNotUsedWarning();
      float loss = held.loss(predictor, validationManager).getFloat();
      return Float.isNaN(loss) ? Float.POSITIVE_INFINITY : loss;
    }
  }

  private static Map<String, float[]> snapshot(Map<String, NDArray> arrays) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
      copy.put(entry.getKey(), entry.getValue().toFloatArray());
    }
    return copy;
  }

  /** Encoded episodes and their windows of {@link #HORIZON} steps. */
  private final class Windows {
    final List<float[]> states = new ArrayList<>();
    final List<float[]> actions = new ArrayList<>();
    final List<Long> ends = new ArrayList<>();
    long count;

    void add(float[] episodeStates, float[] episodeActions, int windows) {
      states.add(episodeStates);
      actions.add(episodeActions);
      count += windows;
      ends.add(count);
    }

    /** Fills {@code batch} with windows drawn uniformly with {@code random}. */
    void draw(SplittableRandom random, Batch batch) {
      int stateSize = batch.stateSize;
      int actionSize = architecture.actionSize();
      for (int b = 0; b < batch.size; b++) {
        long pick = random.nextLong(count);
        int index = 0;
        while (ends.get(index) <= pick) {
          index++;
        }
        int t = (int) (pick - (index == 0 ? 0 : ends.get(index - 1)));
        float[] episodeStates = states.get(index);
        System.arraycopy(episodeStates, t * stateSize, batch.first, b * stateSize, stateSize);
        System.arraycopy(
            episodeStates,
            (t + 1) * stateSize,
            batch.truth,
            b * HORIZON * stateSize,
            HORIZON * stateSize);
        System.arraycopy(
            actions.get(index),
            t * actionSize,
            batch.actions,
            b * HORIZON * actionSize,
            HORIZON * actionSize);
      }
    }
  }

  /** Windows as flat arrays: first states, the {@link #HORIZON} true next states, the actions. */
  private final class Batch {
    final int size;
    final int stateSize;
    final float[] first;
    final float[] truth;
    final float[] actions;

    Batch(int size, int stateSize, int actionSize) {
      this.size = size;
      this.stateSize = stateSize;
      this.first = new float[size * stateSize];
      this.truth = new float[size * HORIZON * stateSize];
      this.actions = new float[size * HORIZON * actionSize];
    }

    /** Mean over the horizon of the teacher-forced plus the open-loop rollout loss. */
    NDArray loss(TorchNetwork predictor, NDManager manager) {
      NDArray start = manager.create(FloatBuffer.wrap(first), new Shape(size, stateSize));
      NDArray targets =
          manager.create(FloatBuffer.wrap(truth), new Shape(size, HORIZON, stateSize));
      NDArray actionArray =
          manager.create(
              FloatBuffer.wrap(actions), new Shape(size, HORIZON, architecture.actionSize()));
      NDArray total = null;
      NDArray rolled = start;
      NDArray previous = start;
      for (int k = 0; k < HORIZON; k++) {
        NDArray action = actionArray.get(new NDIndex(":, {}, :", k));
        NDArray next = targets.get(new NDIndex(":, {}, :", k));
        rolled = predictor.predict(rolled, action);
        NDArray term =
            TrainingSteps.stateLoss(
                    predictor.predict(previous, action),
                    next,
                    architecture.proprioSize(),
                    options.proprioWeight())
                .add(
                    TrainingSteps.stateLoss(
                        rolled, next, architecture.proprioSize(), options.proprioWeight()));
        total = total == null ? term : total.add(term);
        previous = next;
      }
      return total.div(HORIZON);
    }
  }

  /** States {@code [z, p̂]} of every frame, {@code (T+1) · stateSize} floats. */
  private float[] encode(
      EpisodeDataset.Episode episode,
      Normalisation normalisation,
      FramePreprocessor preprocessor,
      TorchNetwork encoder,
      NDManager manager) {
    int latent = architecture.latentSize();
    int proprioSize = architecture.proprioSize();
    int stateSize = latent + proprioSize;
    int count = episode.steps() + 1;
    int side = architecture.imageSize();
    float[] states = new float[count * stateSize];
    float[] input = new float[Math.min(count, ENCODE_BATCH) * preprocessor.floatsPerFrame()];
    for (int from = 0; from < count; from += ENCODE_BATCH) {
      int batch = Math.min(ENCODE_BATCH, count - from);
      for (int i = 0; i < batch; i++) {
        preprocessor.prepareRgb(
            episode.frames(),
            (from + i) * episode.frameBytes(),
            input,
            i * preprocessor.floatsPerFrame());
      }
      float[] latents;
      try (NDScope scope = new NDScope();
          NDManager batchManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray frames =
            batchManager.create(
                FloatBuffer.wrap(input, 0, batch * preprocessor.floatsPerFrame()),
                new Shape(batch, 3, side, side));
        latents = encoder.encode(frames).toFloatArray();
      }
      for (int i = 0; i < batch; i++) {
        int row = from + i;
        System.arraycopy(latents, i * latent, states, row * stateSize, latent);
        normalisation.normaliseProprio(
            episode.proprio(), row * proprioSize, states, row * stateSize + latent);
      }
    }
    return states;
  }
}
