package dev.foresight.worldmodel;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;

/**
 * Turns camera frames into encoder input: converts RGB8/BGR8/MONO8 to RGB, resizes to the model's
 * square input by area averaging (each output pixel is the mean of the source pixels it covers),
 * and normalises each channel as {@code (value / 255 − mean) / std}. Output is planar CHW floats.
 *
 * <p>Training and inference use this one class, so a frame is prepared identically in both.
 * Thread-safe (stateless after construction); does not allocate per frame.
 */
public final class FramePreprocessor {
  private final int size;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];

  /**
   * @param size output side in pixels
   * @param mean per-channel mean of {@code value / 255} (RGB order)
   * @param std per-channel standard deviation (RGB order), positive
   */
  public FramePreprocessor(int size, float[] mean, float[] std) {
    if (size <= 0 || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("preprocessor needs a positive size and 3 means/stds");
    }
    this.size = size;
    for (int c = 0; c < 3; c++) {
      if (!(std[c] > 0)) {
        throw new IllegalArgumentException("pixel std must be positive, got " + std[c]);
      }
      scale[c] = 1f / (255f * std[c]);
      offset[c] = -mean[c] / std[c];
    }
  }

  /** Output side in pixels. */
  public int size() {
    return size;
  }

  /** Floats written per frame: {@code 3 · size · size}. */
  public int floatsPerFrame() {
    return 3 * size * size;
  }

  /**
   * Prepares one frame.
   *
   * @param image any size, RGB8/BGR8/MONO8. Not modified.
   * @param out receives {@link #floatsPerFrame()} floats at {@code outOffset}. Modified.
   */
  public void prepare(Image image, float[] out, int outOffset) {
    prepare(image.pixels(), image.width(), image.height(), image.encoding(), out, outOffset);
  }

  /**
   * Prepares one RGB8 frame that already has the output size, stored inside a larger array (as in a
   * recorded episode).
   *
   * @param pixels holds {@code 3 · size · size} bytes from {@code pixelOffset}. Not modified.
   * @param out receives {@link #floatsPerFrame()} floats at {@code outOffset}. Modified.
   */
  public void prepareRgb(byte[] pixels, int pixelOffset, float[] out, int outOffset) {
    int plane = size * size;
    for (int i = 0, p = pixelOffset; i < plane; i++, p += 3) {
      out[outOffset + i] = (pixels[p] & 0xff) * scale[0] + offset[0];
      out[outOffset + plane + i] = (pixels[p + 1] & 0xff) * scale[1] + offset[1];
      out[outOffset + 2 * plane + i] = (pixels[p + 2] & 0xff) * scale[2] + offset[2];
    }
  }

  /**
   * Prepares one frame given as raw bytes (row-major, tightly packed).
   *
   * @param pixels {@code width · height · bytesPerPixel} bytes. Not modified.
   * @param out receives {@link #floatsPerFrame()} floats at {@code outOffset}. Modified.
   */
  public void prepare(
      byte[] pixels, int width, int height, PixelEncoding encoding, float[] out, int outOffset) {
    int bytesPerPixel = encoding.bytesPerPixel();
    long expected = (long) width * height * bytesPerPixel;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "frame "
              + width
              + "x"
              + height
              + " "
              + encoding.rosName()
              + " needs "
              + expected
              + " bytes, got "
              + pixels.length);
    }
    int r = encoding == PixelEncoding.BGR8 ? 2 : 0;
    int b = encoding == PixelEncoding.BGR8 ? 0 : 2;
    int g = 1;
    if (encoding == PixelEncoding.MONO8) {
      r = 0;
      g = 0;
      b = 0;
    }
    int plane = size * size;
    if (width == size && height == size) {
      for (int i = 0, p = 0; i < plane; i++, p += bytesPerPixel) {
        out[outOffset + i] = (pixels[p + r] & 0xff) * scale[0] + offset[0];
        out[outOffset + plane + i] = (pixels[p + g] & 0xff) * scale[1] + offset[1];
        out[outOffset + 2 * plane + i] = (pixels[p + b] & 0xff) * scale[2] + offset[2];
      }
      return;
    }
    // Area resampling: output pixel (ox, oy) averages source rows [y0, y1) and columns [x0, x1).
    for (int oy = 0; oy < size; oy++) {
      int y0 = (int) ((long) oy * height / size);
      int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * height / size));
      for (int ox = 0; ox < size; ox++) {
        int x0 = (int) ((long) ox * width / size);
        int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * width / size));
        int sumR = 0;
        int sumG = 0;
        int sumB = 0;
        for (int y = y0; y < y1; y++) {
          int p = (y * width + x0) * bytesPerPixel;
          for (int x = x0; x < x1; x++, p += bytesPerPixel) {
            sumR += pixels[p + r] & 0xff;
            sumG += pixels[p + g] & 0xff;
            sumB += pixels[p + b] & 0xff;
          }
        }
        float count = (float) ((y1 - y0) * (x1 - x0));
        int i = oy * size + ox;
        out[outOffset + i] = sumR / count * scale[0] + offset[0];
        out[outOffset + plane + i] = sumG / count * scale[1] + offset[1];
        out[outOffset + 2 * plane + i] = sumB / count * scale[2] + offset[2];
      }
    }
  }
}
