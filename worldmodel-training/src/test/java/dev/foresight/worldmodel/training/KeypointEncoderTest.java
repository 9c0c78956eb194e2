package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.FramePreprocessor;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeypointEncoderTest {
  @TempDir Path temp;

  @Test
  void spatialSoftmaxFindsEachMapsPeak() {
    int side = 16;
    float[] scores = new float[2 * side * side];
    // Keypoint 0 peaks at row 3, column 11; keypoint 1 at row 15, column 0.
    scores[3 * side + 11] = 40f;
    scores[side * side + 15 * side] = 40f;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray input = manager.create(scores, new Shape(1, 2, side, side));
      float[] coordinates = TorchNetwork.spatialSoftmax(input).toFloatArray();
      assertThat(coordinates).hasSize(4);
      assertThat(coordinates[0]).isCloseTo(-1f + 23f / side, within(1e-3f));
      assertThat(coordinates[1]).isCloseTo(-1f + 7f / side, within(1e-3f));
      assertThat(coordinates[2]).isCloseTo(-1f + 1f / side, within(1e-3f));
      assertThat(coordinates[3]).isCloseTo(1f - 1f / side, within(1e-3f));
    }
  }

  @Test
  void flatMapsAverageToTheCentre() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray input = manager.zeros(new Shape(3, 5, 8, 8));
      for (float value : TorchNetwork.spatialSoftmax(input).toFloatArray()) {
        assertThat(value).isCloseTo(0f, within(1e-6f));
      }
    }
  }

  @Test
  void everyEncoderExportsToOnnxThatMatchesPyTorch() throws Exception {
    for (Architecture architecture :
        new Architecture[] {
          Architecture.keypoints(7, 7), Architecture.moments(7, 7), Architecture.flat(7, 7)
        }) {
      ModelBundle bundle =
          ModelTraining.writeUntrained(
              temp.resolve(architecture.encoder().name()), architecture, 5);
      assertThat(bundle.manifest().architecture().encoder()).isEqualTo(architecture.encoder());
      try (OrtWorldModel ort = new OrtWorldModel(bundle, 1);
          TorchWorldModel torch = new TorchWorldModel(bundle)) {
        ParityCheck.Result parity = ParityCheck.compare(ort, torch, 11);
        assertThat(parity.encoderMaxDifference())
            .as(architecture.encoder() + " encoder")
            .isLessThan(ParityCheck.TOLERANCE);
        assertThat(parity.predictorMaxDifference()).isLessThan(ParityCheck.TOLERANCE);
      }
    }
  }

  @Test
  void spatialMomentsTellABarsAxisAndWhichWayATPoints() {
    int side = 32;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      // Four maps, each uniform over one shape, all centred on the same pixel column and row:
      // a horizontal bar, a vertical bar, a T with its stem down and the same T upside down.
      float[] scores = new float[4 * side * side];
      for (int i = -6; i <= 6; i++) {
        scores[16 * side + 16 + i] = 40f;
        scores[side * side + (16 + i) * side + 16] = 40f;
      }
      for (int i = -4; i <= 4; i++) {
        scores[2 * side * side + 12 * side + 16 + i] = 40f;
        scores[2 * side * side + (13 + i + 4) * side + 16] = 40f;
        scores[3 * side * side + 20 * side + 16 + i] = 40f;
        scores[3 * side * side + (19 - i - 4) * side + 16] = 40f;
      }
      float[] m =
          TorchNetwork.spatialMoments(manager.create(scores, new Shape(1, 4, side, side)))
              .toFloatArray();
      int n = Architecture.MOMENT_FEATURES;
      assertThat(m).hasSize(4 * n);
      // Same mean for both bars; xx and yy swap; neither has an xy or a third moment.
      assertThat(m[0]).isCloseTo(m[n], within(1e-4f));
      assertThat(m[1]).isCloseTo(m[n + 1], within(1e-4f));
      assertThat(m[2]).isGreaterThan(20 * Math.abs(m[4]));
      assertThat(m[n + 4]).isGreaterThan(20 * Math.abs(m[n + 2]));
      assertThat(m[2]).isCloseTo(m[n + 4], within(1e-4f));
      for (int k = 5; k < n; k++) {
        assertThat(m[k]).isCloseTo(0f, within(1e-4f));
      }
      // The two Ts: the same second moments, opposite third moments along y (E[dy³]).
      for (int k = 2; k <= 4; k++) {
        assertThat(m[2 * n + k]).isCloseTo(m[3 * n + k], within(1e-4f));
      }
      assertThat(m[2 * n + 8]).isGreaterThan(0.05f);
      assertThat(m[3 * n + 8]).isCloseTo(-m[2 * n + 8], within(2e-3f));
    }
  }

  @Test
  void keypointLatentMovesWithAnObjectAndStaysPutWithout() throws Exception {
    // An untrained keypoint encoder already localises: a bright square moved across an otherwise
    // empty image moves the latent, the same image twice does not.
    ModelBundle bundle =
        ModelTraining.writeUntrained(temp.resolve("kp"), Architecture.keypoints(7, 7), 2);
    try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
      float[] left = encode(model, square(8, 28));
      float[] same = encode(model, square(8, 28));
      float[] right = encode(model, square(48, 28));
      assertThat(distance(left, same)).isEqualTo(0.0);
      assertThat(distance(left, right)).isGreaterThan(1e-3);
    }
  }

  @Test
  void bundlesWithoutAKeypointFieldReadAsFlat() throws Exception {
    ModelBundle bundle =
        ModelTraining.writeUntrained(temp.resolve("old"), Architecture.flat(7, 7), 1);
    Path manifest = bundle.directory().resolve("manifest.json");
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    assertThat(text).contains("\"keypoints\" : 0");
    Files.writeString(manifest, text.replace("\"keypoints\" : 0,", ""), StandardCharsets.UTF_8);
    ModelBundle old = ModelBundle.read(bundle.directory());
    assertThat(old.manifest().architecture().encoder()).isEqualTo(Architecture.Encoder.FLAT);
  }

  @Test
  void manifestThatDisagreesWithTheOnnxFilesIsNamed() throws Exception {
    ModelBundle bundle =
        ModelTraining.writeUntrained(temp.resolve("lying"), Architecture.keypoints(7, 7), 1);
    Path manifest = bundle.directory().resolve("manifest.json");
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest, text.replace("\"keypoints\" : 32", "\"keypoints\" : 16"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelBundle.read(bundle.directory()))
        .hasMessageContaining("manifest.json")
        .hasMessageContaining("keypoints 16) expects enc.kp.weight of shape [16, 32, 1, 1]")
        .hasMessageContaining("the ONNX files have [32, 32, 1, 1]");
  }

  @Test
  void mismatchedSizesAreRejected() {
    assertThatThrownBy(() -> new Architecture(62, new int[] {16, 32}, 64, 7, 7, 256, 128, 32))
        .hasMessageContaining("imageSize 62");
    assertThatThrownBy(() -> new Architecture(64, new int[] {16, 32}, 64, 7, 7, 256, 128, -1))
        .hasMessageContaining("keypoints must be 0 or positive, got -1");
  }

  private static byte[] square(int x, int y) {
    byte[] rgb = new byte[64 * 64 * 3];
    for (int row = y; row < y + 8; row++) {
      for (int column = x; column < x + 8; column++) {
        int i = (row * 64 + column) * 3;
        rgb[i] = (byte) 230;
        rgb[i + 1] = (byte) 40;
        rgb[i + 2] = (byte) 40;
      }
    }
    return rgb;
  }

  private static float[] encode(OrtWorldModel model, byte[] rgb) {
    FramePreprocessor preprocessor = model.preprocessor();
    float[] input = new float[preprocessor.floatsPerFrame()];
    preprocessor.prepareRgb(rgb, 0, input, 0);
    float[] latent = new float[model.imageLatentSize()];
    model.encodeFrames(1, input, latent);
    return latent;
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }
}
