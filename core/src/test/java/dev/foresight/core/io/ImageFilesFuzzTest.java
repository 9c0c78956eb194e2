package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.core.Image;

/**
 * Fuzz target for the image reader: whatever the bytes, the result is an RGB image within the
 * limits or one {@link InvalidFileException} line naming the input. Campaign command as for {@link
 * NpzFuzzTest}, with {@code -Dtest='ImageFilesFuzzTest#decodeRgb'}.
 */
class ImageFilesFuzzTest {
  private static final String SOURCE = "fuzz.png";
  private static final ImageFiles.Limits LIMITS = new ImageFiles.Limits(64 << 10, 512, 1 << 16);

  @FuzzTest(maxDuration = "10m")
  void decodeRgb(byte[] input) {
    try {
      Image image = ImageFiles.decodeRgb(input, SOURCE, LIMITS);
      assertThat((long) image.width() * image.height()).isLessThanOrEqualTo(LIMITS.maxPixels());
    } catch (InvalidFileException e) {
      NpzFuzzTest.assertOneLineNaming(e, SOURCE);
    }
  }
}
