package dev.foresight.launch;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.training.JepaTrainer;
import dev.foresight.worldmodel.training.ModelTraining;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight train}: JEPA training of a world-model bundle from recorded datasets. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a world model on recorded episodes and write a model bundle.",
      "Checkpoints go to OUT/.training/ every --checkpoint-every steps; running the same command"
          + " again resumes from the last checkpoint."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      paramLabel = "DIR",
      description = "dataset directories (one per task), comma-separated")
  List<Path> data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "bundle directory")
  Path out;

  @Option(
      names = "--steps",
      defaultValue = "2000",
      description = "optimiser steps (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "windows per step (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "250",
      description = "steps between checkpoints (default ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(
      names = "--proprio-weight",
      defaultValue = "1",
      description =
          "weight of the proprio (arm pose, gripper) part of the prediction loss relative to the"
              + " image latent (default ${DEFAULT-VALUE}; >1 makes the model learn the arm's and"
              + " gripper's own dynamics more precisely)")
  float proprioWeight;

  @Option(
      names = "--proprio-decorrelation",
      defaultValue = "0",
      paramLabel = "μ",
      description =
          "weight of a term that keeps the image latent linearly uncorrelated with the proprio"
              + " (which the state already carries), instead of the inverse-dynamics and"
              + " proprio-decoder heads; >0 makes latent distance follow the objects rather than"
              + " the arm (default ${DEFAULT-VALUE}: the heads)")
  float proprioDecorrelation;

  @Option(
      names = "--smoothness",
      defaultValue = "2",
      paramLabel = "σ",
      description =
          "weight of the temporal smoothness term mean |z(t+1) - z(t)|^2 of the image latent"
              + " (default ${DEFAULT-VALUE}); raised together with --proprio-decorrelation it"
              + " favours what changes slowly, a pushed object, over what follows every arm move")
  float smoothness;

  @Option(
      names = "--refine-steps",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "steps of a second stage that trains the predictor alone on the final encoder's latents"
              + " with 5-step rollouts (the planner's horizon); cheap, since every frame is"
              + " encoded once (default ${DEFAULT-VALUE}: none)")
  int refineSteps;

  @Option(
      names = "--encoder",
      defaultValue = "keypoints",
      paramLabel = "keypoints|flat",
      converter = EncoderConverter.class,
      description =
          "encoder head: keypoints (spatial-softmax image coordinates of 32 learned features, so"
              + " latent distance follows where objects are) or flat (the first recipe's flattened"
              + " feature map) (default ${DEFAULT-VALUE})")
  Architecture.Encoder encoder;

  @Option(
      names = "--keypoints",
      paramLabel = "K",
      description = "spatial-softmax keypoints of a keypoints encoder (default 32)")
  Integer keypoints;

  @Override
  public Integer call() throws Exception {
    DjlDefaults.apply();
    JepaTrainer.Options defaults = JepaTrainer.Options.defaults(steps, seed);
    JepaTrainer.Options options;
    try {
      options =
          new JepaTrainer.Options(
              steps,
              seed,
              batch,
              defaults.learningRate(),
              defaults.weightDecay(),
              defaults.emaDecay(),
              checkpointEvery,
              proprioWeight,
              proprioDecorrelation,
              smoothness,
              refineSteps);
    } catch (IllegalArgumentException e) {
      // A value out of range is a usage error like a malformed one: exit 2, nothing written.
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String command =
        "foresight train --data "
            + String.join(",", data.stream().map(Path::toString).toList())
            + " --out "
            + out
            + " --steps "
            + steps
            + " --seed "
            + seed
            + " --batch "
            + batch
            + (proprioWeight == 1f ? "" : " --proprio-weight " + proprioWeight)
            + (proprioDecorrelation == 0f ? "" : " --proprio-decorrelation " + proprioDecorrelation)
            + (smoothness == JepaTrainer.DEFAULT_SMOOTHNESS ? "" : " --smoothness " + smoothness)
            + (refineSteps == 0 ? "" : " --refine-steps " + refineSteps)
            + " --encoder "
            + encoder.name().toLowerCase(java.util.Locale.ROOT);
    Architecture architecture = Architecture.of(encoder, 7, 7);
    if (keypoints != null) {
      if (encoder != Architecture.Encoder.KEYPOINTS || keypoints < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--keypoints " + keypoints + " needs --encoder keypoints and a count of at least 1");
      }
      architecture = architecture.withKeypoints(keypoints);
      command += " --keypoints " + keypoints;
    }
    ProgressListener listener = new ProgressListener();
    ModelTraining.Outcome outcome;
    try {
      outcome = ModelTraining.run(data, out, architecture, options, listener, command);
    } finally {
      listener.close();
    }
    var out = spec.commandLine().getOut();
    JepaTrainer.Result training = outcome.training();
    if (training.resumedFrom() >= steps) {
      out.printf(
          "JEPA stage already complete (checkpoint at step %d); %.1f s this run%n",
          training.resumedFrom(), training.seconds());
    } else {
      out.printf(
          "trained %d steps in %.1f s (resumed from step %d): loss %.4f -> %.4f%n",
          steps - training.resumedFrom(),
          training.seconds(),
          training.resumedFrom(),
          training.firstLoss(),
          training.lastLoss());
    }
    JepaTrainer.Refinement refinement = training.refinement();
    if (refinement != null) {
      out.printf(
          "refined the predictor %d steps: validation loss %.4f -> %.4f (kept step %d%s)%n",
          refineSteps,
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

  /** Parses an encoder name, naming the choices when the value is none of them. */
  static final class EncoderConverter
      implements picocli.CommandLine.ITypeConverter<Architecture.Encoder> {
    @Override
    public Architecture.Encoder convert(String value) {
      for (Architecture.Encoder encoder : Architecture.Encoder.values()) {
        if (encoder.name().equalsIgnoreCase(value)) {
          return encoder;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown encoder '" + value + "', expected flat or keypoints");
    }
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
}
