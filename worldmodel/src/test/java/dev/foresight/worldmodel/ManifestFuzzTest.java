package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.core.io.InvalidFileException;

/**
 * Fuzz target for the model manifest parser: whatever the bytes, parsing gives a manifest whose
 * architecture, normalisation and tensor shapes can be built, or one {@link InvalidFileException}
 * line naming the input (the dataset manifest's target is core's {@code DatasetManifestFuzzTest}).
 *
 * <p>A plain test run replays the stored inputs under {@code
 * src/test/resources/dev/foresight/worldmodel/ManifestFuzzTestInputs/<method>/}. A campaign of one
 * million executions of one method (one method per run):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp test -pl worldmodel -am -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='ManifestFuzzTest#modelManifest' -Djazzer.internal.arg.0=modelManifest \
 *     -Djazzer.internal.arg.1=-runs=1000000 -Djazzer.internal.arg.2=-max_total_time=1800
 * </pre>
 */
class ManifestFuzzTest {
  private static final String SOURCE = "fuzz/manifest.json";

  @FuzzTest(maxDuration = "10m")
  void modelManifest(byte[] input) {
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

  private static void assertOneLineNaming(InvalidFileException e) {
    assertThat(e.getMessage())
        .startsWith(SOURCE + ": ")
        .doesNotContain("\n")
        .doesNotContain("\r")
        .hasSizeLessThan(2000);
  }
}
