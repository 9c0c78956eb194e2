package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.PixelEncoding;
import org.junit.jupiter.api.Test;

class FramePreprocessorTest {
  private final FramePreprocessor preprocessor =
      new FramePreprocessor(2, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

  @Test
  void normalisesToPlanarRgb() {
    byte[] rgb = new byte[2 * 2 * 3];
    rgb[0] = (byte) 255; // pixel (0,0) red
    rgb[4] = (byte) 255; // pixel (1,0) green
    float[] out = new float[12];
    preprocessor.prepare(rgb, 2, 2, PixelEncoding.RGB8, out, 0);
    // (255/255 − 0.5) / 0.25 = 2; (0 − 0.5) / 0.25 = −2
    assertThat(out).containsExactly(2, -2, -2, -2, -2, 2, -2, -2, -2, -2, -2, -2);
  }

  @Test
  void bgrAndMonoAreConverted() {
    byte[] bgr = new byte[12];
    bgr[0] = (byte) 255; // blue of pixel (0,0)
    float[] out = new float[12];
    preprocessor.prepare(bgr, 2, 2, PixelEncoding.BGR8, out, 0);
    assertThat(out[8]).isEqualTo(2f);
    assertThat(out[0]).isEqualTo(-2f);
    byte[] mono = {(byte) 255, 0, 0, 0};
    preprocessor.prepare(mono, 2, 2, PixelEncoding.MONO8, out, 0);
    assertThat(new float[] {out[0], out[4], out[8]}).containsExactly(2, 2, 2);
  }

  @Test
  void downscalesByAreaAverage() {
    byte[] mono = new byte[4 * 4];
    mono[0] = (byte) 255; // one of the four pixels of the top-left output pixel
    float[] out = new float[12];
    preprocessor.prepare(mono, 4, 4, PixelEncoding.MONO8, out, 0);
    assertThat(out[0]).isEqualTo((255f / 4 / 255 - 0.5f) / 0.25f);
    assertThat(out[1]).isEqualTo(-2f);
  }

  @Test
  void wrongByteCountNamesBothCounts() {
    assertThatThrownBy(
            () -> preprocessor.prepare(new byte[5], 2, 2, PixelEncoding.RGB8, new float[12], 0))
        .hasMessageContaining("needs 12 bytes, got 5");
  }
}
