package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles no trainer writes: each is one {@link IOException} line naming the file, the key, the bad
 * value and what was expected, before anything is sized from the bad value.
 */
class ModelBundleMalformedTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Path bundle;
  private Path manifest;

  @BeforeEach
  void writeBundle() throws IOException {
    bundle = temp.resolve("bundle");
    ModelTraining.writeUntrained(bundle, Architecture.standard(7, 7), 1);
    manifest = bundle.resolve(ModelBundle.MANIFEST);
  }

  private void edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
    change.accept(root);
    Files.writeString(manifest, JSON.writeValueAsString(root));
  }

  private Throwable readFailure() {
    return catchThrowable(() -> ModelBundle.read(bundle));
  }

  private static void assertOneLine(Throwable thrown, String... parts) {
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").contains(parts);
  }

  @Test
  void missingPixelStatisticsAreRejectedWhenTheBundleIsRead() throws IOException {
    edit(root -> root.remove("pixelMean"));
    assertOneLine(readFailure(), manifest.toString(), "pixelMean", "missing");
  }

  @Test
  void hugeConvolutionWidthsAreOneLineNotAnUncheckedException() throws IOException {
    edit(
        root -> {
          ArrayNode channels = root.putArray("convChannels");
          channels.add(65536).add(65536);
        });
    assertOneLine(readFailure(), manifest.toString(), "convChannels", "65536");
  }

  @Test
  void inconsistentSizesAreRejected() throws IOException {
    edit(root -> root.put("stateSize", 12));
    assertOneLine(readFailure(), manifest.toString(), "stateSize", "12", "71");
  }

  @Test
  void zeroScalesAndFrameSkipsAreRejected() throws IOException {
    edit(root -> ((ArrayNode) root.get("pixelStd")).set(1, 0.0));
    assertOneLine(readFailure(), manifest.toString(), "pixelStd[1]", "0.0");
    writeBundle();
    edit(root -> root.put("frameSkip", 0));
    assertOneLine(readFailure(), manifest.toString(), "frameSkip", "0");
  }

  @Test
  void anOversizedManifestIsNotRead() throws IOException {
    edit(root -> root.put("stateLayout", " ".repeat(2 << 20)));
    assertOneLine(readFailure(), manifest.toString(), "bytes", "at most");
  }

  @Test
  void anOversizedOnnxFileIsNotRead() throws IOException {
    // A sparse 3 GiB file: more than a Java array holds.
    try (RandomAccessFile file =
        new RandomAccessFile(bundle.resolve("predictor.onnx").toFile(), "rw")) {
      file.setLength(3L << 30);
    }
    assertOneLine(readFailure(), bundle.resolve("predictor.onnx").toString(), "3221225472 bytes");
  }

  @Test
  void anOnnxFileThatIsNotAModelIsOneLineEvenWithMatchingChecksums() throws IOException {
    byte[] garbage = new byte[1000];
    java.util.Arrays.fill(garbage, (byte) 0xff);
    Files.write(bundle.resolve("predictor.onnx"), garbage);
    edit(
        root -> {
          ObjectNode entry = (ObjectNode) root.path("files").path("predictor.onnx");
          entry.put("bytes", garbage.length);
          entry.put("sha256", sha256(garbage));
        });
    assertOneLine(readFailure(), bundle.resolve("predictor.onnx").toString(), "ONNX");
  }

  @Test
  void aManifestThatIsNotJsonIsOneLineNamingTheFile() throws IOException {
    Files.writeString(manifest, "{\n  \"format\": \"foresight-model\",\n  \"version\": [1,\n");
    assertOneLine(readFailure(), manifest.toString(), "not a valid model manifest");
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
