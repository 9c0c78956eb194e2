package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the dataset manifest parser: whatever the bytes, parsing gives a manifest whose
 * values are within their documented ranges, or one {@link InvalidFileException} line naming the
 * input.
 *
 * <p>A plain test run replays the stored inputs under {@code
 * src/test/resources/dev/foresight/core/io/DatasetManifestFuzzTestInputs/datasetManifest/}. A
 * campaign of one million executions:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp test -pl core -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='DatasetManifestFuzzTest' -Djazzer.internal.arg.0=datasetManifest \
 *     -Djazzer.internal.arg.1=-runs=1000000 -Djazzer.internal.arg.2=-max_total_time=1800
 * </pre>
 */
class DatasetManifestFuzzTest {
  private static final String SOURCE = "fuzz/manifest.json";

  @FuzzTest(maxDuration = "10m")
  void datasetManifest(byte[] input) {
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.parse(input, SOURCE);
    } catch (InvalidFileException e) {
      assertOneLineNaming(e);
      return;
    }
    assertThat(manifest.imageWidth()).isBetween(1, DatasetManifest.MAX_IMAGE_SIDE);
    assertThat(manifest.imageHeight()).isBetween(1, DatasetManifest.MAX_IMAGE_SIDE);
    for (DatasetManifest.Entry entry : manifest.episodes()) {
      assertThat(entry.index()).isBetween(0, 999_999);
      assertThat(entry.steps()).isBetween(1, DatasetManifest.MAX_STEPS);
    }
  }

  private static void assertOneLineNaming(InvalidFileException e) {
    assertThat(e.getMessage())
        .startsWith(SOURCE + ": ")
        .doesNotContain("\n")
        .doesNotContain("\r")
        .hasSizeLessThan(2000);
  }
}
