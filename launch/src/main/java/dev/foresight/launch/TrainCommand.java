package dev.foresight.launch;

import dev.foresight.worldmodel.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight train}: JEPA training of a world-model bundle from recorded datasets. The
 * options are here, the run in {@link TrainJob}, which uses the worldmodel-training module.
 */
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
      names = "--refine-data",
      split = ",",
      paramLabel = "DIR",
      description =
          "datasets the refinement stage trains the predictor on (default: --data), e.g. --data"
              + " plus episodes with each action held K steps (sim record --hold K) for a"
              + " frameskip-K model; the encoder is trained on --data alone; needs --refine-steps")
  List<Path> refineData;

  @Option(
      names = "--contrastive",
      defaultValue = "0",
      paramLabel = "κ",
      description =
          "weight of a temporal-contrastive (InfoNCE) term: each window's next latent must be"
              + " nearer its own current latent than the other windows' are, so frames of"
              + " different episodes that differ only in what the other terms ignore (how an"
              + " object is turned) do not share a latent (default ${DEFAULT-VALUE}: none;"
              + " experimental)")
  float contrastive;

  @Option(
      names = "--reconstruction",
      defaultValue = "0",
      paramLabel = "ρ",
      description =
          "weight of a pixel-reconstruction term: an MLP (training only) must draw each frame at"
              + " 32x32 from its latent and proprio, so the latent keeps what the frame shows even"
              + " where it does not change what the latent predicts of itself (how a block is"
              + " turned) (default ${DEFAULT-VALUE}: none; experimental)")
  float reconstruction;

  @Option(
      names = "--encoder",
      defaultValue = "keypoints",
      paramLabel = "keypoints|moments|flat",
      converter = EncoderConverter.class,
      description =
          "encoder head: keypoints (spatial-softmax image coordinates of 32 learned features, so"
              + " latent distance follows where objects are), moments (experimental: 16 keypoints"
              + " on a finer map, each with the second and third moments of its map too, which"
              + " can hold how an object is turned; on push-t it has not learned to yet, see"
              + " model eval's state probe) or flat (the first recipe's flattened feature map)"
              + " (default ${DEFAULT-VALUE})")
  Architecture.Encoder encoder;

  @Option(
      names = "--keypoints",
      paramLabel = "K",
      description =
          "spatial-softmax keypoints of a keypoints or moments encoder (default 32 and 16)")
  Integer keypoints;

  @Option(
      names = "--predictor-hidden",
      paramLabel = "N",
      description = "units in each of the predictor's two hidden layers (default 256)")
  Integer predictorHidden;

  @Option(
      names = "--frameskip",
      defaultValue = "1",
      paramLabel = "K",
      description =
          "control steps per prediction: the model learns one latent step per K control steps,"
              + " its action the one held for them (the mean of the K recorded actions); the"
              + " planner holds each planned action K steps (default ${DEFAULT-VALUE})")
  int frameSkip;

  @Override
  public Integer call() throws Exception {
    TrainingModule.require();
    return TrainJob.run(this);
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
          "unknown encoder '" + value + "', expected keypoints, moments or flat");
    }
  }
}
