package dev.foresight.view;

import dev.foresight.core.Image;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Camera frames as PNG for the browser; runs on the view's publisher thread, never the loop. */
final class Png {
  private Png() {}

  /** The image as PNG bytes; {@code rgb8}, {@code bgr8} and {@code mono8} frames. */
  static byte[] encode(Image image) {
    BufferedImage buffered;
    byte[] source = image.pixels();
    switch (image.encoding()) {
      case MONO8 -> {
        buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        System.arraycopy(source, 0, target, 0, source.length);
      }
      case BGR8, RGB8 -> {
        buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        if (image.encoding() == dev.foresight.core.PixelEncoding.BGR8) {
          System.arraycopy(source, 0, target, 0, source.length);
        } else {
          for (int i = 0; i < source.length; i += 3) {
            target[i] = source[i + 2];
            target[i + 1] = source[i + 1];
            target[i + 2] = source[i];
          }
        }
      }
      default -> throw new IllegalArgumentException("unsupported encoding " + image.encoding());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.pixels().length / 2 + 256);
    try {
      ImageIO.write(buffered, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding of a camera frame failed", e);
    }
    return out.toByteArray();
  }
}
