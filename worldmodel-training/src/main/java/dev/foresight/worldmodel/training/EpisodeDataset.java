package dev.foresight.worldmodel.training;

import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.worldmodel.Normalisation;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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

  /** {@link #load(List, Npz.Limits)} with {@link Npz.Limits#DEFAULT} for each episode file. */
  public static EpisodeDataset load(List<Path> directories) throws IOException {
    return load(directories, Npz.Limits.DEFAULT);
  }

  /**
   * The checked manifest of the dataset in {@code directory} (cheap: no episode is read).
   *
   * @throws IOException one line naming the file and what is wrong with it
   */
  public static DatasetManifest manifest(Path directory) throws IOException {
    Path manifestFile = directory.resolve("manifest.json");
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(
          manifestFile + " (a dataset directory needs manifest.json, see dataset format v1)");
    }
    return DatasetManifest.read(manifestFile);
  }

  /**
   * Loads every episode of the given task directories. Each manifest is checked ({@link
   * DatasetManifest#read}), and each episode's arrays against it and against the first episode:
   * types, shapes, frame size, and action, proprio and task-state sizes.
   *
   * @param limits size budget of each episode file
   * @throws IOException one line naming the file, the array or key, and what is wrong with it
   */
  public static EpisodeDataset load(List<Path> directories, Npz.Limits limits) throws IOException {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("no dataset directory given");
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<Episode> episodes = new ArrayList<>();
    Sizes sizes = new Sizes();
    for (Path directory : directories) {
      DatasetManifest manifest = manifest(directory);
      Map<String, DatasetManifest.Entry> listed = new HashMap<>();
      for (DatasetManifest.Entry entry : manifest.episodes()) {
        listed.put(entry.file(), entry);
      }
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
        Episode episode =
            readEpisode(
                file,
                manifest,
                listed.get(file.getFileName().toString()),
                index,
                (index + 1) % HOLDOUT_PERIOD == 0,
                limits,
                sizes);
        episodes.add(episode);
        index++;
      }
    }
    return new EpisodeDataset(
        episodes, "sha256:" + HexFormat.of().formatHex(digest.digest()), sizes.imageSize);
  }

  /** Sizes every episode must share, set by the first episode loaded. */
  private static final class Sizes {
    int imageSize = -1;
    int actionSize = -1;
    int proprioSize = -1;
    int taskStateSize = -1;
    Path first;
  }

  private static Episode readEpisode(
      Path file,
      DatasetManifest manifest,
      DatasetManifest.Entry entry,
      int index,
      boolean heldOut,
      Npz.Limits limits,
      Sizes sizes)
      throws IOException {
    Map<String, NpyArray> arrays = Npz.read(file, limits);
    int width = manifest.imageWidth();
    int height = manifest.imageHeight();
    String frameSize = "(imageHeight × imageWidth of the manifest)";
    NpyArray frames = require(arrays, file, "frames", NpyArray.DType.UINT8);
    int[] frameShape = frames.shape();
    if (frameShape.length != 4
        || frameShape[0] < 2
        || frameShape[1] != height
        || frameShape[2] != width
        || frameShape[3] != 3) {
      throw shapeError(
          file, "frames", frameShape, "[T+1, " + height + ", " + width + ", 3]", frameSize);
    }
    if (width != height) {
      throw new InvalidFileException(
          file.toString(),
          "frames are " + width + "x" + height + " pixels",
          "square frames: the encoder takes square images");
    }
    if (sizes.imageSize >= 0 && sizes.imageSize != width) {
      throw new InvalidFileException(
          file.toString(),
          "frames are " + width + " px",
          sizes.imageSize + " px, as in " + sizes.first);
    }
    int steps = frameShape[0] - 1;
    if (entry != null && entry.steps() != steps) {
      throw new InvalidFileException(
          file.toString(),
          "holds " + steps + " steps",
          entry.steps() + " steps, as its entry in the manifest says");
    }
    NpyArray actions = require(arrays, file, "actions", NpyArray.DType.FLOAT32);
    int actionSize = rows(file, "actions", actions, steps, sizes.actionSize, sizes);
    NpyArray proprio = require(arrays, file, "proprio", NpyArray.DType.FLOAT32);
    int proprioSize = rows(file, "proprio", proprio, steps + 1, sizes.proprioSize, sizes);
    NpyArray taskState = require(arrays, file, "task_state", NpyArray.DType.FLOAT32);
    int taskStateSize = rows(file, "task_state", taskState, steps + 1, sizes.taskStateSize, sizes);
    NpyArray goalFrame = require(arrays, file, "goal_frame", NpyArray.DType.UINT8);
    if (!Arrays.equals(goalFrame.shape(), new int[] {height, width, 3})) {
      throw shapeError(
          file, "goal_frame", goalFrame.shape(), "[" + height + ", " + width + ", 3]", frameSize);
    }
    NpyArray goalProprio = require(arrays, file, "goal_proprio", NpyArray.DType.FLOAT32);
    if (!Arrays.equals(goalProprio.shape(), new int[] {proprioSize})) {
      throw shapeError(
          file, "goal_proprio", goalProprio.shape(), "[" + proprioSize + "]", "(as proprio)");
    }
    NpyArray goalTaskState = require(arrays, file, "goal_task_state", NpyArray.DType.FLOAT32);
    if (!Arrays.equals(goalTaskState.shape(), new int[] {taskStateSize})) {
      throw shapeError(
          file,
          "goal_task_state",
          goalTaskState.shape(),
          "[" + taskStateSize + "]",
          "(as task_state)");
    }
    if (sizes.first == null) {
      sizes.first = file;
      sizes.imageSize = width;
      sizes.actionSize = actionSize;
      sizes.proprioSize = proprioSize;
      sizes.taskStateSize = taskStateSize;
    }
    return new Episode(
        manifest.task(),
        index,
        heldOut,
        steps,
        width,
        frames.bytes(),
        actions.floats(),
        proprio.floats(),
        taskState.floats(),
        taskStateSize,
        goalFrame.bytes(),
        goalProprio.floats(),
        goalTaskState.floats());
  }

  /**
   * Checks a {@code [rows, columns]} array and returns its column count.
   *
   * @param columns the columns every episode must have, or {@code -1} for the first episode
   */
  private static int rows(
      Path file, String name, NpyArray array, int rows, int columns, Sizes sizes)
      throws InvalidFileException {
    int[] shape = array.shape();
    if (shape.length != 2 || shape[0] != rows || (columns >= 0 && shape[1] != columns)) {
      throw shapeError(
          file,
          name,
          shape,
          "[" + rows + ", " + (columns >= 0 ? Integer.toString(columns) : "N") + "]",
          columns >= 0 ? "(as in " + sizes.first.getFileName() + ")" : "(one row per step)");
    }
    return shape[1];
  }

  private static InvalidFileException shapeError(
      Path file, String name, int[] shape, String expected, String why) {
    return new InvalidFileException(
        file.toString(),
        "array '" + name + "' has shape " + Arrays.toString(shape),
        expected + " " + why);
  }

  private static NpyArray require(
      Map<String, NpyArray> arrays, Path file, String name, NpyArray.DType dtype)
      throws IOException {
    NpyArray array = arrays.get(name);
    if (array == null) {
      throw new IOException(file + ": array '" + name + "' missing, have " + arrays.keySet());
    }
    if (array.dtype() != dtype) {
      throw new InvalidFileException(
          file.toString(), "array '" + name + "' is " + array.dtype().descr(), dtype.descr());
    }
    return array;
  }

  /** A dataset of other episodes (e.g. {@link FrameSkip}'s) with this one's hash and frame size. */
  EpisodeDataset withEpisodes(List<Episode> replaced) {
    return new EpisodeDataset(replaced, dataHash, imageSize);
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

  /**
   * The normalisation a bundle trained on {@code episodes} stores: proprio mean/std (std floored at
   * {@link Normalisation#MIN_STD}) and action scales (max |a|).
   */
  public static Normalisation normalisation(
      List<Episode> episodes, int proprioSize, int actionSize) {
    double[] sum = new double[proprioSize];
    double[] sumSquares = new double[proprioSize];
    long rows = 0;
    float[] maxAction = new float[actionSize];
    for (Episode episode : episodes) {
      float[] proprio = episode.proprio();
      for (int row = 0; row <= episode.steps(); row++) {
        for (int d = 0; d < proprioSize; d++) {
          double value = proprio[row * proprioSize + d];
          sum[d] += value;
          sumSquares[d] += value * value;
        }
        rows++;
      }
      float[] actions = episode.actions();
      for (int i = 0; i < actions.length; i++) {
        maxAction[i % actionSize] = Math.max(maxAction[i % actionSize], Math.abs(actions[i]));
      }
    }
    float[] mean = new float[proprioSize];
    float[] std = new float[proprioSize];
    for (int d = 0; d < proprioSize; d++) {
      double m = sum[d] / Math.max(1, rows);
      double variance = Math.max(0, sumSquares[d] / Math.max(1, rows) - m * m);
      mean[d] = (float) m;
      std[d] = Math.max(Normalisation.MIN_STD, (float) Math.sqrt(variance));
    }
    float[] scale = new float[actionSize];
    for (int d = 0; d < actionSize; d++) {
      scale[d] = maxAction[d] > 1e-6f ? maxAction[d] : 1f;
    }
    return new Normalisation(
        Normalisation.PIXEL_MEAN.clone(), Normalisation.PIXEL_STD.clone(), mean, std, scale);
  }
}
