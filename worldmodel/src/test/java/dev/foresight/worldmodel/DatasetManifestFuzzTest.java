package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.core.io.InvalidFileException;

/**
 * Fuzz target for dataset manifests: whatever the bytes, parsing gives a manifest whose values are
 * within their documented ranges, or one {@link InvalidFileException} line naming the input. A
 * plain test run replays {@code
 * src/test/resources/dev/foresight/worldmodel/DatasetManifestFuzzTestInputs/parse/}; a campaign as
 * for {@link ModelManifestFuzzTest} with {@code -Dtest='DatasetManifestFuzzTest#parse'}.
 */
class DatasetManifestFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) {
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.parse(input, ModelManifestFuzzTest.SOURCE);
    } catch (InvalidFileException e) {
      ModelManifestFuzzTest.assertOneLineNaming(e);
      return;
    }
    assertThat(manifest.imageWidth()).isBetween(1, DatasetManifest.MAX_IMAGE_SIDE);
    assertThat(manifest.imageHeight()).isBetween(1, DatasetManifest.MAX_IMAGE_SIDE);
    for (DatasetManifest.Entry entry : manifest.episodes()) {
      assertThat(entry.index()).isBetween(0, 999_999);
      assertThat(entry.steps()).isBetween(1, DatasetManifest.MAX_STEPS);
    }
  }
}
