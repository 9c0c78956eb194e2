package dev.foresight.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foresight.core.Action;
import dev.foresight.core.Image;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.ErrorLines;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records episodes in the Foresight dataset format v1: one {@code episode-NNNNNN.npz} per episode
 * plus {@code manifest.json}, both written atomically and durably (temporary name synced to the
 * disk, then renamed): a crash or power cut loses at most the episode being recorded. Episode
 * {@code i} has seed {@link Seeds#episodeSeed}(seed, i); re-running with the same options skips
 * episodes already listed in the manifest, so an interrupted run resumes. Resuming reads the
 * manifest through core's {@link DatasetManifest}, as training does.
 */
public final class DatasetRecorder {
  /** Dataset format name in the manifest. */
  public static final String FORMAT = "foresight-dataset";

  /** Dataset format version. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DatasetRecorder() {}

  /**
   * What to record.
   *
   * @param task the task
   * @param episodes number of episodes, at least 0
   * @param seed base seed
   * @param policy which policy acts
   * @param out dataset directory (created if missing)
   * @param render image size and camera
   * @param steps control steps per episode, at least 1
   * @param hold control steps each of the policy's actions is held, at least 1 (1: a new action
   *     every step)
   */
  public record Options(
      SimTask task,
      int episodes,
      long seed,
      PolicyKind policy,
      Path out,
      RenderSettings render,
      int steps,
      int hold) {
    /** Checks counts. */
    public Options {
      if (episodes < 0) {
        throw new IllegalArgumentException("episode count must be >= 0, got " + episodes);
      }
      if (steps < 1) {
        throw new IllegalArgumentException("steps per episode must be >= 1, got " + steps);
      }
      if (hold < 1) {
        throw new IllegalArgumentException("hold must be >= 1 control step, got " + hold);
      }
    }

    /** Options with a new action every control step. */
    public Options(
        SimTask task,
        int episodes,
        long seed,
        PolicyKind policy,
        Path out,
        RenderSettings render,
        int steps) {
      this(task, episodes, seed, policy, out, render, steps, 1);
    }
  }

  /**
   * Outcome of a run.
   *
   * @param recorded episodes recorded now
   * @param skipped episodes already present
   * @param successes successful episodes among those recorded now
   * @param seconds wall-clock time
   */
  public record Summary(int recorded, int skipped, int successes, double seconds) {}

  /** Receives progress: episodes done (recorded or skipped) out of the total. */
  public interface Progress {
    /** Called after each episode. */
    void update(int done, int total);
  }

  /**
   * Checks that the output directory can be used for these options (creating it if missing) without
   * recording anything.
   *
   * @throws IllegalArgumentException naming the directory and the problem
   */
  public static void validate(Options options) {
    Path out = options.out().toAbsolutePath();
    prepareDirectory(out);
    readManifest(out, options);
  }

  /**
   * Records (or resumes) a dataset.
   *
   * @throws IllegalArgumentException when the output directory cannot be used, naming it
   */
  public static Summary record(Options options, Progress progress) {
    long start = System.nanoTime();
    Path out = options.out().toAbsolutePath();
    prepareDirectory(out);
    Map<Integer, Map<String, Object>> entries = readManifest(out, options);
    int recorded = 0;
    int skipped = 0;
    int successes = 0;
    for (int i = 0; i < options.episodes(); i++) {
      String file = String.format("episode-%06d.npz", i);
      if (entries.containsKey(i) && Files.isRegularFile(out.resolve(file))) {
        skipped++;
      } else {
        long seed = Seeds.episodeSeed(options.seed(), i);
        Map<String, Object> entry = recordEpisode(options, seed, out.resolve(file));
        entry.put("file", file);
        entries.put(i, reorder(entry));
        writeManifest(out, options, entries);
        recorded++;
        if ((Boolean) entry.get("success")) {
          successes++;
        }
      }
      if (progress != null) {
        progress.update(i + 1, options.episodes());
      }
    }
    writeManifest(out, options, entries);
    return new Summary(recorded, skipped, successes, (System.nanoTime() - start) / 1e9);
  }

  private static Map<String, Object> reorder(Map<String, Object> entry) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String key : List.of("file", "seed", "steps", "policy", "success")) {
      ordered.put(key, entry.get(key));
    }
    return ordered;
  }

  private static void prepareDirectory(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException(
          "output " + out + " is not a directory, expected a dataset directory");
    }
    try {
      Files.createDirectories(out);
      Path probe = Files.createTempFile(out, ".write-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "output directory " + out + " is not writable (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Records one episode into {@code file}; returns its manifest entry (without the file). */
  static Map<String, Object> recordEpisode(Options options, long seed, Path file) {
    try (Episode episode = new Episode(options.task(), seed, options.render())) {
      int steps = options.steps();
      int w = episode.width();
      int h = episode.height();
      int frameBytes = w * h * 3;
      int s = episode.spec().taskStateSize();
      byte[] frames = new byte[(steps + 1) * frameBytes];
      float[] actions = new float[steps * Action.SIZE];
      float[] proprio = new float[(steps + 1) * Episode.PROPRIO_SIZE];
      float[] taskState = new float[(steps + 1) * s];
      byte[] frame = new byte[frameBytes];
      float[] p = new float[Episode.PROPRIO_SIZE];
      float[] ts = new float[s];
      Policy policy = HeldPolicy.of(options.policy().create(episode), options.hold());
      for (int t = 0; t <= steps; t++) {
        episode.render(frame);
        System.arraycopy(frame, 0, frames, t * frameBytes, frameBytes);
        episode.proprio(p);
        System.arraycopy(p, 0, proprio, t * p.length, p.length);
        episode.taskState(ts);
        System.arraycopy(ts, 0, taskState, t * s, s);
        if (t < steps) {
          Action applied = episode.step(policy.act(episode));
          applied.toArray(actions, t * Action.SIZE);
        }
      }
      boolean success = episode.success();
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      arrays.put("frames", NpyArray.ofBytes(frames, steps + 1, h, w, 3));
      arrays.put("actions", NpyArray.ofFloats(actions, steps, Action.SIZE));
      arrays.put("proprio", NpyArray.ofFloats(proprio, steps + 1, Episode.PROPRIO_SIZE));
      arrays.put("task_state", NpyArray.ofFloats(taskState, steps + 1, s));
      arrays.put("goal_frame", NpyArray.ofBytes(episode.goalFrame().clone(), h, w, 3));
      arrays.put("goal_proprio", NpyArray.ofFloats(episode.goalProprio(), Episode.PROPRIO_SIZE));
      arrays.put("goal_task_state", NpyArray.ofFloats(episode.goalTaskState(), s));
      arrays.put("success", NpyArray.ofBooleans(new boolean[] {success}));
      arrays.put("seed", NpyArray.ofLongs(new long[] {seed}));
      Npz.write(file, arrays);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("seed", seed);
      entry.put("steps", steps);
      entry.put("policy", policy.label());
      entry.put("success", success);
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Map<Integer, Map<String, Object>> readManifest(Path out, Options options) {
    Map<Integer, Map<String, Object>> entries = new TreeMap<>();
    Path manifest = out.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      return entries;
    }
    DatasetManifest root;
    try {
      root = DatasetManifest.read(manifest);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a readable dataset manifest: " + e.getMessage() + " (use another --out)", e);
    }
    String task = root.task();
    int width = root.imageWidth();
    int height = root.imageHeight();
    if (!task.equals(options.task().spec().name())
        || width != options.render().width()
        || height != options.render().height()) {
      throw new IllegalArgumentException(
          out
              + " holds a dataset of task "
              + ErrorLines.oneLine(task)
              + " at "
              + width
              + "x"
              + height
              + ", expected task "
              + options.task().spec().name()
              + " at "
              + options.render().width()
              + "x"
              + options.render().height()
              + " (use another --out)");
    }
    for (DatasetManifest.Entry node : root.episodes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", node.file());
      entry.put("seed", node.seed());
      entry.put("steps", node.steps());
      entry.put("policy", node.policy());
      entry.put("success", node.success());
      entries.put(node.index(), entry);
    }
    return entries;
  }

  private static void writeManifest(
      Path out, Options options, Map<Integer, Map<String, Object>> entries) {
    TaskSpec spec = options.task().spec();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("task", spec.name());
    root.put("imageWidth", options.render().width());
    root.put("imageHeight", options.render().height());
    root.put("encoding", "rgb8");
    root.put("controlPeriodSeconds", spec.controlPeriodSeconds());
    root.put("actionNames", Arrays.asList(Action.DIMENSION_NAMES));
    root.put("proprioNames", Arrays.asList(Episode.PROPRIO_NAMES));
    root.put("taskStateNames", spec.taskStateNames());
    root.put("episodes", new ArrayList<>(entries.values()));
    Path manifest = out.resolve("manifest.json");
    try {
      AtomicFiles.write(manifest, stream -> JSON.writeValue(stream, root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifest, e);
    }
  }

  /** Reads one recorded frame back as an {@link Image} (for tools and tests). */
  public static Image frame(Map<String, NpyArray> episode, int index) {
    NpyArray frames = episode.get("frames");
    int h = frames.shape()[1];
    int w = frames.shape()[2];
    byte[] pixels = Arrays.copyOfRange(frames.data(), index * h * w * 3, (index + 1) * h * w * 3);
    return new Image(w, h, dev.foresight.core.PixelEncoding.RGB8, pixels);
  }
}
