package dev.foresight.sim;

/**
 * Two cameras in one frame: the left half is the {@link TopDownRenderer top-down} view, the right
 * half the {@link RayCastRenderer oblique} one, each rendered at the full frame size and squeezed
 * to half its width by averaging column pairs. A single camera hides one axis of the arm's position
 * (height from above, depth from the front); the pair shows all three, as two cameras on a real
 * bench do.
 */
final class TwoViewRenderer implements Renderer {
  private final int width;
  private final int height;
  private final Renderer topDown;
  private final Renderer oblique;
  private final byte[] topDownFrame;
  private final byte[] obliqueFrame;

  /** Creates the pair for {@code settings} (whose width is even). */
  TwoViewRenderer(RenderSettings settings) {
    this.width = settings.width();
    this.height = settings.height();
    this.topDown = new TopDownRenderer(withCamera(settings, RenderSettings.Camera.TOP_DOWN));
    this.oblique = new RayCastRenderer(withCamera(settings, RenderSettings.Camera.PERSPECTIVE));
    this.topDownFrame = new byte[width * height * 3];
    this.obliqueFrame = new byte[width * height * 3];
  }

  private static RenderSettings withCamera(RenderSettings settings, RenderSettings.Camera camera) {
    return new RenderSettings(settings.width(), settings.height(), camera, settings.jitterSeed());
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void render(SimWorld world, byte[] rgbOut) {
    topDown.render(world, topDownFrame);
    oblique.render(world, obliqueFrame);
    int half = width / 2;
    for (int row = 0; row < height; row++) {
      for (int column = 0; column < half; column++) {
        for (int channel = 0; channel < 3; channel++) {
          int left = (row * width + 2 * column) * 3 + channel;
          int right = left + 3;
          rgbOut[(row * width + column) * 3 + channel] = average(topDownFrame, left, right);
          rgbOut[(row * width + half + column) * 3 + channel] = average(obliqueFrame, left, right);
        }
      }
    }
  }

  private static byte average(byte[] frame, int a, int b) {
    return (byte) (((frame[a] & 0xFF) + (frame[b] & 0xFF) + 1) >> 1);
  }
}
