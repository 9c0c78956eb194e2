package dev.foresight.worldmodel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.FramePreprocessor;
import dev.foresight.worldmodel.Normalisation;
import dev.foresight.worldmodel.Weights;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JEPA training of the encoder and predictor with DJL's PyTorch engine on the CPU.
 *
 * <p>Each step draws {@code batchSize} windows of {@value #WINDOW} consecutive frames. The online
 * encoder embeds all frames; the target encoder (an exponential moving average of the online one,
 * no gradient) embeds them too and supplies the regression targets. The loss is
 *
 * <pre>
 *   L = mean_k smoothL1(P(s_k, a_k), s̄_{k+1})                  teacher-forced, k = 0..2
 *     + mean_k smoothL1(P^k(s_0, a_0..k), s̄_{k+1})             open-loop rollout from s_0
 *     + 10 · mean_d relu(1 − std_d(z)) + 0.4 · Σ_{i≠j} C_ij² / D  VICReg anti-collapse
 *     + σ · mean ‖z_{k+1} − z_k‖²                               temporal smoothness (σ = 2)
 *     + mean ‖IDM(z_k, z_{k+1}) − a_k / scale‖²                 inverse dynamics
 *     + mean ‖W z_k + b − p̂_k‖²                                 linear proprio decoder
 * </pre>
 *
 * where {@code s = [z, p̂]} joins the image latent and the normalised proprio {@code p̂} (in the
 * two prediction terms the proprio dimensions are weighted by {@link Options#proprioWeight()}), and
 * {@code s̄} uses the target encoder. AdamW with a one-cycle schedule (10% warm-up, cosine decay).
 *
 * <p>With {@link Options#proprioDecorrelation()} {@code μ > 0} the last two terms are replaced by
 * {@code μ · Σ_ij Cov(z_i, p̂_j)² / D}: the state already carries the arm's pose in {@code p̂}, so
 * z is pushed to describe the rest of the scene (where the block or cube is) instead of the arm
 * again. It makes latent distance track a task whose true distance ignores the arm (on push-t, ρ
 * 0.42 → 0.85 in one run) at some cost in rollout error.
 *
 * <p>{@link Options#smoothness()} σ weighs the temporal smoothness term. Raised with decorrelation
 * (σ = 10, μ = 10 on push-t) it favours features that change slowly, the pushed block's pose, over
 * ones that follow every small arm move: push-t's latent then stays still while the block does
 * (rollout ratio 0.71 → 0.39 after refinement, ρ 0.85 kept in one run).
 *
 * <p>Deterministic for a given seed and PyTorch thread count: initial weights and every batch are
 * drawn from seeded Java generators (batch {@code i} from {@code seed} and {@code i}, so a resumed
 * run sees the same batches as an uninterrupted one).
 */
public final class JepaTrainer {
  /** Frames per training window. */
  public static final int WINDOW = 4;

  private static final Logger LOG = LoggerFactory.getLogger(JepaTrainer.class);
  private static final String CHECKPOINT = "checkpoint.npz";

  /** The recipe's weight of the temporal smoothness term. */
  public static final float DEFAULT_SMOOTHNESS = 2f;

  /**
   * Training settings.
   *
   * @param steps optimiser steps in total (a resumed run continues up to this count)
   * @param seed seed for initial weights and batches
   * @param batchSize windows per step
   * @param learningRate peak learning rate of the one-cycle schedule
   * @param weightDecay AdamW decoupled weight decay
   * @param emaDecay target encoder decay τ: {@code θ̄ ← τ θ̄ + (1 − τ) θ}
   * @param checkpointEvery steps between checkpoints (0: only at the end)
   * @param proprioWeight weight λ of the proprio part of the prediction losses relative to the
   *     image latent's (1: every state dimension counts the same). The proprio is 7 of 71 state
   *     dimensions, so at 1 the gripper's own dynamics carry 1/71 of the prediction loss.
   * @param proprioDecorrelation weight μ of a term that keeps the image latent linearly
   *     uncorrelated with the proprio, used instead of the inverse-dynamics and proprio-decoder
   *     heads (0: those heads, as in the first recipe)
   * @param smoothness weight σ of the temporal smoothness term {@code mean ‖z_{k+1} − z_k‖²} (the
   *     recipe's 2)
   * @param refineSteps steps of the second stage, {@link PredictorRefinement}: the predictor alone
   *     on the frozen target encoder's latents (0: none, as in the first recipe)
   */
  public record Options(
      int steps,
      long seed,
      int batchSize,
      float learningRate,
      float weightDecay,
      float emaDecay,
      int checkpointEvery,
      float proprioWeight,
      float proprioDecorrelation,
      float smoothness,
      int refineSteps) {

    /** The recipe's settings for {@code steps} steps. */
    public static Options defaults(int steps, long seed) {
      return new Options(steps, seed, 64, 1e-3f, 1e-4f, 0.99f, 250, 1f, 0f, DEFAULT_SMOOTHNESS, 0);
    }

    /** Checks ranges. */
    public Options {
      if (steps <= 0) {
        throw new IllegalArgumentException("steps must be positive, got " + steps);
      }
      if (batchSize <= 1) {
        throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
      }
      if (!(emaDecay >= 0 && emaDecay < 1)) {
        throw new IllegalArgumentException("emaDecay must be in [0, 1), got " + emaDecay);
      }
      if (!(proprioWeight > 0) || !Float.isFinite(proprioWeight)) {
        throw new IllegalArgumentException(
            "proprio weight must be positive and finite, got " + proprioWeight);
      }
      if (!(proprioDecorrelation >= 0) || !Float.isFinite(proprioDecorrelation)) {
        throw new IllegalArgumentException(
            "proprio decorrelation must be zero or positive and finite, got "
                + proprioDecorrelation);
      }
      if (!(smoothness >= 0) || !Float.isFinite(smoothness)) {
        throw new IllegalArgumentException(
            "smoothness must be zero or positive and finite, got " + smoothness);
      }
      if (refineSteps < 0) {
        throw new IllegalArgumentException(
            "predictor refinement steps must be zero or positive, got " + refineSteps);
      }
    }
  }

  /** Receives progress once per step; called on the training thread. */
  public interface Listener {
    /** Training starts (or resumes) at {@code firstStep} of {@code totalSteps}. */
    default void started(int firstStep, int totalSteps) {}

    /** Step {@code step} (1-based) finished with the given loss. */
    default void stepped(int step, float loss) {}

    /** A checkpoint was written after {@code step}. */
    default void checkpointed(int step, Path file) {}

    /**
     * Predictor refinement (the second stage) finished {@code step} of {@code totalSteps} with the
     * given loss; called with step 0 and a NaN loss when the stage starts, after the frames are
     * encoded.
     */
    default void refining(int step, int totalSteps, float loss) {}

    /**
     * A predictor-refinement check after {@code step} measured {@code validationLoss}; {@code best}
     * is the lowest so far (the JEPA stage's predictor's before the first step).
     */
    default void refineChecked(int step, float validationLoss, float best) {}
  }

  /**
   * What training produced.
   *
   * @param weights online network weights (encoder, predictor and training heads)
   * @param targetWeights the EMA target network's weights
   * @param normalisation scalings the network was trained with
   * @param firstLoss mean loss of the first up-to-20 steps of this run
   * @param lastLoss mean loss of the last up-to-20 steps
   * @param lossHistory loss of each step of this run
   * @param seconds wall time of this run
   * @param resumedFrom step the run resumed from (0 for a fresh start)
   * @param refinement what the predictor refinement did (null without that stage)
   */
  public record Result(
      Weights weights,
      Weights targetWeights,
      Normalisation normalisation,
      float firstLoss,
      float lastLoss,
      float[] lossHistory,
      double seconds,
      int resumedFrom,
      Refinement refinement) {}

  /**
   * The second stage's outcome.
   *
   * @param lossHistory training loss of each step
   * @param validationBefore loss on fixed validation windows before the stage
   * @param validationAfter the same for the predictor kept: the lowest seen at the checks
   * @param keptStep the step whose predictor was kept (0: the JEPA stage's, unchanged)
   * @param skippedSteps steps dropped because their loss or a gradient was not finite
   */
  public record Refinement(
      float[] lossHistory,
      float validationBefore,
      float validationAfter,
      int keptStep,
      int skippedSteps) {}

  private final Architecture architecture;
  private final Options options;

  /**
   * @param architecture network shape; its image size must match the dataset frames
   * @param options training settings
   */
  public JepaTrainer(Architecture architecture, Options options) {
    this.architecture = architecture;
    this.options = options;
  }

  /**
   * Trains on the non-held-out episodes of {@code data}, checkpointing into {@code workDirectory}
   * and resuming from a checkpoint found there.
   */
  public Result train(EpisodeDataset data, Path workDirectory, Listener listener)
      throws IOException {
    if (data.imageSize() != architecture.imageSize()) {
      throw new IllegalArgumentException(
          "dataset frames are "
              + data.imageSize()
              + " px, the architecture expects "
              + architecture.imageSize()
              + " px");
    }
    List<EpisodeDataset.Episode> episodes = new ArrayList<>();
    for (EpisodeDataset.Episode episode : data.trainingEpisodes()) {
      if (episode.steps() >= WINDOW - 1) {
        episodes.add(episode);
      }
    }
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException(
          "no training episode has " + (WINDOW - 1) + " or more steps");
    }
    Normalisation normalisation =
        EpisodeDataset.normalisation(
            episodes, architecture.proprioSize(), architecture.actionSize());
    long[] windowEnds = new long[episodes.size()];
    long windows = 0;
    for (int i = 0; i < episodes.size(); i++) {
      windows += episodes.get(i).steps() - (WINDOW - 1) + 1;
      windowEnds[i] = windows;
    }

    Engine engine = Engine.getEngine("PyTorch");
    Files.createDirectories(workDirectory);
    Path checkpointFile = workDirectory.resolve(CHECKPOINT);
    long start = System.nanoTime();
    try (NDManager manager = engine.newBaseManager()) {
      Weights initial = Weights.initialise(architecture, options.seed());
      int firstStep = 0;
      Weights savedMoment1 = null;
      Weights savedMoment2 = null;
      Weights savedTarget = null;
      if (Files.isRegularFile(checkpointFile)) {
        Weights checkpoint = Weights.load(checkpointFile);
        checkCheckpoint(checkpointFile, checkpoint, architecture);
        firstStep = (int) checkpoint.get("meta.step").values()[0];
        long seed = unpackSeed(checkpoint.get("meta.seed").values());
        if (seed != options.seed()) {
          throw new IllegalArgumentException(
              checkpointFile
                  + " was written with seed "
                  + seed
                  + ", this run uses seed "
                  + options.seed()
                  + " (remove it to start afresh)");
        }
        initial = prefixed(checkpoint, "online.");
        savedMoment1 = prefixed(checkpoint, "m1.");
        savedMoment2 = prefixed(checkpoint, "m2.");
        savedTarget = prefixed(checkpoint, "target.");
        LOG.info("resuming from {} at step {}", checkpointFile, firstStep);
      }
      Map<String, NDArray> online = TorchNetwork.toArrays(initial, manager);
      Map<String, NDArray> target =
          TorchNetwork.toArrays(savedTarget != null ? savedTarget : initial, manager);
      Map<String, NDArray> moment1 = new LinkedHashMap<>();
      Map<String, NDArray> moment2 = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> entry : online.entrySet()) {
        entry.getValue().setRequiresGradient(true);
        Shape shape = entry.getValue().getShape();
        moment1.put(
            entry.getKey(),
            savedMoment1 != null
                ? manager.create(savedMoment1.get(entry.getKey()).values(), shape)
                : manager.zeros(shape));
        moment2.put(
            entry.getKey(),
            savedMoment2 != null
                ? manager.create(savedMoment2.get(entry.getKey()).values(), shape)
                : manager.zeros(shape));
      }
      NDArray inverseScale = manager.create(normalisation.actionInverseScale());
      TorchNetwork onlineNetwork = new TorchNetwork(architecture, online, inverseScale);
      TorchNetwork targetNetwork = new TorchNetwork(architecture, target, inverseScale);

      FramePreprocessor preprocessor =
          new FramePreprocessor(
              architecture.imageSize(), normalisation.pixelMean(), normalisation.pixelStd());
      int batch = options.batchSize();
      float[] frames = new float[batch * WINDOW * preprocessor.floatsPerFrame()];
      float[] actions = new float[batch * (WINDOW - 1) * architecture.actionSize()];
      float[] proprio = new float[batch * WINDOW * architecture.proprioSize()];

      listener.started(firstStep, options.steps());
      float[] history = new float[Math.max(0, options.steps() - firstStep)];
      for (int step = firstStep; step < options.steps(); step++) {
        fillBatch(
            new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step),
            episodes,
            windowEnds,
            normalisation,
            preprocessor,
            frames,
            actions,
            proprio);
        float loss;
        try (NDScope scope = new NDScope();
            NDManager stepManager = manager.newSubManager()) {
          scope.suppressNotUsedWarning();
          NDArray frameArray =
              stepManager.create(
                  FloatBuffer.wrap(frames),
                  new Shape(batch * WINDOW, 3, architecture.imageSize(), architecture.imageSize()));
          NDArray actionArray =
              stepManager.create(
                  FloatBuffer.wrap(actions),
                  new Shape(batch, WINDOW - 1, architecture.actionSize()));
          NDArray proprioArray =
              stepManager.create(
                  FloatBuffer.wrap(proprio), new Shape(batch, WINDOW, architecture.proprioSize()));
          NDArray targetLatents =
              targetNetwork
                  .encode(frameArray)
                  .reshape(batch, WINDOW, architecture.latentSize())
                  .stopGradient();
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray lossArray =
                loss(onlineNetwork, frameArray, actionArray, proprioArray, targetLatents, batch);
            collector.backward(lossArray);
            loss = lossArray.getFloat();
          }
          adamW(
              online,
              moment1,
              moment2,
              step + 1,
              oneCycle(options.learningRate(), options.steps(), step + 1),
              options.weightDecay());
          // θ̄ ← τ θ̄ + (1 − τ) θ
          for (Map.Entry<String, NDArray> entry : target.entrySet()) {
            entry
                .getValue()
                .muli(options.emaDecay())
                .addi(online.get(entry.getKey()).mul(1 - options.emaDecay()));
          }
        }
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException(
              "training diverged: loss " + loss + " at step " + (step + 1));
        }
        history[step - firstStep] = loss;
        listener.stepped(step + 1, loss);
        boolean last = step + 1 == options.steps();
        if (last
            || (options.checkpointEvery() > 0 && (step + 1) % options.checkpointEvery() == 0)) {
          writeCheckpoint(checkpointFile, step + 1, online, target, moment1, moment2);
          listener.checkpointed(step + 1, checkpointFile);
        }
      }
      // The refinement starts from the final checkpoint's weights, so a run resumed after the last
      // checkpoint repeats it (bit for bit in one process; across processes its results have
      // differed in rounding, see the README); its result is never checkpointed.
      Refinement refinement =
          options.refineSteps() == 0
              ? null
              : new PredictorRefinement(architecture, options)
                  .run(
                      episodes,
                      normalisation,
                      preprocessor,
                      targetNetwork,
                      onlineNetwork,
                      online,
                      manager,
                      listener);
      Weights trained = TorchNetwork.toWeights(online);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(
          trained,
          TorchNetwork.toWeights(target),
          normalisation,
          mean(history, 0, Math.min(20, history.length)),
          mean(history, Math.max(0, history.length - 20), history.length),
          history,
          seconds,
          firstStep,
          refinement);
    }
  }

  private NDArray loss(
      TorchNetwork network,
      NDArray frames,
      NDArray actions,
      NDArray proprio,
      NDArray targetLatents,
      int batch) {
    int latent = architecture.latentSize();
    NDArray latents = network.encode(frames); // [B·W, L]
    NDArray windowLatents = latents.reshape(batch, WINDOW, latent);
    NDArray total = null;
    NDArray rollout = null;
    NDArray teacherForced = null;
    NDArray smoothness = null;
    NDArray inverse = null;
    NDArray proprioError = null;
    NDArray rolled = null;
    for (int k = 0; k < WINDOW - 1; k++) {
      NDArray zk = windowLatents.get(new NDIndex(":, {}, :", k));
      NDArray zNext = windowLatents.get(new NDIndex(":, {}, :", k + 1));
      NDArray pk = proprio.get(new NDIndex(":, {}, :", k));
      NDArray ak = actions.get(new NDIndex(":, {}, :", k));
      NDArray stateK = NDArrays2.concat(zk, pk);
      NDArray targetNext =
          NDArrays2.concat(
              targetLatents.get(new NDIndex(":, {}, :", k + 1)),
              proprio.get(new NDIndex(":, {}, :", k + 1)));
      NDArray oneStep = stateLoss(network.predict(stateK, ak), targetNext);
      teacherForced = teacherForced == null ? oneStep : teacherForced.add(oneStep);
      rolled = network.predict(rolled == null ? stateK : rolled, ak);
      NDArray rollStep = stateLoss(rolled, targetNext);
      rollout = rollout == null ? rollStep : rollout.add(rollStep);
      NDArray change = zNext.sub(zk).square().mean();
      smoothness = smoothness == null ? change : smoothness.add(change);
      NDArray idm =
          network
              .inverseDynamics(zk, zNext)
              .sub(ak.mul(network.actionInverseScale()))
              .square()
              .mean();
      inverse = inverse == null ? idm : inverse.add(idm);
      NDArray decoded = network.decodeProprio(zk).sub(pk).square().mean();
      proprioError = proprioError == null ? decoded : proprioError.add(decoded);
    }
    float steps = WINDOW - 1;
    // VICReg on all online latents of the batch.
    NDArray centred = latents.sub(latents.mean(new int[] {0}, true));
    long n = latents.getShape().get(0);
    NDArray variance = centred.square().sum(new int[] {0}).div(n - 1);
    NDArray varianceLoss = variance.add(1e-4f).sqrt().neg().add(1f).maximum(0f).mean();
    NDArray covariance = centred.transpose().matMul(centred).div(n - 1);
    // Σ_{i≠j} C_ij² = Σ C² − Σ diag(C)²
    NDArray covarianceLoss = covariance.square().sum().sub(variance.square().sum()).div(latent);
    total =
        teacherForced
            .div(steps)
            .add(rollout.div(steps))
            .add(varianceLoss.mul(10f))
            .add(covarianceLoss.mul(0.4f))
            .add(smoothness.div(steps).mul(options.smoothness()));
    float decorrelation = options.proprioDecorrelation();
    if (decorrelation == 0f) {
      return total.add(inverse.div(steps)).add(proprioError.div(steps));
    }
    // The state carries the proprio beside z: keep z's linear part free of it, so the latent
    // spends itself on the scene (objects) rather than on a second copy of the arm.
    NDArray flatProprio = proprio.reshape(n, architecture.proprioSize());
    NDArray proprioCentred = flatProprio.sub(flatProprio.mean(new int[] {0}, true));
    NDArray cross = centred.transpose().matMul(proprioCentred).div(n - 1);
    return total.add(cross.square().sum().div(latent).mul(decorrelation));
  }

  /**
   * Prediction loss on a joined state {@code [z, p̂]}: smooth L1 averaged over all dimensions, with
   * the proprio dimensions' share scaled by {@link Options#proprioWeight()}.
   */
  private NDArray stateLoss(NDArray prediction, NDArray target) {
    return stateLoss(prediction, target, architecture.proprioSize(), options.proprioWeight());
  }

  /** {@link #stateLoss(NDArray, NDArray)} for any proprio size and weight. */
  static NDArray stateLoss(
      NDArray prediction, NDArray target, long proprioSize, float proprioWeight) {
    NDArray all = smoothL1(prediction, target);
    float extra = proprioWeight - 1f;
    if (extra == 0f) {
      return all;
    }
    long size = prediction.getShape().get(prediction.getShape().dimension() - 1);
    NDIndex proprio = new NDIndex(":, {}:", size - proprioSize);
    NDArray proprioPart = smoothL1(prediction.get(proprio), target.get(proprio));
    // mean over all = (latent sum + proprio sum) / size; add (λ − 1) × proprio sum / size.
    return all.add(proprioPart.mul(extra * proprioSize / (float) size));
  }

  private static NDArray smoothL1(NDArray prediction, NDArray target) {
    NDArray difference = prediction.sub(target).abs();
    NDArray small = difference.minimum(1f);
    // huber(d) = 0.5 min(d,1)² + (d − min(d,1))
    return small.square().mul(0.5f).add(difference.sub(small)).mean();
  }

  /** One AdamW update of every array in {@code parameters} from its gradient, which it clears. */
  static void adamW(
      Map<String, NDArray> parameters,
      Map<String, NDArray> moment1,
      Map<String, NDArray> moment2,
      int step,
      float rate,
      float weightDecay) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float epsilon = 1e-8f;
    float correction1 = 1 - (float) Math.pow(beta1, step);
    float correction2 = 1 - (float) Math.pow(beta2, step);
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      NDArray parameter = entry.getValue();
      NDArray gradient = parameter.getGradient();
      NDArray m = moment1.get(entry.getKey());
      NDArray v = moment2.get(entry.getKey());
      m.muli(beta1).addi(gradient.mul(1 - beta1));
      v.muli(beta2).addi(gradient.square().mul(1 - beta2));
      NDArray update =
          m.div(correction1)
              .div(v.div(correction2).sqrt().add(epsilon))
              .add(parameter.mul(weightDecay));
      parameter.subi(update.mul(rate));
      JniUtils.zeroGrad((PtNDArray) parameter);
    }
  }

  /**
   * One-cycle: linear warm-up over 10% of {@code steps} from peak/25, then cosine decay to
   * peak/1000.
   */
  static float oneCycle(float peak, int steps, int step) {
    int warmup = Math.max(1, steps / 10);
    if (step <= warmup) {
      return peak / 25 + (peak - peak / 25) * step / warmup;
    }
    double progress = (step - warmup) / (double) Math.max(1, steps - warmup);
    return (float) (peak / 1000 + (peak - peak / 1000) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }

  private void fillBatch(
      SplittableRandom random,
      List<EpisodeDataset.Episode> episodes,
      long[] windowEnds,
      Normalisation normalisation,
      FramePreprocessor preprocessor,
      float[] frames,
      float[] actions,
      float[] proprio) {
    int actionSize = architecture.actionSize();
    int proprioSize = architecture.proprioSize();
    int frameFloats = preprocessor.floatsPerFrame();
    for (int b = 0; b < options.batchSize(); b++) {
      long pick = random.nextLong(windowEnds[windowEnds.length - 1]);
      int index = 0;
      while (windowEnds[index] <= pick) {
        index++;
      }
      EpisodeDataset.Episode episode = episodes.get(index);
      int t = (int) (pick - (index == 0 ? 0 : windowEnds[index - 1]));
      int frameBytes = episode.frameBytes();
      for (int k = 0; k < WINDOW; k++) {
        preprocessor.prepareRgb(
            episode.frames(), (t + k) * frameBytes, frames, (b * WINDOW + k) * frameFloats);
        normalisation.normaliseProprio(
            episode.proprio(), (t + k) * proprioSize, proprio, (b * WINDOW + k) * proprioSize);
        if (k < WINDOW - 1) {
          System.arraycopy(
              episode.actions(),
              (t + k) * actionSize,
              actions,
              (b * (WINDOW - 1) + k) * actionSize,
              actionSize);
        }
      }
    }
  }

  private void writeCheckpoint(
      Path file,
      int step,
      Map<String, NDArray> online,
      Map<String, NDArray> target,
      Map<String, NDArray> moment1,
      Map<String, NDArray> moment2)
      throws IOException {
    Weights checkpoint = new Weights();
    checkpoint.put("meta.step", new long[] {1}, new float[] {step});
    checkpoint.put("meta.seed", new long[] {4}, packSeed(options.seed()));
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
  private static void checkCheckpoint(Path file, Weights checkpoint, Architecture architecture)
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

  private static float mean(float[] values, int from, int to) {
    if (to <= from) {
      return Float.NaN;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return (float) (sum / (to - from));
  }

  /** Small helpers kept apart so the loss reads like the formula. */
  private static final class NDArrays2 {
    static NDArray concat(NDArray a, NDArray b) {
      return ai.djl.ndarray.NDArrays.concat(new NDList(a, b), 1);
    }
  }
}
