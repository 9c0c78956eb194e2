package dev.foresight.worldmodel;

/**
 * Shape of the network: a convolutional encoder (4×4 kernels, stride 2, padding 1, ReLU) from an
 * RGB image to a latent vector, and an MLP predictor (GELU) over {@code [latent, proprio, action]}
 * that outputs the change of {@code [latent, proprio]}.
 *
 * <p>Two encoder heads:
 *
 * <ul>
 *   <li><b>flat</b> ({@code keypoints == 0}): the last feature map ({@code 4×4}) is flattened and a
 *       linear layer maps it to the latent;
 *   <li><b>keypoints</b> ({@code keypoints == K > 0}): a 1×1 convolution turns the last feature map
 *       into {@code K} score maps, a softmax over each map's pixels gives {@code K} probability
 *       maps, and their expected image coordinates ({@code x, y ∈ [−1, 1]}) are {@code 2K} numbers
 *       a linear layer maps to the latent (a spatial softmax, as in deep spatial autoencoders).
 *       Where an object sits in the image then enters the latent linearly, so latent distance grows
 *       with how far objects are from where the goal image shows them.
 * </ul>
 *
 * @param imageSize square input side in pixels; a flat encoder needs {@code 4 ·
 *     2^convChannels.length}, a keypoint encoder a multiple of {@code 2^convChannels.length}
 * @param convChannels output channels of each convolution
 * @param latentSize length of the image latent {@code z}
 * @param proprioSize length of the proprioceptive vector appended to the latent
 * @param actionSize length of an action
 * @param predictorHidden width of the predictor's two hidden layers
 * @param inverseHidden width of the inverse-dynamics head's hidden layer (training only)
 * @param keypoints number of spatial-softmax keypoints ({@code 0}: flat encoder)
 */
public record Architecture(
    int imageSize,
    int[] convChannels,
    int latentSize,
    int proprioSize,
    int actionSize,
    int predictorHidden,
    int inverseHidden,
    int keypoints) {

  /** Encoder head names, as {@code foresight train --encoder} takes them. */
  public enum Encoder {
    /** Flattened {@code 4×4} feature map → linear. */
    FLAT,
    /** Spatial-softmax keypoints of a {@code 16×16} feature map → linear. */
    KEYPOINTS
  }

  /** The default: a keypoint encoder ({@link #keypoints(int, int)}). */
  public static Architecture standard(int proprioSize, int actionSize) {
    return of(Encoder.KEYPOINTS, proprioSize, actionSize);
  }

  /** The standard sizes for an encoder head. */
  public static Architecture of(Encoder encoder, int proprioSize, int actionSize) {
    return switch (encoder) {
      case FLAT -> flat(proprioSize, actionSize);
      case KEYPOINTS -> keypoints(proprioSize, actionSize);
    };
  }

  /** This architecture with {@code count} keypoints (a keypoint encoder's only free size). */
  public Architecture withKeypoints(int count) {
    if (keypoints == 0) {
      throw new IllegalArgumentException("a flat encoder has no keypoints to set");
    }
    return new Architecture(
        imageSize,
        convChannels,
        latentSize,
        proprioSize,
        actionSize,
        predictorHidden,
        inverseHidden,
        count);
  }

  /** This architecture with a predictor of {@code width} units in each of its two hidden layers. */
  public Architecture withPredictorHidden(int width) {
    return new Architecture(
        imageSize,
        convChannels,
        latentSize,
        proprioSize,
        actionSize,
        width,
        inverseHidden,
        keypoints);
  }

  /**
   * The first recipe's sizes: 64×64 input, 8/16/32/32 channels flattened, 64-d latent, 256-wide
   * predictor.
   */
  public static Architecture flat(int proprioSize, int actionSize) {
    return new Architecture(
        64, new int[] {8, 16, 32, 32}, 64, proprioSize, actionSize, 256, 128, 0);
  }

  /**
   * 64×64 input, 16/32 channels to a 16×16 map, 32 spatial-softmax keypoints (64 coordinates), 64-d
   * latent, 256-wide predictor.
   */
  public static Architecture keypoints(int proprioSize, int actionSize) {
    return new Architecture(64, new int[] {16, 32}, 64, proprioSize, actionSize, 256, 128, 32);
  }

  /** Checks sizes are consistent. */
  public Architecture {
    if (convChannels == null || convChannels.length == 0) {
      throw new IllegalArgumentException("architecture needs at least one convolution");
    }
    convChannels = convChannels.clone();
    if (keypoints < 0) {
      throw new IllegalArgumentException("keypoints must be 0 or positive, got " + keypoints);
    }
    if (keypoints > 0) {
      if (imageSize % (1 << convChannels.length) != 0 || imageSize >> convChannels.length < 2) {
        throw new IllegalArgumentException(
            "imageSize "
                + imageSize
                + " does not fit "
                + convChannels.length
                + " stride-2 convolutions and a keypoint map of at least 2×2");
      }
    } else if (imageSize != 4 << convChannels.length) {
      throw new IllegalArgumentException(
          "imageSize "
              + imageSize
              + " does not fit "
              + convChannels.length
              + " stride-2 convolutions, expected "
              + (4 << convChannels.length));
    }
    if (latentSize <= 0 || proprioSize < 0 || actionSize <= 0 || predictorHidden <= 0) {
      throw new IllegalArgumentException("architecture sizes must be positive");
    }
  }

  /** Length of the predictor state {@code [z, proprio]}. */
  public int stateSize() {
    return latentSize + proprioSize;
  }

  /** Spatial side of the last feature map. */
  public int featureSide() {
    return imageSize >> convChannels.length;
  }

  /**
   * Number of features the encoder's linear layer reads: the flattened last feature map, or {@code
   * 2 · keypoints} coordinates.
   */
  public int flatFeatures() {
    return keypoints > 0
        ? 2 * keypoints
        : convChannels[convChannels.length - 1] * featureSide() * featureSide();
  }

  /** The encoder head. */
  public Encoder encoder() {
    return keypoints > 0 ? Encoder.KEYPOINTS : Encoder.FLAT;
  }

  @Override
  public int[] convChannels() {
    return convChannels.clone();
  }
}
