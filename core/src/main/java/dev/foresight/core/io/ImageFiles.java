package dev.foresight.core.io;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads PNG and JPEG images from user files within a budget: the file size is checked before it is
 * read, and the width and height from the image header before any pixel is decoded, so a small file
 * that declares a huge image costs nothing. A corrupt or unsupported file is one {@link
 * InvalidFileException}.
 */
public final class ImageFiles {

  /**
   * How large an image may be.
   *
   * @param maxFileBytes most bytes of the file, at least 1
   * @param maxSide most pixels of width and of height, at least 1
   * @param maxPixels most pixels of width × height, at least 1
   */
  public record Limits(long maxFileBytes, int maxSide, long maxPixels) {
    /**
     * 64 MiB files, 8192 pixels a side and 32 Mpixels (e.g. 8192×4096): decoded, at most about 128
     * MiB of ARGB pixels plus 96 MiB of RGB.
     */
    public static final Limits DEFAULT = new Limits(64L << 20, 8192, 1L << 25);

    /** Checks every limit is positive. */
    public Limits {
      if (maxFileBytes < 1 || maxSide < 1 || maxPixels < 1) {
        throw new IllegalArgumentException(
            "image limits must be positive, got maxFileBytes "
                + maxFileBytes
                + ", maxSide "
                + maxSide
                + ", maxPixels "
                + maxPixels);
      }
    }

    private String describe() {
      return "at most " + maxSide + " pixels a side and " + maxPixels + " pixels";
    }
  }

  /** An image whose header declares more pixels than the limits allow; nothing was decoded. */
  public static final class TooManyPixelsException extends InvalidFileException {
    private static final long serialVersionUID = 1L;

    private final int width;
    private final int height;

    TooManyPixelsException(String source, int width, int height, String expected) {
      super(source, width + "x" + height + " pixels", expected);
      this.width = width;
      this.height = height;
    }

    /** Width from the image header in pixels. */
    public int width() {
      return width;
    }

    /** Height from the image header in pixels. */
    public int height() {
      return height;
    }
  }

  private static final String EXPECTED_FORMAT = "a PNG or JPEG image";

  private ImageFiles() {}

  /** {@link #readRgb(Path, Limits)} within {@link Limits#DEFAULT}. */
  public static Image readRgb(Path file) throws IOException {
    return readRgb(file, Limits.DEFAULT);
  }

  /**
   * Reads a PNG or JPEG file as RGB8 (alpha dropped).
   *
   * @throws InvalidFileException naming the file when it is too large, not PNG or JPEG, declares
   *     too many pixels, or is corrupt
   * @throws IOException when the file cannot be read at all (missing, no permission)
   */
  public static Image readRgb(Path file, Limits limits) throws IOException {
    byte[] bytes = BoundedFiles.readAllBytes(file, limits.maxFileBytes(), EXPECTED_FORMAT);
    return decodeRgb(bytes, file.toString(), limits);
  }

  /**
   * Decodes PNG or JPEG bytes as RGB8 (alpha dropped).
   *
   * @param source names the bytes in error messages (a file name)
   * @throws InvalidFileException starting with {@code source}
   */
  public static Image decodeRgb(byte[] bytes, String source, Limits limits)
      throws InvalidFileException {
    if (bytes.length > limits.maxFileBytes()) {
      throw new InvalidFileException(
          source,
          bytes.length + " bytes",
          "at most " + limits.maxFileBytes() + " bytes for " + EXPECTED_FORMAT);
    }
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    ImageReader reader = pngOrJpegReader(in);
    if (reader == null) {
      throw new InvalidFileException(source, "not a readable image format", EXPECTED_FORMAT);
    }
    String format = reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
    try {
      // Metadata is ignored: its chunks are not needed and some decoders size buffers from them.
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width < 1
          || height < 1
          || width > limits.maxSide()
          || height > limits.maxSide()
          || (long) width * height > limits.maxPixels()) {
        throw new TooManyPixelsException(source, width, height, limits.describe());
      }
      return toRgb(reader.read(0));
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidFileException invalid) {
        throw invalid;
      }
      // The JDK's decoders report some corrupt files as unchecked exceptions.
      throw new InvalidFileException(
          source,
          "corrupt " + format + " image (" + ErrorLines.oneLine(e.getMessage()) + ")",
          EXPECTED_FORMAT,
          e);
    } finally {
      reader.dispose();
    }
  }

  /** The PNG or JPEG reader that recognises the stream; {@code null} when none does. */
  private static ImageReader pngOrJpegReader(ImageInputStream in) {
    Iterator<ImageReaderSpi> providers =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi provider = providers.next();
      String format = provider.getFormatNames()[0].toLowerCase(Locale.ROOT);
      if (!format.equals("png") && !format.equals("jpeg")) {
        continue;
      }
      try {
        if (provider.canDecodeInput(in)) {
          return provider.createReaderInstance();
        }
      } catch (IOException | RuntimeException e) {
        // Cannot tell from the first bytes: not this format.
      }
    }
    return null;
  }

  /** The pixels as tightly packed RGB bytes. */
  private static Image toRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] pixels = new byte[width * height * 3];
    int[] row = new int[width];
    int i = 0;
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int argb : row) {
        pixels[i++] = (byte) (argb >> 16);
        pixels[i++] = (byte) (argb >> 8);
        pixels[i++] = (byte) argb;
      }
    }
    return new Image(width, height, PixelEncoding.RGB8, pixels);
  }
}
