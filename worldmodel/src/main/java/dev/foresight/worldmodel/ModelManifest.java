package dev.foresight.worldmodel;

import java.util.List;
import java.util.Map;

/**
 * The bundle's {@code manifest.json}: everything needed to feed the ONNX models and read their
 * outputs, plus provenance.
 *
 * <p>State layout (what {@link dev.foresight.core.WorldModel} calls a latent): {@code state = [z_0
 * … z_{latentSize−1}, p̂_0 … p̂_{proprioSize−1}]}, the image latent followed by the normalised
 * proprio {@code p̂ = (p − proprioMean) / proprioStd} with {@code p = (x, y, z, roll, pitch, yaw,
 * gripper)} of the end effector in the base frame (m, rad, 0..1).
 *
 * @param format always {@value #FORMAT}
 * @param version bundle format version, {@value #VERSION}
 * @param imageWidth encoder input width in pixels
 * @param imageHeight encoder input height in pixels
 * @param channelOrder channel order of the encoder input planes ({@code rgb})
 * @param pixelMean per-channel mean of {@code value / 255}
 * @param pixelStd per-channel std of {@code value / 255}
 * @param latentSize length of the image latent {@code z}
 * @param stateSize {@code latentSize + proprioSize}
 * @param stateLayout human-readable layout of the state vector
 * @param proprioSize length of the proprio vector
 * @param proprioNames names of the proprio dimensions
 * @param proprioMean see {@code stateLayout}
 * @param proprioStd see {@code stateLayout}
 * @param actionSize length of an action
 * @param actionNames names of the action dimensions
 * @param actionLow smallest action seen in training per dimension (SI)
 * @param actionHigh largest action seen in training per dimension (SI)
 * @param actionScale the predictor sees {@code action / actionScale}
 * @param frameSkip simulator frames per model step
 * @param controlPeriodSeconds time between model steps
 * @param convChannels encoder convolution widths
 * @param predictorHidden predictor hidden width
 * @param inverseHidden inverse-dynamics head hidden width (training only)
 * @param keypoints spatial-softmax keypoints of the encoder (0, or absent in older bundles: a flat
 *     encoder); see {@link Architecture}
 * @param training provenance and metrics
 * @param files file name → size and SHA-256
 */
public record ModelManifest(
    String format,
    int version,
    int imageWidth,
    int imageHeight,
    String channelOrder,
    float[] pixelMean,
    float[] pixelStd,
    int latentSize,
    int stateSize,
    String stateLayout,
    int proprioSize,
    List<String> proprioNames,
    float[] proprioMean,
    float[] proprioStd,
    int actionSize,
    List<String> actionNames,
    float[] actionLow,
    float[] actionHigh,
    float[] actionScale,
    int frameSkip,
    double controlPeriodSeconds,
    int[] convChannels,
    int predictorHidden,
    int inverseHidden,
    int keypoints,
    Training training,
    Map<String, FileEntry> files) {

  /** Value of {@link #format}. */
  public static final String FORMAT = "foresight-model";

  /** Current bundle format version. */
  public static final int VERSION = 1;

  /** Standard proprio names. */
  public static final List<String> PROPRIO_NAMES =
      List.of("x", "y", "z", "roll", "pitch", "yaw", "gripper");

  /** Standard action names. */
  public static final List<String> ACTION_NAMES =
      List.of("dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper");

  /**
   * How the bundle was made.
   *
   * @param tasks task names trained on
   * @param datasets dataset directories as given
   * @param dataHash SHA-256 of the episode files
   * @param episodes training episodes
   * @param heldOutEpisodes held-out episodes (every tenth)
   * @param steps optimiser steps
   * @param batchSize windows per step
   * @param seed training seed
   * @param seconds training wall time of the last run
   * @param command command that reproduces the bundle
   * @param metrics named training and evaluation numbers
   */
  public record Training(
      List<String> tasks,
      List<String> datasets,
      String dataHash,
      int episodes,
      int heldOutEpisodes,
      int steps,
      int batchSize,
      long seed,
      double seconds,
      String command,
      Map<String, Double> metrics) {}

  /**
   * A file of the bundle.
   *
   * @param bytes size in bytes
   * @param sha256 lower-case hex SHA-256 of the content
   */
  public record FileEntry(long bytes, String sha256) {}

  /** The architecture this manifest describes. */
  public Architecture architecture() {
    return new Architecture(
        imageWidth,
        convChannels,
        latentSize,
        proprioSize,
        actionSize,
        predictorHidden,
        inverseHidden,
        keypoints);
  }

  /** The normalisation this manifest describes. */
  public Normalisation normalisation() {
    return new Normalisation(pixelMean, pixelStd, proprioMean, proprioStd, actionScale);
  }
}
