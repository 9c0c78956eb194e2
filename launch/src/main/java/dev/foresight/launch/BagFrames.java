package dev.foresight.launch;

import dev.foresight.core.Image;
import dev.foresight.core.io.ErrorLines;
import dev.foresight.core.io.ImageFiles;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.worldmodel.FramePreprocessor;

/**
 * Camera messages ({@code sensor_msgs/Image} in rgb8, bgr8 or mono8, or {@code
 * sensor_msgs/CompressedImage} JPEG or PNG) as square RGB8 frames of the model's input size,
 * area-resized by the same {@link FramePreprocessor} that prepares frames for the model. Bag import
 * and live recording both make their frames here, so the same message gives the same bytes.
 */
final class BagFrames {
  /** What the camera may send, for errors. */
  static final String READABLE = "rgb8, bgr8 or mono8 images, or JPEG or PNG compressed images";

  private final int size;
  private final FramePreprocessor resizer;
  private final float[] planes;

  /**
   * @param size frame side in pixels
   */
  BagFrames(int size) {
    this.size = size;
    float unit = 1f / 255f;
    this.resizer = new FramePreprocessor(size, new float[3], new float[] {unit, unit, unit});
    this.planes = new float[3 * size * size];
  }

  /** Bytes of one frame. */
  int frameBytes() {
    return 3 * size * size;
  }

  /**
   * The image as a new {@code size × size} RGB8 frame.
   *
   * @param source the bag the message came from, or null for a live topic
   * @param topic the camera topic, for errors
   * @param timeNanos the message's time, for errors
   * @throws InvalidFileException naming the source, topic and time when the image cannot be read
   */
  byte[] frame(String source, String topic, long timeNanos, ImageMessage message)
      throws InvalidFileException {
    Image image;
    try {
      image = message.toImage();
    } catch (IllegalArgumentException e) {
      throw unreadable(source, topic, timeNanos, e);
    }
    return resize(image);
  }

  /** As {@link #frame(String, String, long, ImageMessage)}, for a JPEG or PNG image. */
  byte[] frame(String source, String topic, long timeNanos, CompressedImage message)
      throws InvalidFileException {
    Image image;
    try {
      image =
          ImageFiles.decodeRgb(
              message.data(),
              (source == null ? "" : source + " ") + topic + " at " + timeNanos + " ns",
              ImageFiles.Limits.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw unreadable(source, topic, timeNanos, e);
    }
    return resize(image);
  }

  private static InvalidFileException unreadable(
      String source, String topic, long timeNanos, IllegalArgumentException e) {
    return new InvalidFileException(
        source == null ? topic : source,
        (source == null ? "image" : "image on " + topic)
            + " at "
            + timeNanos
            + " ns cannot be read ("
            + ErrorLines.oneLine(e.getMessage())
            + ")",
        READABLE,
        e);
  }

  private byte[] resize(Image image) {
    resizer.prepare(image, planes, 0);
    int plane = size * size;
    byte[] pixels = new byte[3 * plane];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        int value = Math.round(planes[c * plane + i]);
        pixels[3 * i + c] = (byte) Math.max(0, Math.min(255, value));
      }
    }
    return pixels;
  }
}
