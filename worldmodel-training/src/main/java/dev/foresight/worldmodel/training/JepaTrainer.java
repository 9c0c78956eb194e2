package dev.foresight.worldmodel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
   * @param contrastive weight κ of the temporal-contrastive term ({@link JepaLoss#contrastive}; 0:
   *     none, as in the recipe)
   * @param reconstruction weight ρ of {@link ReconstructionHead}'s pixel reconstruction (0: none,
   *     as in the recipe; experimental)
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
      int refineSteps,
      float contrastive,
      float reconstruction) {

    /** The recipe's settings for {@code steps} steps. */
    public static Options defaults(int steps, long seed) {
      return new Options(
          steps, seed, 64, 1e-3f, 1e-4f, 0.99f, 250, 1f, 0f, DEFAULT_SMOOTHNESS, 0, 0f, 0f);
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
      requireWeight("proprio decorrelation", proprioDecorrelation);
      requireWeight("smoothness", smoothness);
      requireWeight("contrastive weight", contrastive);
      requireWeight("reconstruction weight", reconstruction);
      if (refineSteps < 0) {
        throw new IllegalArgumentException(
            "predictor refinement steps must be zero or positive, got " + refineSteps);
      }
    }

    private static void requireWeight(String name, float value) {
      if (!(value >= 0) || !Float.isFinite(value)) {
        throw new IllegalArgumentException(
            name + " must be zero or positive and finite, got " + value);
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
    JepaLoss lossFunction = new JepaLoss(architecture, options);
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
    long[] windowEnds = JepaBatches.windowEnds(episodes);

    Engine engine = Engine.getEngine("PyTorch");
    Files.createDirectories(workDirectory);
    Path checkpointFile = workDirectory.resolve(CHECKPOINT);
    long start = System.nanoTime();
    try (NDManager manager = engine.newBaseManager()) {
      Weights initial = Weights.initialise(architecture, options.seed());
      TrainingCheckpoint.Saved saved =
          Files.isRegularFile(checkpointFile)
              ? TrainingCheckpoint.read(checkpointFile, architecture, options.seed())
              : null;
      int firstStep = saved == null ? 0 : saved.step();
      Weights savedMoment1 = saved == null ? null : saved.moment1();
      Weights savedMoment2 = saved == null ? null : saved.moment2();
      Weights savedTarget = saved == null ? null : saved.target();
      if (saved != null) {
        initial = saved.online();
        LOG.info("resuming from {} at step {}", checkpointFile, firstStep);
      }
      if (options.reconstruction() > 0) {
        initial = ReconstructionHead.withParameters(initial, architecture, options.seed());
      }
      Map<String, NDArray> online = TorchNetwork.toArrays(initial, manager);
      Map<String, NDArray> target =
          TorchNetwork.toArrays(savedTarget != null ? savedTarget : initial, manager);
      online.values().forEach(parameter -> parameter.setRequiresGradient(true));
      Map<String, NDArray> moment1 = TrainingSteps.moments(online, savedMoment1, manager);
      Map<String, NDArray> moment2 = TrainingSteps.moments(online, savedMoment2, manager);
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
        JepaBatches.fill(
            architecture,
            options.batchSize(),
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
                lossFunction.loss(
                    onlineNetwork, frameArray, actionArray, proprioArray, targetLatents, batch);
            collector.backward(lossArray);
            loss = lossArray.getFloat();
          }
          TrainingSteps.adamW(
              online,
              moment1,
              moment2,
              step + 1,
              TrainingSteps.oneCycle(options.learningRate(), options.steps(), step + 1),
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
          TrainingCheckpoint.write(
              checkpointFile, options.seed(), step + 1, online, target, moment1, moment2);
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
          TrainingSteps.mean(history, 0, Math.min(20, history.length)),
          TrainingSteps.mean(history, Math.max(0, history.length - 20), history.length),
          history,
          seconds,
          firstStep,
          refinement);
    }
  }
}
