package dev.foresight.launch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foresight.core.Action;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.sim.Episode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes recorded episodes as a dataset of format v1: one {@code episode-NNNNNN.npz} per episode,
 * each written atomically (a temporary name, then a rename, so a stopped writer never leaves a
 * partial episode under an episode's name), and {@code manifest.json} rewritten atomically after
 * each one. A folder that already holds such a dataset of the same layout is continued: its
 * episodes are kept and numbering goes on after them. Used by {@code foresight data import} and
 * {@code foresight record}.
 */
final class DatasetWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern EPISODE_FILE = Pattern.compile("episode-(\\d{6})\\.npz");
  private static final String MANIFEST = "manifest.json";

  private final Path folder;
  private final String task;
  private final int imageSize;
  private final double rateHz;
  private final List<Map<String, Object>> entries;
  private final int resumed;
  private int nextIndex;
  private long steps;

  private DatasetWriter(
      Path folder, String task, int imageSize, double rateHz, List<Map<String, Object>> entries) {
    this.folder = folder;
    this.task = task;
    this.imageSize = imageSize;
    this.rateHz = rateHz;
    this.entries = entries;
    this.resumed = entries.size();
    for (Map<String, Object> entry : entries) {
      Matcher m = EPISODE_FILE.matcher(String.valueOf(entry.get("file")));
      if (m.matches()) {
        nextIndex = Math.max(nextIndex, Integer.parseInt(m.group(1)) + 1);
      }
      steps += ((Number) entry.get("steps")).longValue();
    }
  }

  /**
   * A writer into an existing empty folder.
   *
   * @param task task name written to the manifest
   * @param imageSize frame side in pixels
   * @param rateHz steps per second
   */
  static DatasetWriter create(Path folder, String task, int imageSize, double rateHz) {
    return new DatasetWriter(folder, task, imageSize, rateHz, new ArrayList<>());
  }

  /**
   * A writer that continues the dataset in {@code folder}, or starts one when the folder is absent
   * or empty. Temporary files of an interrupted write are removed; a complete episode file that the
   * manifest does not list yet (the writer stopped between the two renames) is listed.
   *
   * @param option the option that named the folder, for errors
   * @throws IllegalArgumentException when the folder holds other files, a dataset of another
   *     layout, or is not writable
   */
  static DatasetWriter resume(Path folder, String option, String task, int imageSize, double rateHz)
      throws IOException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          option + " " + folder + " is a file, expected a dataset folder");
    }
    Files.createDirectories(folder);
    if (!Files.isWritable(folder)) {
      throw new IllegalArgumentException(
          option + " " + folder + " is not writable, expected a folder this user can write");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.startsWith(".") && name.endsWith(".tmp")) {
        Files.delete(file); // an atomic write that never reached its rename
      }
    }
    Path manifest = folder.resolve(MANIFEST);
    if (!Files.exists(manifest)) {
      List<String> others =
          files.stream()
              .map(f -> f.getFileName().toString())
              .filter(n -> !(n.startsWith(".") && n.endsWith(".tmp")))
              .toList();
      if (!others.isEmpty()) {
        throw new IllegalArgumentException(
            option
                + " "
                + folder
                + " is not empty and holds no dataset ("
                + others.get(0)
                + " but no "
                + MANIFEST
                + "), expected a new or empty folder, or a dataset to continue");
      }
      return create(folder, task, imageSize, rateHz);
    }
    DatasetManifest checked = DatasetManifest.read(manifest);
    if (checked.imageWidth() != imageSize
        || Math.abs(checked.controlPeriodSeconds() * rateHz - 1) > 1e-9
        || !checked.task().equals(task)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s %s holds a dataset of task '%s', %d px frames at %s Hz, expected task '%s',"
                  + " %d px at %s Hz to continue it (or a new folder)",
              option,
              folder,
              checked.task(),
              checked.imageWidth(),
              hertz(1 / checked.controlPeriodSeconds()),
              task,
              imageSize,
              hertz(rateHz)));
    }
    Map<String, Object> root =
        JSON.readValue(manifest.toFile(), new TypeReference<Map<String, Object>>() {});
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries =
        new ArrayList<>((List<Map<String, Object>>) root.get("episodes"));
    List<String> listed = new ArrayList<>();
    for (Map<String, Object> entry : entries) {
      String file = String.valueOf(entry.get("file"));
      if (!Files.isRegularFile(folder.resolve(file))) {
        throw new IllegalArgumentException(
            option
                + " "
                + folder
                + ": "
                + MANIFEST
                + " lists "
                + file
                + ", which is missing, expected every listed episode");
      }
      listed.add(file);
    }
    DatasetWriter writer = new DatasetWriter(folder, task, imageSize, rateHz, entries);
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (EPISODE_FILE.matcher(name).matches() && !listed.contains(name)) {
        writer.adopt(name);
      }
    }
    return writer;
  }

  private static String hertz(double rateHz) {
    return new java.math.BigDecimal(rateHz)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Episodes in the dataset, including those it was continued from. */
  int episodes() {
    return entries.size();
  }

  /** Episodes the dataset held before this writer. */
  int resumedEpisodes() {
    return resumed;
  }

  /** Steps over all episodes. */
  long steps() {
    return steps;
  }

  /**
   * Writes one episode, then the manifest that lists it.
   *
   * @param source where the episode came from (a bag file or a recording), for the manifest
   */
  void episode(StepSampler.Episode episode, String source) throws IOException {
    int index = nextIndex;
    int n = episode.steps();
    int frameBytes = 3 * imageSize * imageSize;
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("frames", NpyArray.ofBytes(episode.frames(), n + 1, imageSize, imageSize, 3));
    arrays.put("actions", NpyArray.ofFloats(episode.actions(), n, Action.SIZE));
    arrays.put("proprio", NpyArray.ofFloats(episode.proprio(), n + 1, Episode.PROPRIO_SIZE));
    arrays.put("task_state", NpyArray.ofFloats(new float[0], n + 1, 0));
    arrays.put(
        "goal_frame",
        NpyArray.ofBytes(
            Arrays.copyOfRange(episode.frames(), n * frameBytes, (n + 1) * frameBytes),
            imageSize,
            imageSize,
            3));
    arrays.put(
        "goal_proprio",
        NpyArray.ofFloats(
            Arrays.copyOfRange(episode.proprio(), n * 7, (n + 1) * 7), Episode.PROPRIO_SIZE));
    arrays.put("goal_task_state", NpyArray.ofFloats(new float[0], 0));
    arrays.put("success", NpyArray.ofBooleans(new boolean[] {false}));
    arrays.put("seed", NpyArray.ofLongs(new long[] {index}));
    arrays.put("time_ns", NpyArray.ofLongs(episode.timeNanos(), n + 1));
    arrays.put("sync_error_ms", NpyArray.ofFloats(episode.syncErrorMillis(), n + 1));
    String file = String.format(Locale.ROOT, "episode-%06d.npz", index);
    Npz.write(folder.resolve(file), arrays);
    list(file, index, n, source, episode.timeNanos()[0]);
  }

  /** Lists an episode file that was renamed into place but not yet listed. */
  private void adopt(String file) throws IOException {
    Map<String, NpyArray> arrays = Npz.read(folder.resolve(file));
    NpyArray actions = arrays.get("actions");
    NpyArray times = arrays.get("time_ns");
    if (actions == null || times == null || actions.shape().length != 2) {
      throw new IllegalArgumentException(
          folder.resolve(file) + " is not listed and holds no recorded episode, expected one");
    }
    Matcher m = EPISODE_FILE.matcher(file);
    m.matches();
    int index = Integer.parseInt(m.group(1));
    list(file, index, (int) actions.shape()[0], "recovered", times.longs()[0]);
  }

  private void list(String file, int index, int n, String source, long startTimeNanos)
      throws IOException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("file", file);
    entry.put("seed", (long) index);
    entry.put("steps", n);
    entry.put("policy", "recorded");
    entry.put("success", false);
    entry.put("source", source);
    entry.put("startTimeNanos", startTimeNanos);
    entries.add(entry);
    nextIndex = Math.max(nextIndex, index + 1);
    steps += n;
    writeManifest();
  }

  private void writeManifest() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", DatasetManifest.FORMAT);
    root.put("version", DatasetManifest.VERSION);
    root.put("task", task);
    root.put("imageWidth", imageSize);
    root.put("imageHeight", imageSize);
    root.put("encoding", "rgb8");
    root.put("controlPeriodSeconds", 1 / rateHz);
    root.put("actionNames", Arrays.asList(Action.DIMENSION_NAMES));
    root.put("proprioNames", Arrays.asList(Episode.PROPRIO_NAMES));
    root.put("taskStateNames", List.of());
    root.put("episodes", entries);
    AtomicFiles.write(folder.resolve(MANIFEST), stream -> JSON.writeValue(stream, root));
  }
}
