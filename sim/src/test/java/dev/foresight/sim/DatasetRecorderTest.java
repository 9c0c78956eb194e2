package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder writes the documented format, resumes, and rejects bad output directories. */
class DatasetRecorderTest {
  private static final RenderSettings RENDER = RenderSettings.defaults().withSize(32, 24);

  private static DatasetRecorder.Options options(String task, int episodes, Path out) {
    return new DatasetRecorder.Options(
        Tasks.byName(task), episodes, 7, PolicyKind.MIXED, out, RENDER, 6);
  }

  @Test
  void heldActionsChangeOnlyEveryKSteps(@TempDir Path dir) throws Exception {
    DatasetRecorder.record(
        new DatasetRecorder.Options(
            Tasks.byName("push-t"), 2, 7, PolicyKind.RANDOM, dir, RENDER, 15, 5),
        null);
    for (int e = 0; e < 2; e++) {
      float[] actions =
          Npz.read(dir.resolve(String.format("episode-%06d.npz", e))).get("actions").floats();
      int changesInsideBlocks = 0;
      int changesAtBlockStarts = 0;
      for (int t = 1; t < 15; t++) {
        boolean same = true;
        for (int k = 0; k < 7; k++) {
          same &= actions[t * 7 + k] == actions[(t - 1) * 7 + k];
        }
        if (!same) {
          if (t % 5 == 0) {
            changesAtBlockStarts++;
          } else {
            changesInsideBlocks++;
          }
        }
      }
      assertThat(changesInsideBlocks).as("episode %d", e).isZero();
      assertThat(changesAtBlockStarts).as("episode %d", e).isEqualTo(2);
    }
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.path("episodes").get(0).path("policy").asText()).isEqualTo("random-hold5");
    assertThatThrownBy(
            () ->
                new DatasetRecorder.Options(
                    Tasks.byName("push-t"), 1, 7, PolicyKind.RANDOM, dir, RENDER, 15, 0))
        .hasMessage("hold must be >= 1 control step, got 0");
  }

  @Test
  void writesEpisodesAndManifestInFormatV1(@TempDir Path dir) throws Exception {
    DatasetRecorder.Summary summary = DatasetRecorder.record(options("pick-place", 2, dir), null);
    assertThat(summary.recorded()).isEqualTo(2);

    Map<String, NpyArray> episode = Npz.read(dir.resolve("episode-000001.npz"));
    assertThat(episode.get("frames").dtype()).isEqualTo(NpyArray.DType.UINT8);
    assertThat(episode.get("frames").shape()).containsExactly(7, 24, 32, 3);
    assertThat(episode.get("actions").dtype()).isEqualTo(NpyArray.DType.FLOAT32);
    assertThat(episode.get("actions").shape()).containsExactly(6, 7);
    assertThat(episode.get("proprio").shape()).containsExactly(7, 7);
    assertThat(episode.get("task_state").shape()).containsExactly(7, 6);
    assertThat(episode.get("goal_frame").shape()).containsExactly(24, 32, 3);
    assertThat(episode.get("goal_proprio").shape()).containsExactly(7);
    assertThat(episode.get("goal_task_state").shape()).containsExactly(6);
    assertThat(episode.get("success").dtype()).isEqualTo(NpyArray.DType.BOOL);
    assertThat(episode.get("success").shape()).isEmpty();
    assertThat(episode.get("seed").dtype()).isEqualTo(NpyArray.DType.INT64);
    assertThat(episode.get("seed").shape()).isEmpty();
    // The first proprio row is the initial arm state, the frames are not blank.
    float[] proprio = episode.get("proprio").floats();
    assertThat(proprio[2]).isBetween(0.08f, 0.15f);
    byte[] frames = episode.get("frames").data();
    assertThat(distinctBytes(frames)).isGreaterThan(5);

    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.path("format").asText()).isEqualTo("foresight-dataset");
    assertThat(manifest.path("version").asInt()).isEqualTo(1);
    assertThat(manifest.path("task").asText()).isEqualTo("pick-place");
    assertThat(manifest.path("imageWidth").asInt()).isEqualTo(32);
    assertThat(manifest.path("imageHeight").asInt()).isEqualTo(24);
    assertThat(manifest.path("encoding").asText()).isEqualTo("rgb8");
    assertThat(manifest.path("controlPeriodSeconds").asDouble()).isEqualTo(0.1);
    assertThat(manifest.path("actionNames")).hasSize(7);
    assertThat(manifest.path("proprioNames")).hasSize(7);
    assertThat(manifest.path("taskStateNames")).hasSize(6);
    JsonNode second = manifest.path("episodes").get(1);
    assertThat(second.path("file").asText()).isEqualTo("episode-000001.npz");
    assertThat(second.path("seed").asLong()).isEqualTo(Seeds.episodeSeed(7, 1));
    assertThat(second.path("steps").asInt()).isEqualTo(6);
    assertThat(second.path("policy").asText()).isIn("noisy-expert", "random");
    assertThat(second.path("success").isBoolean()).isTrue();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("episode-000000.npz", "episode-000001.npz", "manifest.json");
    }
  }

  @Test
  void resumesBySkippingFinishedEpisodes(@TempDir Path dir) throws Exception {
    DatasetRecorder.record(options("reach", 2, dir), null);
    byte[] first = Files.readAllBytes(dir.resolve("episode-000000.npz"));
    DatasetRecorder.Summary again = DatasetRecorder.record(options("reach", 3, dir), null);
    assertThat(again.skipped()).isEqualTo(2);
    assertThat(again.recorded()).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("episode-000000.npz"))).isEqualTo(first);
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.path("episodes")).hasSize(3);
    // A deleted episode is recorded again, identically.
    Files.delete(dir.resolve("episode-000000.npz"));
    DatasetRecorder.Summary repaired = DatasetRecorder.record(options("reach", 3, dir), null);
    assertThat(repaired.recorded()).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("episode-000000.npz"))).isEqualTo(first);
  }

  @Test
  void refusesAnotherTasksDataset(@TempDir Path dir) {
    DatasetRecorder.record(options("reach", 1, dir), null);
    assertThatThrownBy(() -> DatasetRecorder.record(options("push-t", 1, dir), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a dataset of task reach");
  }

  @Test
  void rejectsAnUnwritableOutputDirectory(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> DatasetRecorder.record(options("reach", 1, file.resolve("sub")), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output directory " + file.resolve("sub"))
        .hasMessageContaining("not writable");
    assertThatThrownBy(() -> DatasetRecorder.record(options("reach", 1, file), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void rejectsANegativeEpisodeCount(@TempDir Path dir) {
    assertThatThrownBy(() -> options("reach", -1, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode count must be >= 0, got -1");
  }

  @Test
  void aCorruptManifestIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(manifest, "{\n  \"format\": \"foresight-dataset\",\n  oops");
    assertThatThrownBy(() -> DatasetRecorder.record(options("reach", 1, dir), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(manifest.toString())
        .hasMessageContaining("not a valid dataset manifest")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aBadEpisodeEntryIsNamedNotResumedFrom(@TempDir Path dir) throws Exception {
    DatasetRecorder.record(options("reach", 1, dir), null);
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"steps\" : 6", "\"steps\" : -6"));
    assertThatThrownBy(() -> DatasetRecorder.record(options("reach", 2, dir), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(manifest + ": episodes[0].steps is -6, expected 1..1000000");
  }

  @Test
  void leavesNoTemporaryFilesWhenRecordingManyEpisodes(@TempDir Path dir) throws Exception {
    DatasetRecorder.record(options("reach", 3, dir), null);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "episode-000000.npz", "episode-000001.npz", "episode-000002.npz", "manifest.json");
    }
  }

  private static long distinctBytes(byte[] data) {
    boolean[] seen = new boolean[256];
    long count = 0;
    for (byte b : data) {
      if (!seen[b & 0xFF]) {
        seen[b & 0xFF] = true;
        count++;
      }
    }
    return count;
  }
}
