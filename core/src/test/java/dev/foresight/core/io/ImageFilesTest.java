package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.management.ThreadMXBean;
import dev.foresight.core.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  /** A PNG with the given header and one IDAT chunk holding {@code raw} (filter bytes included). */
  static byte[] png(int width, int height, int colourType, byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer header = ByteBuffer.allocate(13);
    header.putInt(width).putInt(height).put((byte) 8).put((byte) colourType);
    header.put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    Deflater deflater = new Deflater();
    deflater.setInput(raw);
    deflater.finish();
    byte[] compressed = new byte[raw.length + 64];
    int length = deflater.deflate(compressed);
    deflater.end();
    chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void readsPngAndJpegAsRgb() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0xff102030);
    image.setRGB(2, 1, 0x80405060);
    Path png = dir.resolve("goal.png");
    ImageIO.write(image, "png", png.toFile());

    Image read = ImageFiles.readRgb(png);

    assertThat(read.width()).isEqualTo(3);
    assertThat(read.height()).isEqualTo(2);
    assertThat(java.util.Arrays.copyOfRange(read.pixels(), 0, 3)).containsExactly(0x10, 0x20, 0x30);
    assertThat(java.util.Arrays.copyOfRange(read.pixels(), 15, 18))
        .containsExactly(0x40, 0x50, 0x60);

    BufferedImage rgb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    Path jpeg = dir.resolve("goal.jpg");
    ImageIO.write(rgb, "jpeg", jpeg.toFile());
    assertThat(ImageFiles.readRgb(jpeg).width()).isEqualTo(16);
  }

  @Test
  void hugeDimensionsAreRejectedFromTheHeaderWithoutDecoding() throws IOException {
    // 20000x20000 RGB: ImageIO.read allocates 1.2 GB for it before finding the data missing.
    Path bomb = dir.resolve("bomb.png");
    Files.write(bomb, png(20_000, 20_000, 2, new byte[64]));
    assertThat(Files.size(bomb)).isLessThan(200);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    Throwable thrown = catchThrowable(() -> ImageFiles.readRgb(bomb));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(thrown)
        .isInstanceOf(InvalidFileException.class)
        .hasMessage(
            bomb + ": 20000x20000 pixels, expected at most 8192 pixels a side and 33554432 pixels");
    assertThat(allocated).isLessThan(16L << 20);
  }

  @Test
  void aCorruptImageIsOneLineNamingTheFile() throws IOException {
    Path corrupt = dir.resolve("corrupt.png");
    byte[] bytes = png(64, 64, 2, new byte[64 * (64 * 3 + 1)]);
    for (int i = 45; i < bytes.length - 12; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(corrupt, bytes);

    Throwable thrown = catchThrowable(() -> ImageFiles.readRgb(corrupt));

    assertThat(thrown).isInstanceOf(InvalidFileException.class);
    assertThat(thrown.getMessage())
        .startsWith(corrupt + ": corrupt PNG image (")
        .endsWith(", expected a PNG or JPEG image")
        .doesNotContain("\n");
  }

  @Test
  void otherFormatsAndNonImagesAreNotReadable() throws IOException {
    Path gif = dir.resolve("goal.gif");
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "gif", gif.toFile());
    Path text = dir.resolve("goal.png.txt");
    Files.writeString(text, "not an image");
    for (Path file : new Path[] {gif, text}) {
      assertThat(catchThrowable(() -> ImageFiles.readRgb(file)))
          .isInstanceOf(InvalidFileException.class)
          .hasMessage(file + ": not a readable image format, expected a PNG or JPEG image");
    }
  }

  @Test
  void aFileLargerThanTheBudgetIsNotRead() throws IOException {
    Path large = dir.resolve("large.png");
    Files.write(large, new byte[2000]);
    ImageFiles.Limits limits = new ImageFiles.Limits(1000, 64, 4096);
    assertThat(catchThrowable(() -> ImageFiles.readRgb(large, limits)))
        .isInstanceOf(InvalidFileException.class)
        .hasMessage(large + ": 2000 bytes, expected at most 1000 bytes for a PNG or JPEG image");
    assertThat(catchThrowable(() -> ImageFiles.readRgb(dir, limits)))
        .isInstanceOf(InvalidFileException.class)
        .hasMessage(dir + ": not a regular file, expected a PNG or JPEG image");
  }
}
