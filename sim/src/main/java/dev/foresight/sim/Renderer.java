package dev.foresight.sim;

/** Renders a {@link SimWorld} into an RGB8 frame; deterministic bit for bit. Not thread-safe. */
public interface Renderer {
  /** Frame width, pixels. */
  int width();

  /** Frame height, pixels. */
  int height();

  /**
   * Renders the world as it is now.
   *
   * @param world the scene. Not modified.
   * @param rgbOut {@code width * height * 3} bytes, row-major RGB. Modified.
   */
  void render(SimWorld world, byte[] rgbOut);

  /** Creates the renderer the settings describe. */
  static Renderer create(RenderSettings settings) {
    return switch (settings.camera()) {
      case TOP_DOWN -> new TopDownRenderer(settings);
      case PERSPECTIVE -> new RayCastRenderer(settings);
      case TWO_VIEW -> new TwoViewRenderer(settings);
    };
  }
}
