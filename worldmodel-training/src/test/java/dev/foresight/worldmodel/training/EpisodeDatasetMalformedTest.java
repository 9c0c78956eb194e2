package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets no recorder writes: each is one {@link IOException} line naming the file, the array or
 * key, the bad value and what was expected — never an unchecked exception at load time, never an
 * episode that breaks training later.
 */
class EpisodeDatasetMalformedTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path episode;
  private Path manifest;

  @BeforeEach
  void writeDataset() throws IOException {
    SyntheticDataset.write(dir, 2, 3, 5);
    episode = dir.resolve("episode-000001.npz");
    manifest = dir.resolve("manifest.json");
  }

  private void editEpisode(Consumer<Map<String, NpyArray>> change) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(episode));
    change.accept(arrays);
    Npz.write(episode, arrays);
  }

  private void editManifest(Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
    change.accept(root);
    Files.writeString(manifest, JSON.writeValueAsString(root));
  }

  private Throwable loadFailure() {
    return catchThrowable(() -> EpisodeDataset.load(List.of(dir)));
  }

  private static void assertOneLine(Throwable thrown, String... parts) {
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").contains(parts);
  }

  @Test
  void theSyntheticDatasetLoads() throws IOException {
    assertThat(EpisodeDataset.load(List.of(dir)).episodes()).hasSize(2);
  }

  @Test
  void aScalarActionArrayIsOneLine() throws IOException {
    editEpisode(arrays -> arrays.put("actions", NpyArray.ofFloats(new float[] {1})));
    assertOneLine(loadFailure(), episode.toString(), "actions", "[]");
  }

  @Test
  void framesOfTheWrongTypeAreOneLine() throws IOException {
    editEpisode(
        arrays -> arrays.put("frames", NpyArray.ofFloats(new float[4 * 2 * 2 * 3], 4, 2, 2, 3)));
    assertOneLine(loadFailure(), episode.toString(), "frames", "<f4", "|u1");
  }

  @Test
  void aGoalFrameOfAnotherSizeIsRejected() throws IOException {
    editEpisode(arrays -> arrays.put("goal_frame", NpyArray.ofBytes(new byte[12], 2, 2, 3)));
    assertOneLine(loadFailure(), episode.toString(), "goal_frame", "[2, 2, 3]", "[64, 64, 3]");
  }

  @Test
  void actionSizesMustAgreeAcrossEpisodes() throws IOException {
    editEpisode(arrays -> arrays.put("actions", NpyArray.ofFloats(new float[9], 3, 3)));
    assertOneLine(loadFailure(), episode.toString(), "actions", "[3, 3]", "[3, 7]");
  }

  @Test
  void framesMustHaveTheManifestsSize() throws IOException {
    editManifest(root -> root.put("imageWidth", 32).put("imageHeight", 32));
    assertOneLine(
        loadFailure(), episode.getParent().resolve("episode-000000.npz").toString(), "64", "32");
  }

  @Test
  void aManifestThatIsNotJsonIsOneLineNamingTheFile() throws IOException {
    Files.writeString(manifest, "{\n \"format\": \"foresight-dataset\",\n oops");
    assertOneLine(loadFailure(), manifest.toString());
  }

  @Test
  void episodeEntriesAreChecked() throws IOException {
    editManifest(root -> ((ObjectNode) root.withArray("episodes").get(1)).put("steps", -5));
    assertOneLine(loadFailure(), manifest.toString(), "episodes[1].steps", "-5");
  }
}
