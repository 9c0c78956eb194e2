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
 *       with how far objects are from where the goal image shows them;
 *   <li><b>moments</b> ({@code keypointMoments == 3}): keypoints from a single convolution's {@code
 *       32×32} map, each giving its probability map's mean {@code (x, y)} and its central moments
 *       of order 2 ({@code xx, xy, yy}) and 3 ({@code xxx, xxy, xyy, yyy}), scaled to about unit
 *       range. The mean says where an object is; the second moments its elongation and axis
 *       (orientation modulo a half turn); the third which way an asymmetric shape, a T, points. A
 *       keypoint's mean alone does not change when an object turns in place.
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
 * @param keypointMoments highest moment order of each keypoint's map: {@code 1} (its mean) or
 *     {@code 3} (mean and central moments of order 2 and 3); {@code 0} for a flat encoder
 */
public record Architecture(
    int imageSize,
    int[] convChannels,
    int latentSize,
    int proprioSize,
    int actionSize,
    int predictorHidden,
    int inverseHidden,
    int keypoints,
    int keypointMoments) {

  /** Moments of one keypoint's map with {@code keypointMoments == 3}: x, y, xx, xy, yy, xxx, … */
  public static final int MOMENT_FEATURES = 9;

  /**
   * Factors that bring each of the {@link #MOMENT_FEATURES} to about unit range for an object a
   * quarter of the image wide: means span {@code [−1, 1]}, central second moments are about {@code
   * 0.02}, third about {@code 0.002}.
   */
  public static final float[] MOMENT_SCALES = {1, 1, 50, 50, 50, 500, 500, 500, 500};

  /**
   * A moments head's score maps are standardised over their pixels and multiplied by this before
   * the softmax: an object covering 5% of the map, where one feature fires, then holds about 99% of
   * the map's probability.
   */
  public static final float MOMENT_SHARPNESS = 2f;

  /** An architecture whose keypoints give their means only (or a flat one). */
  public Architecture(
      int imageSize,
      int[] convChannels,
      int latentSize,
      int proprioSize,
      int actionSize,
      int predictorHidden,
      int inverseHidden,
      int keypoints) {
    this(
        imageSize,
        convChannels,
        latentSize,
        proprioSize,
        actionSize,
        predictorHidden,
        inverseHidden,
        keypoints,
        keypoints > 0 ? 1 : 0);
  }

  /** Encoder head names, as {@code foresight train --encoder} takes them. */
  public enum Encoder {
    /** Flattened {@code 4×4} feature map → linear. */
    FLAT,
    /** Spatial-softmax keypoints of a {@code 16×16} feature map → linear. */
    KEYPOINTS,
    /** Keypoints' means and central moments up to order 3 from a {@code 32×32} map → linear. */
    MOMENTS
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
      case MOMENTS -> moments(proprioSize, actionSize);
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
        count,
        keypointMoments);
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
        keypoints,
        keypointMoments);
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

  /**
   * 64×64 input, one 32-channel convolution to a 32×32 map, 16 keypoints each with its mean and
   * central moments of order 2 and 3 (144 features), 64-d latent, 256-wide predictor.
   */
  public static Architecture moments(int proprioSize, int actionSize) {
    return new Architecture(64, new int[] {32}, 64, proprioSize, actionSize, 256, 128, 16, 3);
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
    if (keypoints > 0 ? keypointMoments != 1 && keypointMoments != 3 : keypointMoments != 0) {
      throw new IllegalArgumentException(
          "keypointMoments "
              + keypointMoments
              + " with "
              + keypoints
              + " keypoints, expected 1 or 3 with keypoints, 0 for a flat encoder");
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
   * Number of features the encoder's linear layer reads: the flattened last feature map, {@code 2 ·
   * keypoints} coordinates, or {@code 9 · keypoints} moments.
   */
  public int flatFeatures() {
    return keypoints > 0
        ? (keypointMoments == 3 ? MOMENT_FEATURES : 2) * keypoints
        : convChannels[convChannels.length - 1] * featureSide() * featureSide();
  }

  /** The encoder head. */
  public Encoder encoder() {
    if (keypoints == 0) {
      return Encoder.FLAT;
    }
    return keypointMoments == 3 ? Encoder.MOMENTS : Encoder.KEYPOINTS;
  }

  @Override
  public int[] convChannels() {
    return convChannels.clone();
  }
}
