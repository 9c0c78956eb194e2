package dev.foresight.launch;

import dev.foresight.core.Image;
import dev.foresight.core.io.ImageFiles;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.ros.bag.BagMessage;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.worldmodel.FramePreprocessor;
import java.io.IOException;

/**
 * Camera messages from a bag ({@code sensor_msgs/Image} in rgb8, bgr8 or mono8, or {@code
 * sensor_msgs/CompressedImage} JPEG or PNG) as square RGB8 frames of the model's input size,
 * area-resized by the same {@link FramePreprocessor} that prepares frames for the model.
 */
final class BagFrames {
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
   * The message's image as a new {@code size × size} RGB8 frame.
   *
   * @throws InvalidFileException naming the bag, topic and time when the image cannot be read
   */
  byte[] frame(String bag, BagMessage message) throws IOException {
    Image image;
    try {
      if (message.connection().type().equals(CompressedImage.TYPE.typeName())) {
        CompressedImage compressed = message.decode(CompressedImage.TYPE);
        image =
            ImageFiles.decodeRgb(
                compressed.data(),
                bag + " " + message.topic() + " at " + message.timeNanos() + " ns",
                ImageFiles.Limits.DEFAULT);
      } else {
        image = message.decode(ImageMessage.TYPE).toImage();
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidFileException(
          bag,
          "image on "
              + message.topic()
              + " at "
              + message.timeNanos()
              + " ns cannot be read ("
              + dev.foresight.core.io.ErrorLines.oneLine(e.getMessage())
              + ")",
          "rgb8, bgr8 or mono8 images, or JPEG or PNG compressed images");
    }
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
