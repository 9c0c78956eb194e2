package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path temp;
  private Path bundle;

  @BeforeEach
  void writeBundle() throws IOException {
    bundle = temp.resolve("bundle");
    ModelTraining.writeUntrained(bundle, Architecture.standard(7, 7), 1);
  }

  @Test
  void roundTripsManifestAndWeights() throws IOException {
    ModelBundle read = ModelBundle.read(bundle);
    assertThat(read.manifest().stateSize()).isEqualTo(71);
    assertThat(read.manifest().architecture().convChannels()).containsExactly(16, 32);
    assertThat(read.manifest().keypoints()).isEqualTo(32);
    Weights expected = Weights.initialise(Architecture.standard(7, 7), 1);
    assertThat(read.weights().get("pred.fc2.weight").values())
        .containsExactly(expected.get("pred.fc2.weight").values());
    assertThat(read.weights().get("enc.conv2.weight").shape()).containsExactly(32, 16, 4, 4);
    assertThat(read.weights().get("enc.kp.weight").shape()).containsExactly(32, 32, 1, 1);
    assertThat(read.weights().get("enc.fc.weight").shape()).containsExactly(64, 64);
    assertThat(read.sizeBytes()).isLessThan(20L << 20);
  }

  @Test
  void missingDirectoryAndFilesAreNamed() throws IOException {
    assertThatThrownBy(() -> ModelBundle.read(temp.resolve("absent")))
        .hasMessageContaining("absent")
        .hasMessageContaining("model bundle directory not found");
    Files.delete(bundle.resolve("predictor.onnx"));
    assertThatThrownBy(() -> ModelBundle.read(bundle))
        .hasMessageContaining("predictor.onnx")
        .hasMessageContaining("missing");
    Files.delete(bundle.resolve("manifest.json"));
    assertThatThrownBy(() -> ModelBundle.read(bundle))
        .hasMessageContaining("manifest.json")
        .hasMessageContaining("manifest missing");
  }

  @Test
  void corruptFilesAreDetected() throws IOException {
    byte[] predictor = Files.readAllBytes(bundle.resolve("predictor.onnx"));
    predictor[10] ^= 1;
    Files.write(bundle.resolve("predictor.onnx"), predictor);
    assertThatThrownBy(() -> ModelBundle.read(bundle))
        .hasMessageContaining("predictor.onnx: corrupt")
        .hasMessageContaining("expected " + predictor.length + " bytes with SHA-256");
  }

  @Test
  void badManifestsAreRejected() throws IOException {
    Path manifest = bundle.resolve("manifest.json");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replace("\"version\" : 1", "\"version\" : 7"));
    assertThatThrownBy(() -> ModelBundle.read(bundle))
        .hasMessageContaining("version 7 is not supported, expected 1");
    Files.writeString(manifest, "{ not json");
    assertThatThrownBy(() -> ModelBundle.read(bundle))
        .hasMessageContaining("manifest.json: not a valid model manifest");
  }
}
