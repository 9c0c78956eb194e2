package dev.foresight.perception;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;

/**
 * A camera frame as it arrives (e.g. from a {@code sensor_msgs/Image}), not yet validated.
 *
 * @param width pixels per row
 * @param height rows
 * @param encoding ROS encoding name ({@code rgb8}, {@code bgr8}, {@code mono8})
 * @param pixels row-major, tightly packed bytes (shared, not copied)
 */
public record RawFrame(int width, int height, String encoding, byte[] pixels) {

  /**
   * Checks the frame and wraps it as an {@link Image}.
   *
   * @throws FrameRejectedException naming the bad value and the expected one
   */
  public Image toImage() {
    if (width <= 0 || height <= 0) {
      throw new FrameRejectedException(
          "frame size " + width + "x" + height + " is invalid, expected positive width and height");
    }
    PixelEncoding pixelEncoding;
    try {
      pixelEncoding = PixelEncoding.fromRosName(encoding);
    } catch (IllegalArgumentException e) {
      throw new FrameRejectedException(
          "frame encoding '" + encoding + "' is not supported, expected one of rgb8, bgr8, mono8");
    }
    long expected = (long) width * height * pixelEncoding.bytesPerPixel();
    int actual = pixels == null ? 0 : pixels.length;
    if (actual != expected) {
      throw new FrameRejectedException(
          "frame "
              + width
              + "x"
              + height
              + " "
              + pixelEncoding.rosName()
              + " has "
              + actual
              + " bytes, expected "
              + expected
              + " ("
              + width
              + " x "
              + height
              + " x "
              + pixelEncoding.bytesPerPixel()
              + ")");
    }
    return new Image(width, height, pixelEncoding, pixels);
  }
}
