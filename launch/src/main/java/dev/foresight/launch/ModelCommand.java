package dev.foresight.launch;

import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.ModelManifest;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.training.EpisodeDataset;
import dev.foresight.worldmodel.training.ModelEvaluation;
import dev.foresight.worldmodel.training.ModelTraining;
import dev.foresight.worldmodel.training.ParityCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight model check|eval|encode}: verify and measure model bundles. Check and eval use
 * the worldmodel-training module ({@link TrainingModule}); encode needs only inference.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Check and evaluate model bundles.",
    subcommands = {ModelCommand.Check.class, ModelCommand.Eval.class, ModelEncodeCommand.class})
final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads a bundle on ONNX Runtime and PyTorch and compares their outputs. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a bundle (files, checksums, manifest) and run it on ONNX Runtime and on PyTorch"
            + " with the same weights and inputs; fails if any output differs by more than 1e-4."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "MODEL_DIR",
        defaultValue = "models/foresight-sim",
        description = "bundle directory (default ${DEFAULT-VALUE})")
    Path bundleDirectory;

    @Override
    public Integer call() throws Exception {
      TrainingModule.require();
      DjlDefaults.apply();
      PrintWriter out = spec.commandLine().getOut();
      ModelBundle bundle = ModelBundle.read(DjlDefaults.resolve(bundleDirectory));
      ModelManifest manifest = bundle.manifest();
      out.printf(
          "bundle %s: format %s v%d, input %dx%d %s, latent %d + proprio %d = state %d, action %d,"
              + " %d bytes, checksums ok%n",
          bundle.directory(),
          manifest.format(),
          manifest.version(),
          manifest.imageWidth(),
          manifest.imageHeight(),
          manifest.channelOrder(),
          manifest.latentSize(),
          manifest.proprioSize(),
          manifest.stateSize(),
          manifest.actionSize(),
          bundle.sizeBytes());
      ParityCheck.Result result = ParityCheck.onnxRuntimeVersusPyTorch(bundle, 42);
      out.printf(
          "OnnxRuntime vs PyTorch: encoder max |diff| %.2e over %d frames, predictor max |diff|"
              + " %.2e over %d states (tolerance %.0e): %s%n",
          result.encoderMaxDifference(),
          result.frames(),
          result.predictorMaxDifference(),
          result.states(),
          ParityCheck.TOLERANCE,
          result.passed() ? "PASS" : "FAIL");
      return result.passed() ? 0 : 1;
    }
  }

  /** Held-out rollout error and energy rank correlation per task. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Evaluate a bundle on the held-out episodes (every tenth) of datasets: 5-step rollout error"
            + " vs the copy-last-latent baseline (pass: ratio <= 0.5) and the Spearman correlation"
            + " of latent distance with true state distance over (frame, goal) pairs (pass: >= 0.8)."
      })
  static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "MODEL_DIR",
        defaultValue = "models/foresight-sim",
        description = "bundle directory (default ${DEFAULT-VALUE})")
    Path bundleDirectory;

    @Option(
        names = "--data",
        required = true,
        split = ",",
        paramLabel = "DIR",
        description = "dataset directories, comma-separated")
    List<Path> data;

    @Option(
        names = "--all-episodes",
        description = "evaluate on every episode, not only the held-out ones")
    boolean allEpisodes;

    @Override
    public Integer call() throws Exception {
      TrainingModule.require();
      DjlDefaults.apply();
      PrintWriter out = spec.commandLine().getOut();
      ModelBundle bundle = ModelBundle.read(DjlDefaults.resolve(bundleDirectory));
      EpisodeDataset dataset =
          dev.foresight.worldmodel.training.FrameSkip.apply(
              EpisodeDataset.load(data),
              bundle.manifest().frameSkip(),
              dev.foresight.worldmodel.training.JepaTrainer.WINDOW);
      var episodes = allEpisodes ? dataset.episodes() : dataset.heldOutEpisodes();
      ModelEvaluation.Report report;
      try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
        report = ModelEvaluation.evaluate(model, episodes, ModelTraining.EVALUATION_HORIZON);
      }
      out.printf(
          "%s on %d %s episodes (%s)%n",
          bundle.directory(),
          episodes.size(),
          allEpisodes ? "" : "held-out",
          String.join(", ", dataset.tasks()));
      out.print(report.format());
      for (ModelEvaluation.TaskMetrics task : report.tasks()) {
        out.printf(
            "%s: rollout ratio %.3f %s (<= 0.5), spearman %.3f %s (>= 0.8)%n",
            task.task(),
            task.rolloutRatio(),
            task.rolloutRatio() <= 0.5 ? "PASS" : "FAIL",
            task.spearman(),
            task.spearman() >= 0.8 ? "PASS" : "FAIL");
      }
      out.flush();
      return 0;
    }
  }
}
