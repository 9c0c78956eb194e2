package dev.foresight.core;

/**
 * A raw camera frame: row-major, tightly packed (no row padding), 8 bits per channel.
 *
 * <p>The pixel array is shared, not copied: treat it as read-only once the image is built.
 *
 * @param width pixels per row, positive
 * @param height rows, positive
 * @param encoding channel layout
 * @param pixels {@code width * height * encoding.bytesPerPixel()} bytes
 */
public record Image(int width, int height, PixelEncoding encoding, byte[] pixels) {

  /** Checks dimensions and that the byte count matches them. */
  public Image {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (encoding == null) {
      throw new IllegalArgumentException("image encoding must be given");
    }
    long expected = (long) width * height * encoding.bytesPerPixel();
    if (pixels == null || pixels.length != expected) {
      throw new IllegalArgumentException(
          "image "
              + width
              + "x"
              + height
              + " "
              + encoding.rosName()
              + " needs "
              + expected
              + " bytes, got "
              + (pixels == null ? "none" : pixels.length));
    }
  }

  /** Bytes per row. */
  public int stride() {
    return width * encoding.bytesPerPixel();
  }
}
