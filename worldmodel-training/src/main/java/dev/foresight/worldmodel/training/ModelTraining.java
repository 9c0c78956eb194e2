package dev.foresight.worldmodel.training;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.ModelManifest;
import dev.foresight.worldmodel.Normalisation;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset → trained bundle: loads episodes, trains with {@link JepaTrainer} (checkpoints under
 * {@code OUT/.training/}), exports the ONNX bundle to {@code OUT}, evaluates it on the held-out
 * episodes with ONNX Runtime and records the numbers in the manifest.
 */
public final class ModelTraining {
  /** Rollout horizon of the held-out evaluation. */
  public static final int EVALUATION_HORIZON = 5;

  private ModelTraining() {}

  /**
   * What a training run produced.
   *
   * @param bundle the written bundle
   * @param training the trainer's result
   * @param evaluation held-out evaluation of the exported bundle
   */
  public record Outcome(
      ModelBundle bundle, JepaTrainer.Result training, ModelEvaluation.Report evaluation) {}

  /**
   * {@link #run(List, Path, Architecture, JepaTrainer.Options, JepaTrainer.Listener, String, int)}
   * of a model of one control step per prediction.
   */
  public static Outcome run(
      List<Path> datasets,
      Path out,
      Architecture architecture,
      JepaTrainer.Options options,
      JepaTrainer.Listener listener,
      String command)
      throws IOException {
    return run(datasets, out, architecture, options, listener, command, 1);
  }

  /**
   * {@link #run(List, List, Path, Architecture, JepaTrainer.Options, JepaTrainer.Listener, String,
   * int)} with the refinement stage on the same datasets.
   */
  public static Outcome run(
      List<Path> datasets,
      Path out,
      Architecture architecture,
      JepaTrainer.Options options,
      JepaTrainer.Listener listener,
      String command,
      int frameSkip)
      throws IOException {
    return run(datasets, datasets, out, architecture, options, listener, command, frameSkip);
  }

  /**
   * Trains and writes a bundle: the JEPA stage on {@code datasets}, the predictor's refinement
   * stage ({@link JepaTrainer.Options#refineSteps}) on {@code refineDatasets}. With other
   * refinement datasets the JEPA stage runs to its final checkpoint first and the refinement
   * resumes from it, so the encoder is the one {@code datasets} alone train; the proprio and action
   * normalisation, the held-out evaluation and the recorded data hash are then the refinement
   * datasets'.
   *
   * @param command the command line to record as the way to reproduce the bundle
   * @param frameSkip control steps per prediction ({@link FrameSkip}); the held-out evaluation's
   *     horizon counts predictions
   */
  public static Outcome run(
      List<Path> datasets,
      List<Path> refineDatasets,
      Path out,
      Architecture architecture,
      JepaTrainer.Options options,
      JepaTrainer.Listener listener,
      String command,
      int frameSkip)
      throws IOException {
    Path work = out.resolve(".training");
    JepaTrainer.Result jepa = null;
    List<Path> recorded = datasets;
    if (options.refineSteps() > 0 && !refineDatasets.equals(datasets)) {
      // A wrong refinement dataset is named now, not after the JEPA stage.
      for (Path directory : refineDatasets) {
        EpisodeDataset.manifest(directory);
      }
      jepa =
          new JepaTrainer(architecture, withoutRefinement(options))
              .train(load(datasets, frameSkip), work, listener);
      recorded = new ArrayList<>(datasets);
      refineDatasets.stream().filter(d -> !datasets.contains(d)).forEach(recorded::add);
    }
    EpisodeDataset data = load(jepa == null ? datasets : refineDatasets, frameSkip);
    JepaTrainer.Result result = new JepaTrainer(architecture, options).train(data, work, listener);
    if (jepa != null) {
      // The losses and history are the JEPA stage's; the refinement resumed at its last step.
      result =
          new JepaTrainer.Result(
              result.weights(),
              result.targetWeights(),
              result.normalisation(),
              jepa.firstLoss(),
              jepa.lastLoss(),
              jepa.lossHistory(),
              jepa.seconds() + result.seconds(),
              jepa.resumedFrom(),
              result.refinement());
    }
    Normalisation n = result.normalisation();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train.firstLoss", (double) result.firstLoss());
    metrics.put("train.lastLoss", (double) result.lastLoss());
    JepaTrainer.Refinement refinement = result.refinement();
    if (refinement != null) {
      float[] refine = refinement.lossHistory();
      metrics.put("refine.firstLoss", mean(refine, 0, Math.min(20, refine.length)));
      metrics.put("refine.lastLoss", mean(refine, Math.max(0, refine.length - 20), refine.length));
      metrics.put("refine.validationBefore", (double) refinement.validationBefore());
      metrics.put("refine.validationAfter", (double) refinement.validationAfter());
      metrics.put("refine.keptStep", (double) refinement.keptStep());
      metrics.put("refine.skippedSteps", (double) refinement.skippedSteps());
    }
    ModelManifest.Training training =
        new ModelManifest.Training(
            data.tasks(),
            recorded.stream().map(Path::toString).toList(),
            data.dataHash(),
            data.trainingEpisodes().size(),
            data.heldOutEpisodes().size(),
            options.steps(),
            options.batchSize(),
            options.seed(),
            result.seconds(),
            command,
            metrics);
    ModelManifest manifest = manifest(architecture, n, training, frameSkip);
    ModelBundle bundle = OnnxExporter.writeBundle(out, manifest, exported(result));
    ModelEvaluation.Report report = null;
    if (!data.heldOutEpisodes().isEmpty()) {
      try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
        report = ModelEvaluation.evaluate(model, data.heldOutEpisodes(), EVALUATION_HORIZON);
      }
      metrics.putAll(report.asMetrics());
      ModelBundle.writeManifest(out, bundle.manifest());
      bundle = ModelBundle.read(out);
    }
    return new Outcome(bundle, result, report);
  }

  private static EpisodeDataset load(List<Path> datasets, int frameSkip) throws IOException {
    return FrameSkip.apply(EpisodeDataset.load(datasets), frameSkip, JepaTrainer.WINDOW);
  }

  private static JepaTrainer.Options withoutRefinement(JepaTrainer.Options o) {
    return new JepaTrainer.Options(
        o.steps(),
        o.seed(),
        o.batchSize(),
        o.learningRate(),
        o.weightDecay(),
        o.emaDecay(),
        o.checkpointEvery(),
        o.proprioWeight(),
        o.proprioDecorrelation(),
        o.smoothness(),
        0,
        o.contrastive(),
        o.reconstruction());
  }

  /**
   * The weights that go into the bundle: the EMA target encoder (the encoder whose outputs the
   * predictor learned to predict, and a smoothed version of the online one) and the online
   * predictor.
   */
  static Weights exported(JepaTrainer.Result result) {
    Weights weights = new Weights();
    for (var entry : result.weights().all().entrySet()) {
      Weights.Tensor tensor =
          entry.getKey().startsWith("enc.")
              ? result.targetWeights().get(entry.getKey())
              : entry.getValue();
      weights.put(entry.getKey(), tensor.shape(), tensor.values());
    }
    return weights;
  }

  /**
   * Writes a bundle with freshly initialised (untrained) weights and unit normalisation: for tests
   * and benchmarks of the plumbing, not for planning.
   */
  public static ModelBundle writeUntrained(Path out, Architecture architecture, long seed)
      throws IOException {
    float[] zeros = new float[architecture.proprioSize()];
    float[] ones = new float[architecture.proprioSize()];
    java.util.Arrays.fill(ones, 1f);
    float[] scale = new float[architecture.actionSize()];
    java.util.Arrays.fill(scale, 0.05f);
    Normalisation n =
        new Normalisation(
            Normalisation.PIXEL_MEAN.clone(), Normalisation.PIXEL_STD.clone(), zeros, ones, scale);
    ModelManifest.Training training =
        new ModelManifest.Training(
            List.of(), List.of(), "none", 0, 0, 0, 0, seed, 0, "untrained", Map.of());
    return OnnxExporter.writeBundle(
        out, manifest(architecture, n, training, 1), Weights.initialise(architecture, seed));
  }

  private static ModelManifest manifest(
      Architecture architecture, Normalisation n, ModelManifest.Training training, int frameSkip) {
    float[] low = new float[n.actionScale().length];
    for (int i = 0; i < low.length; i++) {
      low[i] = -n.actionScale()[i];
    }
    return new ModelManifest(
        ModelManifest.FORMAT,
        ModelManifest.VERSION,
        architecture.imageSize(),
        architecture.imageSize(),
        "rgb",
        n.pixelMean(),
        n.pixelStd(),
        architecture.latentSize(),
        architecture.stateSize(),
        "[z("
            + architecture.latentSize()
            + "), (proprio - proprioMean) / proprioStd ("
            + architecture.proprioSize()
            + ")]",
        architecture.proprioSize(),
        ModelManifest.PROPRIO_NAMES.subList(0, Math.min(7, architecture.proprioSize())),
        n.proprioMean(),
        n.proprioStd(),
        architecture.actionSize(),
        ModelManifest.ACTION_NAMES.subList(0, Math.min(7, architecture.actionSize())),
        low,
        n.actionScale(),
        n.actionScale(),
        frameSkip,
        0.1,
        architecture.convChannels(),
        architecture.predictorHidden(),
        architecture.inverseHidden(),
        architecture.keypoints(),
        architecture.keypointMoments(),
        training,
        Map.of());
  }

  /** Mean of the finite values in {@code [from, to)} (skipped refinement steps are NaN). */
  private static double mean(float[] values, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int i = from; i < to; i++) {
      if (Float.isFinite(values[i])) {
        sum += values[i];
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
