package dev.foresight.launch;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.training.JepaTrainer;
import dev.foresight.worldmodel.training.ModelTraining;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The run of {@code foresight train} ({@link TrainCommand} holds its options). Apart from the
 * command class because it uses the worldmodel-training module: the JVM loads the classes a class's
 * code passes around when it links that class, and picocli links every command class when it builds
 * the command tree, so on the inference class path only this class, used by {@code train} alone,
 * may refer to training classes.
 */
final class TrainJob {
  private TrainJob() {}

  /** Trains with {@code c}'s options and prints what the run did; returns the exit status. */
  static int run(TrainCommand c) throws Exception {
    DjlDefaults.apply();
    JepaTrainer.Options defaults = JepaTrainer.Options.defaults(c.steps, c.seed);
    JepaTrainer.Options options;
    try {
      options =
          new JepaTrainer.Options(
              c.steps,
              c.seed,
              c.batch,
              defaults.learningRate(),
              defaults.weightDecay(),
              defaults.emaDecay(),
              c.checkpointEvery,
              c.proprioWeight,
              c.proprioDecorrelation,
              c.smoothness,
              c.refineSteps,
              c.contrastive,
              c.reconstruction);
    } catch (IllegalArgumentException e) {
      // A value out of range is a usage error like a malformed one: exit 2, nothing written.
      throw new picocli.CommandLine.ParameterException(c.spec.commandLine(), e.getMessage());
    }
    String command =
        "foresight train --data "
            + joined(c.data)
            + " --out "
            + c.out
            + " --steps "
            + c.steps
            + " --seed "
            + c.seed
            + " --batch "
            + c.batch
            + (c.proprioWeight == 1f ? "" : " --proprio-weight " + c.proprioWeight)
            + (c.proprioDecorrelation == 0f
                ? ""
                : " --proprio-decorrelation " + c.proprioDecorrelation)
            + (c.smoothness == JepaTrainer.DEFAULT_SMOOTHNESS
                ? ""
                : " --smoothness " + c.smoothness)
            + (c.refineSteps == 0 ? "" : " --refine-steps " + c.refineSteps)
            + (c.refineData == null ? "" : " --refine-data " + joined(c.refineData))
            + (c.contrastive == 0 ? "" : " --contrastive " + c.contrastive)
            + (c.reconstruction == 0 ? "" : " --reconstruction " + c.reconstruction)
            + " --encoder "
            + c.encoder.name().toLowerCase(java.util.Locale.ROOT);
    Architecture architecture = Architecture.of(c.encoder, 7, 7);
    if (c.keypoints != null) {
      if (c.encoder == Architecture.Encoder.FLAT || c.keypoints < 1) {
        throw new picocli.CommandLine.ParameterException(
            c.spec.commandLine(),
            "--keypoints "
                + c.keypoints
                + " needs --encoder keypoints or moments and a count of at least 1");
      }
      architecture = architecture.withKeypoints(c.keypoints);
      command += " --keypoints " + c.keypoints;
    }
    if (c.predictorHidden != null) {
      if (c.predictorHidden < 8 || c.predictorHidden > 4096) {
        throw new picocli.CommandLine.ParameterException(
            c.spec.commandLine(),
            "--predictor-hidden " + c.predictorHidden + " is out of range, expected 8..4096 units");
      }
      architecture = architecture.withPredictorHidden(c.predictorHidden);
      command += " --predictor-hidden " + c.predictorHidden;
    }
    if (c.frameSkip < 1 || c.frameSkip > 100) {
      throw new picocli.CommandLine.ParameterException(
          c.spec.commandLine(),
          "--frameskip " + c.frameSkip + " is out of range, expected 1..100 control steps");
    }
    if (c.frameSkip > 1) {
      command += " --frameskip " + c.frameSkip;
    }
    if (c.refineData != null && c.refineSteps == 0) {
      throw new picocli.CommandLine.ParameterException(
          c.spec.commandLine(),
          "--refine-data "
              + joined(c.refineData)
              + " needs --refine-steps N > 0: it names the refinement stage's datasets");
    }
    ProgressListener listener = new ProgressListener();
    ModelTraining.Outcome outcome;
    try {
      outcome =
          ModelTraining.run(
              c.data,
              c.refineData == null ? c.data : c.refineData,
              c.out,
              architecture,
              options,
              listener,
              command,
              c.frameSkip);
    } finally {
      listener.close();
    }
    var out = c.spec.commandLine().getOut();
    JepaTrainer.Result training = outcome.training();
    if (training.resumedFrom() >= c.steps) {
      out.printf(
          "JEPA stage already complete (checkpoint at step %d); %.1f s this run%n",
          training.resumedFrom(), training.seconds());
    } else {
      out.printf(
          "trained %d steps in %.1f s (resumed from step %d): loss %.4f -> %.4f%n",
          c.steps - training.resumedFrom(),
          training.seconds(),
          training.resumedFrom(),
          training.firstLoss(),
          training.lastLoss());
    }
    JepaTrainer.Refinement refinement = training.refinement();
    if (refinement != null) {
      out.printf(
          "refined the predictor %d steps: validation loss %.4f -> %.4f (kept step %d%s)%n",
          c.refineSteps,
          refinement.validationBefore(),
          refinement.validationAfter(),
          refinement.keptStep(),
          refinement.skippedSteps() == 0
              ? ""
              : "; " + refinement.skippedSteps() + " non-finite steps skipped");
    }
    out.printf(
        "bundle %s (%d bytes of ONNX)%n",
        outcome.bundle().directory(), outcome.bundle().sizeBytes());
    if (outcome.evaluation() != null) {
      out.print(outcome.evaluation().format());
    }
    out.flush();
    return 0;
  }

  /** Drives a console progress bar: loss, steps/s and ETA. */
  private static final class ProgressListener implements JepaTrainer.Listener {
    private ProgressBar bar;

    @Override
    public void started(int firstStep, int totalSteps) {
      bar = bar("train", firstStep, totalSteps);
    }

    @Override
    public void stepped(int step, float loss) {
      bar.stepTo(step);
      bar.setExtraMessage(String.format(" loss %.4f", loss));
    }

    private float validation = Float.NaN;

    @Override
    public void refining(int step, int totalSteps, float loss) {
      if (step == 0) {
        close();
        bar = bar("refine", 0, totalSteps);
        return;
      }
      bar.stepTo(step);
      bar.setExtraMessage(String.format(" loss %.4f val %.4f", loss, validation));
    }

    @Override
    public void refineChecked(int step, float validationLoss, float best) {
      validation = validationLoss;
    }

    private static ProgressBar bar(String name, int first, int total) {
      return new ProgressBarBuilder()
          .setTaskName(name)
          .setInitialMax(total)
          .startsFrom(first, Duration.ZERO)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit(" steps", 1)
          .showSpeed()
          .setSpeedUnit(ChronoUnit.SECONDS)
          .setUpdateIntervalMillis(500)
          .build();
    }

    void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** Directories as the command line takes them: comma-separated. */
  private static String joined(java.util.List<Path> directories) {
    return String.join(",", directories.stream().map(Path::toString).toList());
  }
}
