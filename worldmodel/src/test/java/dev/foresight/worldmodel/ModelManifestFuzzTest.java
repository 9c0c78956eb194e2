package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.core.io.InvalidFileException;

/**
 * Fuzz target for model manifests: whatever the bytes, parsing gives a manifest whose architecture,
 * normalisation and tensor shapes can be built without an exception, or one {@link
 * InvalidFileException} line naming the input. A plain test run replays {@code
 * src/test/resources/dev/foresight/worldmodel/ModelManifestFuzzTestInputs/parse/}; a campaign:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp test -pl worldmodel -Dtest='ModelManifestFuzzTest#parse' \
 *     -Djazzer.internal.arg.0=parse -Djazzer.internal.arg.1=-runs=1000000 \
 *     -Djazzer.internal.arg.2=-max_total_time=1800
 * </pre>
 */
class ModelManifestFuzzTest {
  static final String SOURCE = "fuzz/manifest.json";

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) {
    ModelManifest manifest;
    try {
      manifest = ModelManifest.parse(input, SOURCE);
    } catch (InvalidFileException e) {
      assertOneLineNaming(e);
      return;
    }
    Architecture architecture = manifest.architecture();
    manifest.normalisation();
    assertThat(Weights.shapes(architecture)).containsKey("pred.fc3.weight");
  }

  static void assertOneLineNaming(InvalidFileException e) {
    assertThat(e.getMessage())
        .startsWith(SOURCE + ": ")
        .doesNotContain("\n")
        .doesNotContain("\r")
        .hasSizeLessThan(2000);
  }
}
