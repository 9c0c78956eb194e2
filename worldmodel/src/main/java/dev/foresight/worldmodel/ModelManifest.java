package dev.foresight.worldmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.core.io.BoundedFiles;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.core.io.ManifestChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bundle's {@code manifest.json}: everything needed to feed the ONNX models and read their
 * outputs, plus provenance.
 *
 * <p>{@link #read} bounds the file and checks every field the runtime sizes buffers from (sizes,
 * shapes, statistics, file entries) before anything is allocated from them; a bad value is one
 * {@link InvalidFileException} line naming the file, the key, the value and what was expected.
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
 * @param keypointMoments highest moment order of each keypoint (1: its mean, 3: mean and central
 *     moments of order 2 and 3; 0 for a flat encoder, and absent in older bundles: their keypoints
 *     give means only)
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
    int keypointMoments,
    Training training,
    Map<String, FileEntry> files) {

  /** Value of {@link #format}. */
  public static final String FORMAT = "foresight-model";

  /** Current bundle format version. */
  public static final int VERSION = 1;

  /** Largest manifest file read, in bytes (a trained bundle's is about 3 KB). */
  public static final long MAX_MANIFEST_BYTES = 1 << 20;

  /** Largest encoder input side in pixels. */
  static final int MAX_IMAGE_SIDE = 4096;

  /** Largest latent, proprio, action and hidden sizes. */
  static final int MAX_SIZE = 1 << 16;

  /** Most convolutions of the encoder. */
  static final int MAX_CONVOLUTIONS = 8;

  /** Largest convolution width and keypoint count. */
  static final int MAX_CHANNELS = 4096;

  /** Largest ONNX file of a bundle in bytes. */
  public static final long MAX_ONNX_BYTES = 1L << 30;

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        keypoints,
        keypointMoments == 0 && keypoints > 0 ? 1 : keypointMoments);
  }

  /** The normalisation this manifest describes. */
  public Normalisation normalisation() {
    return new Normalisation(pixelMean, pixelStd, proprioMean, proprioStd, actionScale);
  }

  /**
   * Reads and checks a manifest file of at most {@link #MAX_MANIFEST_BYTES}.
   *
   * @throws IOException one line naming the file, and for a bad value the key, the value and what
   *     was expected
   */
  public static ModelManifest read(Path file) throws IOException {
    return parse(
        BoundedFiles.readAllBytes(file, MAX_MANIFEST_BYTES, "a model manifest"), file.toString());
  }

  /**
   * Parses and checks manifest JSON.
   *
   * @param source names the JSON in error messages (its file)
   * @throws InvalidFileException one line starting with {@code source}
   */
  static ModelManifest parse(byte[] json, String source) throws InvalidFileException {
    ManifestChecks checks = new ManifestChecks(source);
    ModelManifest manifest;
    try {
      manifest = JSON.readValue(json, ModelManifest.class);
    } catch (JsonProcessingException e) {
      throw checks.notValid("model manifest", e);
    } catch (IOException e) {
      throw new InvalidFileException(
          source, "unreadable: " + e.getMessage(), "a model manifest", e);
    }
    if (manifest == null) {
      throw checks.missing("the manifest object", "a JSON object");
    }
    manifest.check(checks);
    return manifest;
  }

  private void check(ManifestChecks checks) throws InvalidFileException {
    checks.equal("format", format, FORMAT);
    if (version != VERSION) {
      throw checks.problem(
          "bundle format version " + version + " is not supported", Integer.toString(VERSION));
    }
    checks.range("imageWidth", imageWidth, 1, MAX_IMAGE_SIDE);
    checks.require(
        imageHeight == imageWidth,
        "imageHeight",
        imageHeight,
        "imageWidth (" + imageWidth + "): the encoder takes square images");
    checks.equal("channelOrder", channelOrder, "rgb");
    checks.numbers("pixelMean", pixelMean, 3, false);
    checks.numbers("pixelStd", pixelStd, 3, true);
    checks.range("latentSize", latentSize, 1, MAX_SIZE);
    checks.range("proprioSize", proprioSize, 0, MAX_SIZE);
    checks.range("actionSize", actionSize, 1, MAX_SIZE);
    checks.require(
        stateSize == latentSize + proprioSize,
        "stateSize",
        stateSize,
        "latentSize + proprioSize = " + (latentSize + proprioSize));
    checks.names("proprioNames", proprioNames, proprioSize);
    checks.numbers("proprioMean", proprioMean, proprioSize, false);
    checks.numbers("proprioStd", proprioStd, proprioSize, true);
    checks.names("actionNames", actionNames, actionSize);
    checks.numbers("actionLow", actionLow, actionSize, false);
    checks.numbers("actionHigh", actionHigh, actionSize, false);
    for (int i = 0; i < actionSize; i++) {
      checks.require(
          actionLow[i] <= actionHigh[i],
          "actionHigh[" + i + "]",
          actionHigh[i],
          "at least actionLow[" + i + "] (" + actionLow[i] + ")");
    }
    checks.numbers("actionScale", actionScale, actionSize, true);
    checks.range("frameSkip", frameSkip, 1, 1000);
    checks.positive("controlPeriodSeconds", controlPeriodSeconds, 3600);
    checks.present("convChannels", convChannels, "1 to " + MAX_CONVOLUTIONS + " widths");
    checks.range("convChannels length", convChannels.length, 1, MAX_CONVOLUTIONS);
    for (int i = 0; i < convChannels.length; i++) {
      checks.range("convChannels[" + i + "]", convChannels[i], 1, MAX_CHANNELS);
    }
    checks.range("predictorHidden", predictorHidden, 1, MAX_SIZE);
    checks.range("inverseHidden", inverseHidden, 0, MAX_SIZE);
    checks.range("keypoints", keypoints, 0, MAX_CHANNELS);
    checks.range("keypointMoments", keypointMoments, 0, 3);
    try {
      architecture();
    } catch (IllegalArgumentException e) {
      throw checks.problem(
          "imageWidth "
              + imageWidth
              + ", convChannels "
              + java.util.Arrays.toString(convChannels)
              + ", keypoints "
              + keypoints
              + " and keypointMoments "
              + keypointMoments
              + " do not make a network ("
              + e.getMessage()
              + ")",
          "an architecture Foresight trains (see Architecture)");
    }
    if (files == null) {
      throw checks.missing("files", "the size and SHA-256 of each ONNX file");
    }
    for (Map.Entry<String, FileEntry> file : files.entrySet()) {
      String key = "files." + file.getKey();
      FileEntry entry = checks.present(key, file.getValue(), "a size and a SHA-256");
      checks.range(key + ".bytes", entry.bytes(), 0, MAX_ONNX_BYTES);
      checks.require(
          entry.sha256() != null && entry.sha256().matches("[0-9a-f]{64}"),
          key + ".sha256",
          entry.sha256(),
          "64 lower-case hex digits");
    }
  }
}
