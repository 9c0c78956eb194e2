package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.io.DatasetManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Continuing a dataset: kept episodes, numbering, leftovers of an interrupted write. */
class DatasetWriterTest {
  @TempDir Path dir;

  private static StepSampler.Episode episode(int steps, long start) {
    long[] times = new long[steps + 1];
    for (int i = 0; i <= steps; i++) {
      times[i] = start + i * 100_000_000L;
    }
    return new StepSampler.Episode(
        times,
        new byte[(steps + 1) * 3 * 8 * 8],
        new float[(steps + 1) * 7],
        new float[steps * 7],
        new float[steps + 1]);
  }

  @Test
  void anEpisodeRenamedIntoPlaceButNotListedIsListedAndNumberingGoesOn() throws Exception {
    Path data = dir.resolve("data");
    DatasetWriter writer = DatasetWriter.resume(data, "--out", "recorded", 8, 10);
    writer.episode(episode(3, 1000), "a");
    Path listedOnce = dir.resolve("manifest-after-one.json");
    Files.copy(data.resolve("manifest.json"), listedOnce);
    writer.episode(episode(5, 9000), "a");
    // As if killed between the episode's rename and the manifest's.
    Files.copy(listedOnce, data.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
    Files.write(data.resolve(".episode-000002.npz77.tmp"), new byte[10]);

    DatasetWriter resumed = DatasetWriter.resume(data, "--out", "recorded", 8, 10);
    assertThat(resumed.resumedEpisodes()).isEqualTo(1);
    assertThat(resumed.episodes()).isEqualTo(2);
    assertThat(resumed.steps()).isEqualTo(8);
    assertThat(data.resolve(".episode-000002.npz77.tmp")).doesNotExist();
    resumed.episode(episode(2, 20000), "b");
    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.episodes())
        .extracting(DatasetManifest.Entry::file)
        .containsExactly("episode-000000.npz", "episode-000001.npz", "episode-000002.npz");
    assertThat(manifest.episodes())
        .extracting(DatasetManifest.Entry::steps)
        .containsExactly(3, 5, 2);
  }

  @Test
  void aDatasetOfAnotherLayoutIsNotContinued() throws Exception {
    Path data = dir.resolve("data");
    DatasetWriter.resume(data, "--out", "recorded", 8, 10).episode(episode(3, 0), "a");
    assertThatThrownBy(() -> DatasetWriter.resume(data, "--out", "recorded", 16, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--out "
                + data
                + " holds a dataset of task 'recorded', 8 px frames at 10 Hz, expected task"
                + " 'recorded', 16 px at 10 Hz to continue it (or a new folder)");
  }
}
