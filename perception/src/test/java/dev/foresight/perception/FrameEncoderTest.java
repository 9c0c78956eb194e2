package dev.foresight.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.training.ModelTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameEncoderTest {
  @TempDir Path temp;
  private OrtWorldModel model;
  private OrtWorldModel reference;
  private FrameEncoder encoder;
  private final ArmState armState = new ArmState(0, new Pose(0.1, -0.2, 0.3, 0, 0, 0.5), 0.25);

  @BeforeEach
  void openModel() throws Exception {
    ModelBundle bundle =
        ModelTraining.writeUntrained(temp.resolve("model"), Architecture.standard(7, 7), 5);
    model = new OrtWorldModel(bundle, 1);
    reference = new OrtWorldModel(bundle, 1);
    encoder = new FrameEncoder(model, 8, 32);
  }

  @AfterEach
  void close() {
    encoder.close();
    model.close();
    reference.close();
  }

  private static byte[] randomPixels(int count, long seed) {
    byte[] pixels = new byte[count];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    return pixels;
  }

  private float[] directState(Image image) {
    float[] state = new float[reference.latentSize()];
    reference.encode(List.of(new Observation(image, armState)), state);
    return state;
  }

  private float[] encode(RawFrame frame) throws Exception {
    return encoder.submit(frame, armState).get(10, TimeUnit.SECONDS).state();
  }

  @Test
  void rgbFrameGivesTheModelsLatentAndProprio() throws Exception {
    byte[] pixels = randomPixels(64 * 64 * 3, 1);
    float[] state = encode(new RawFrame(64, 64, "rgb8", pixels));
    assertThat(state).hasSize(71);
    assertThat(state).containsExactly(directState(new Image(64, 64, PixelEncoding.RGB8, pixels)));
    // Untrained bundle: proprio is stored unnormalised (mean 0, std 1).
    assertThat(state[64]).isEqualTo(0.1f);
    assertThat(state[70]).isEqualTo(0.25f);
  }

  @Test
  void bgrIsConvertedAndLargeFramesAreResized() throws Exception {
    int width = 128;
    int height = 128;
    byte[] rgb = randomPixels(width * height * 3, 2);
    byte[] bgr = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    float[] fromRgb = encode(new RawFrame(width, height, "rgb8", rgb));
    float[] fromBgr = encode(new RawFrame(width, height, "bgr8", bgr));
    assertThat(fromBgr).containsExactly(fromRgb);
    // 2x2 area average: a 128x128 frame equals its 64x64 box-filtered version.
    byte[] small = new byte[64 * 64 * 3];
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              sum += rgb[((2 * y + dy) * width + 2 * x + dx) * 3 + c] & 0xff;
            }
          }
          small[(y * 64 + x) * 3 + c] = (byte) (sum / 4);
        }
      }
    }
    float[] fromSmall = encode(new RawFrame(64, 64, "rgb8", small));
    for (int i = 0; i < 64; i++) {
      assertThat(fromRgb[i]).isCloseTo(fromSmall[i], org.assertj.core.data.Offset.offset(0.05f));
    }
    float[] mono = encode(new RawFrame(100, 37, "mono8", randomPixels(100 * 37, 3)));
    assertThat(mono).hasSize(71);
  }

  @Test
  void badFramesAreRejectedAndTheNextGoodFrameWorks() throws Exception {
    assertThatThrownBy(() -> encoder.submit(new RawFrame(64, 64, "rgb8", new byte[100]), armState))
        .isInstanceOf(FrameRejectedException.class)
        .hasMessageContaining("has 100 bytes, expected 12288");
    assertThatThrownBy(
            () -> encoder.submit(new RawFrame(64, 64, "yuv422", new byte[64 * 64 * 2]), armState))
        .isInstanceOf(FrameRejectedException.class)
        .hasMessageContaining("'yuv422'")
        .hasMessageContaining("rgb8, bgr8, mono8");
    byte[] pixels = randomPixels(64 * 64 * 3, 4);
    assertThat(encode(new RawFrame(64, 64, "rgb8", pixels)))
        .containsExactly(directState(new Image(64, 64, PixelEncoding.RGB8, pixels)));
  }

  @Test
  void framesSubmittedTogetherAreAllEncodedCorrectly() throws Exception {
    List<CompletableFuture<EncodedFrame>> results = new ArrayList<>();
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] pixels = randomPixels(64 * 64 * 3, 10 + i);
      frames.add(pixels);
      results.add(encoder.submit(new RawFrame(64, 64, "rgb8", pixels), armState));
    }
    for (int i = 0; i < 20; i++) {
      EncodedFrame frame = results.get(i).get(10, TimeUnit.SECONDS);
      assertThat(frame.state())
          .containsExactly(
              directState(new Image(64, 64, PixelEncoding.RGB8, frames.get(i))),
              org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(frame.batchSize()).isBetween(1, 8);
      assertThat(frame.latencySeconds()).isPositive();
    }
    assertThat(encoder.encodedFrames()).isEqualTo(20);
  }
}
