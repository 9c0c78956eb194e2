package dev.foresight.worldmodel;

/**
 * Shape of the network: a convolutional encoder (4×4 kernels, stride 2, padding 1, ReLU) from an
 * RGB image to a latent vector, and an MLP predictor (GELU) over {@code [latent, proprio, action]}
 * that outputs the change of {@code [latent, proprio]}.
 *
 * @param imageSize square input side in pixels; must be {@code 4 · 2^convChannels.length}
 * @param convChannels output channels of each convolution
 * @param latentSize length of the image latent {@code z}
 * @param proprioSize length of the proprioceptive vector appended to the latent
 * @param actionSize length of an action
 * @param predictorHidden width of the predictor's two hidden layers
 * @param inverseHidden width of the inverse-dynamics head's hidden layer (training only)
 */
public record Architecture(
    int imageSize,
    int[] convChannels,
    int latentSize,
    int proprioSize,
    int actionSize,
    int predictorHidden,
    int inverseHidden) {

  /** The recipe's sizes: 64×64 input, 8/16/32/32 channels, 64-d latent, 256-wide predictor. */
  public static Architecture standard(int proprioSize, int actionSize) {
    return new Architecture(64, new int[] {8, 16, 32, 32}, 64, proprioSize, actionSize, 256, 128);
  }

  /** Checks sizes are consistent. */
  public Architecture {
    if (convChannels == null || convChannels.length == 0) {
      throw new IllegalArgumentException("architecture needs at least one convolution");
    }
    convChannels = convChannels.clone();
    if (imageSize != 4 << convChannels.length) {
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

  /** Number of features after flattening the last convolution. */
  public int flatFeatures() {
    return convChannels[convChannels.length - 1] * featureSide() * featureSide();
  }

  @Override
  public int[] convChannels() {
    return convChannels.clone();
  }
}
