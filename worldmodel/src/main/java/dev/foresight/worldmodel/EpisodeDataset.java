package dev.foresight.worldmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Recorded episodes of one or more tasks in Foresight dataset format v1 (one directory per task
 * with {@code episode-NNNNNN.npz} files and a {@code manifest.json}).
 *
 * <p>Episodes are split deterministically: every tenth episode of each task (index 9, 19, ...) is
 * held out for evaluation and never trained on.
 */
public final class EpisodeDataset {
  /** Every {@code HOLDOUT_PERIOD}-th episode is held out. */
  public static final int HOLDOUT_PERIOD = 10;

  private final List<Episode> episodes;
  private final String dataHash;
  private final int imageSize;

  /**
   * One episode.
   *
   * @param task task name from the dataset manifest
   * @param index episode index within its task
   * @param heldOut whether this episode is reserved for evaluation
   * @param steps number of actions T
   * @param imageSize frame side in pixels
   * @param frames {@code [T+1, H, W, 3]} RGB bytes
   * @param actions {@code [T, actionSize]}
   * @param proprio {@code [T+1, proprioSize]}
   * @param taskState {@code [T+1, taskStateSize]}
   * @param taskStateSize S
   * @param goalFrame {@code [H, W, 3]} RGB bytes
   * @param goalProprio {@code [proprioSize]}
   * @param goalTaskState {@code [S]}
   */
  public record Episode(
      String task,
      int index,
      boolean heldOut,
      int steps,
      int imageSize,
      byte[] frames,
      float[] actions,
      float[] proprio,
      float[] taskState,
      int taskStateSize,
      byte[] goalFrame,
      float[] goalProprio,
      float[] goalTaskState) {

    /** Bytes per frame. */
    public int frameBytes() {
      return imageSize * imageSize * 3;
    }
  }

  private EpisodeDataset(List<Episode> episodes, String dataHash, int imageSize) {
    this.episodes = List.copyOf(episodes);
    this.dataHash = dataHash;
    this.imageSize = imageSize;
  }

  /**
   * Loads every episode of the given task directories.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static EpisodeDataset load(List<Path> directories) throws IOException {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("no dataset directory given");
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ObjectMapper json = new ObjectMapper();
    List<Episode> episodes = new ArrayList<>();
    int imageSize = -1;
    for (Path directory : directories) {
      Path manifestFile = directory.resolve("manifest.json");
      if (!Files.isRegularFile(manifestFile)) {
        throw new NoSuchFileException(
            manifestFile + " (a dataset directory needs manifest.json, see dataset format v1)");
      }
      JsonNode manifest = json.readTree(manifestFile.toFile());
      if (!"foresight-dataset".equals(manifest.path("format").asText())) {
        throw new IOException(
            manifestFile
                + ": format is '"
                + manifest.path("format").asText()
                + "', expected 'foresight-dataset'");
      }
      String task = manifest.path("task").asText(directory.getFileName().toString());
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "episode-*.npz")) {
        stream.forEach(files::add);
      }
      files.sort(null);
      if (files.isEmpty()) {
        throw new IOException(directory + ": no episode-*.npz files");
      }
      int index = 0;
      for (Path file : files) {
        digest.update(
            file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Episode episode = readEpisode(file, task, index, (index + 1) % HOLDOUT_PERIOD == 0);
        if (imageSize < 0) {
          imageSize = episode.imageSize();
        } else if (imageSize != episode.imageSize()) {
          throw new IOException(
              file + ": frames are " + episode.imageSize() + " px, expected " + imageSize + " px");
        }
        episodes.add(episode);
        index++;
      }
    }
    return new EpisodeDataset(
        episodes, "sha256:" + HexFormat.of().formatHex(digest.digest()), imageSize);
  }

  private static Episode readEpisode(Path file, String task, int index, boolean heldOut)
      throws IOException {
    var arrays = Npz.read(file);
    NpyArray frames = require(arrays, file, "frames");
    NpyArray actions = require(arrays, file, "actions");
    NpyArray proprio = require(arrays, file, "proprio");
    NpyArray taskState = require(arrays, file, "task_state");
    NpyArray goalFrame = require(arrays, file, "goal_frame");
    int[] frameShape = frames.shape();
    int[] actionShape = actions.shape();
    if (frameShape.length != 4 || frameShape[3] != 3 || frameShape[1] != frameShape[2]) {
      throw new IOException(
          file
              + ": frames has shape "
              + java.util.Arrays.toString(frameShape)
              + ", expected [T+1, S, S, 3]");
    }
    int steps = actionShape[0];
    if (frameShape[0] != steps + 1 || proprio.shape()[0] != steps + 1) {
      throw new IOException(
          file
              + ": "
              + steps
              + " actions need "
              + (steps + 1)
              + " frames and proprio rows, got "
              + frameShape[0]
              + " and "
              + proprio.shape()[0]);
    }
    int taskStateSize = taskState.shape().length > 1 ? taskState.shape()[1] : 0;
    return new Episode(
        task,
        index,
        heldOut,
        steps,
        frameShape[1],
        frames.bytes(),
        actions.floats(),
        proprio.floats(),
        taskState.floats(),
        taskStateSize,
        goalFrame.bytes(),
        require(arrays, file, "goal_proprio").floats(),
        require(arrays, file, "goal_task_state").floats());
  }

  private static NpyArray require(java.util.Map<String, NpyArray> arrays, Path file, String name)
      throws IOException {
    NpyArray array = arrays.get(name);
    if (array == null) {
      throw new IOException(file + ": array '" + name + "' missing, have " + arrays.keySet());
    }
    return array;
  }

  /** All episodes, training and held out. */
  public List<Episode> episodes() {
    return episodes;
  }

  /** Episodes used for training. */
  public List<Episode> trainingEpisodes() {
    return episodes.stream().filter(e -> !e.heldOut()).toList();
  }

  /** Episodes reserved for evaluation. */
  public List<Episode> heldOutEpisodes() {
    return episodes.stream().filter(Episode::heldOut).toList();
  }

  /** SHA-256 over every episode file's name and bytes, in load order. */
  public String dataHash() {
    return dataHash;
  }

  /** Frame side in pixels. */
  public int imageSize() {
    return imageSize;
  }

  /** Task names in load order, without repeats. */
  public List<String> tasks() {
    return episodes.stream().map(Episode::task).distinct().toList();
  }
}
