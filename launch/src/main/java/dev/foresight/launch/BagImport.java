package dev.foresight.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.ros.bag.BagConnection;
import dev.foresight.ros.bag.BagMessage;
import dev.foresight.ros.bag.BagMessages;
import dev.foresight.ros.bag.RosBag;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.sim.Episode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports ROS 1 bags into a dataset of format v1 ({@code foresight data import}): frames, poses,
 * gripper positions and commands sampled by {@link StepSampler}, one episode file per episode. The
 * dataset is written into a temporary folder beside {@code out} and renamed into place at the end,
 * so a bad bag leaves nothing behind.
 */
final class BagImport {
  /** Joint name of the gripper in {@code sensor_msgs/JointState}. */
  static final String GRIPPER_JOINT = PerceptionNode.GRIPPER_JOINT;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to import.
   *
   * @param bags bag files, read in this order; each starts a new episode
   * @param out dataset folder to create (absent or empty)
   * @param camera camera topic ({@code sensor_msgs/Image} or {@code CompressedImage}), global
   * @param pose end-effector pose topic ({@code PoseStamped}), global
   * @param joints joint state topic ({@code JointState} with a {@code gripper} joint), global
   * @param command applied command topic ({@code TwistStamped}), global
   * @param rateHz steps per second
   * @param gapSeconds age of a stream's latest message that ends an episode
   * @param imageSize frame side in pixels
   * @param maxSteps most steps of one episode
   * @param task task name written to the manifest
   */
  record Options(
      List<Path> bags,
      Path out,
      String camera,
      String pose,
      String joints,
      String command,
      double rateHz,
      double gapSeconds,
      int imageSize,
      int maxSteps,
      String task) {
    /** Checks ranges; each message names the option. */
    Options {
      bags = List.copyOf(bags);
      if (bags.isEmpty()) {
        throw new IllegalArgumentException("no bag files given, expected at least one BAG");
      }
      if (!(rateHz > 0 && rateHz <= 1000)) {
        throw new IllegalArgumentException(
            "--rate " + rateHz + " is out of range, expected (0, 1000] Hz");
      }
      if (!(gapSeconds >= 1 / rateHz && gapSeconds <= 3600)) {
        throw new IllegalArgumentException(
            "--gap "
                + gapSeconds
                + " is out of range, expected one period ("
                + 1 / rateHz
                + " s) to 3600 s");
      }
      if (imageSize < 8 || imageSize > 1024) {
        throw new IllegalArgumentException(
            "--size " + imageSize + " is out of range, expected 8..1024");
      }
      if (maxSteps < 1 || maxSteps > 100_000) {
        throw new IllegalArgumentException(
            "--max-steps " + maxSteps + " is out of range, expected 1..100000");
      }
    }
  }

  /**
   * What was imported.
   *
   * @param episodes episodes written
   * @param steps steps over all episodes
   * @param bagBytes size of the bags read
   * @param messages messages read
   * @param seconds wall-clock time
   */
  record Summary(int episodes, long steps, long bagBytes, long messages, double seconds) {
    double megabytesPerSecond() {
      return bagBytes / 1e6 / seconds;
    }
  }

  private BagImport() {}

  /**
   * Imports the bags.
   *
   * @param log receives one progress line per bag (may be null)
   * @throws IllegalArgumentException for a bad option, topic or output folder
   * @throws IOException one line naming the bag for a malformed bag or image
   */
  static Summary run(Options options, PrintWriter log) throws IOException {
    long start = System.nanoTime();
    Path out = options.out().toAbsolutePath();
    checkOutput(out);
    List<RosBag> bags = new ArrayList<>();
    Path temporary = null;
    try {
      for (Path file : options.bags()) {
        RosBag bag = RosBag.open(file);
        bags.add(bag);
        checkTopics(bag, options);
        if (bag.unreadTailBytes() > 0 && log != null) {
          log.printf(
              "%s: no index, and its last %d bytes hold no complete record (a recording cut off"
                  + " mid-write): importing what precedes them%n",
              bag.name(), bag.unreadTailBytes());
        }
      }
      temporary = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".import-");
      Writer writer = new Writer(temporary, options);
      long messages = 0;
      long bytes = 0;
      for (int b = 0; b < bags.size(); b++) {
        messages += read(bags.get(b), options, writer);
        bytes += bags.get(b).sizeBytes();
        if (log != null) {
          log.printf(
              "bag %d/%d %s: %d episodes, %d steps so far%n",
              b + 1, bags.size(), bags.get(b).name(), writer.entries.size(), writer.steps);
          log.flush();
        }
      }
      if (writer.entries.isEmpty()) {
        throw new IllegalArgumentException(
            "no episode in "
                + options.bags()
                + ": camera "
                + options.camera()
                + ", pose "
                + options.pose()
                + " and a '"
                + GRIPPER_JOINT
                + "' joint on "
                + options.joints()
                + " never all arrived within --gap "
                + options.gapSeconds()
                + " s for two steps, expected them together");
      }
      writer.manifest();
      if (Files.isDirectory(out)) {
        Files.delete(out);
      }
      Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
      return new Summary(
          writer.entries.size(), writer.steps, bytes, messages, (System.nanoTime() - start) / 1e9);
    } finally {
      for (RosBag bag : bags) {
        bag.close();
      }
      if (temporary != null) {
        deleteTree(temporary);
      }
    }
  }

  private static long read(RosBag bag, Options options, Writer writer) throws IOException {
    BagFrames frames = new BagFrames(options.imageSize());
    long period = Math.round(1e9 / options.rateHz());
    StepSampler sampler =
        new StepSampler(
            period,
            Math.round(options.gapSeconds() * 1e9),
            options.maxSteps(),
            frames.frameBytes(),
            episode -> writer.episode(episode, bag.name()));
    BagMessages messages =
        bag.messages(
            List.of(options.camera(), options.pose(), options.joints(), options.command()));
    long count = 0;
    for (BagMessage m = messages.next(); m != null; m = messages.next(), count++) {
      String topic = m.topic();
      long t = m.timeNanos();
      if (topic.equals(options.camera())) {
        sampler.frame(t, frames.frame(bag.name(), m));
      } else if (topic.equals(options.pose())) {
        PoseStamped pose = m.decode(PoseStamped.TYPE);
        double[] rpy = pose.pose().orientation().toRollPitchYaw();
        var p = pose.pose().position();
        sampler.pose(t, new Pose(p.x(), p.y(), p.z(), rpy[0], rpy[1], rpy[2]));
      } else if (topic.equals(options.joints())) {
        JointState joints = m.decode(JointState.TYPE);
        for (int i = 0; i < joints.name().length && i < joints.position().length; i++) {
          if (joints.name()[i].equals(GRIPPER_JOINT)) {
            sampler.gripper(t, joints.position()[i]);
          }
        }
      } else {
        TwistStamped command = m.decode(TwistStamped.TYPE);
        var linear = command.twist().linear();
        var angular = command.twist().angular();
        sampler.command(
            t,
            new double[] {
              linear.x(), linear.y(), linear.z(), angular.x(), angular.y(), angular.z()
            });
      }
    }
    sampler.finish();
    return count;
  }

  /** Checks every topic is in the bag with a type the import reads. */
  private static void checkTopics(RosBag bag, Options options) {
    requireType(
        bag,
        "--camera",
        options.camera(),
        ImageMessage.TYPE.typeName(),
        CompressedImage.TYPE.typeName());
    requireType(bag, "--pose", options.pose(), PoseStamped.TYPE.typeName());
    requireType(bag, "--joints", options.joints(), JointState.TYPE.typeName());
    requireType(bag, "--command", options.command(), TwistStamped.TYPE.typeName());
    double halfPeriodSeconds = 0.5 / options.rateHz();
    for (String topic :
        List.of(options.camera(), options.pose(), options.joints(), options.command())) {
      for (BagConnection connection : bag.connections(topic)) {
        double back = connection.largestStepBackNanos() / 1e9;
        if (back > halfPeriodSeconds) {
          throw new IllegalArgumentException(
              String.format(
                  java.util.Locale.ROOT,
                  "%s: the clock jumps back by %.3f s on %s, expected receive times that never"
                      + " decrease by more than half a step (%.3f s): split the bag where the clock"
                      + " jumped",
                  bag.name(),
                  back,
                  topic,
                  halfPeriodSeconds));
        }
      }
    }
  }

  private static void requireType(RosBag bag, String option, String topic, String... types) {
    List<BagConnection> connections;
    try {
      connections = bag.connections(topic);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
    for (BagConnection connection : connections) {
      if (!Arrays.asList(types).contains(connection.type())) {
        throw new IllegalArgumentException(
            option
                + ": "
                + bag.name()
                + ": topic "
                + topic
                + " has type "
                + connection.type()
                + ", expected "
                + String.join(" or ", types));
      }
    }
  }

  private static void checkOutput(Path out) throws IOException {
    if (Files.exists(out)) {
      boolean empty;
      try (Stream<Path> entries = Files.isDirectory(out) ? Files.list(out) : null) {
        empty = entries != null && entries.findAny().isEmpty();
      }
      if (!empty) {
        throw new IllegalArgumentException(
            "--out " + out + " exists and is not an empty folder, expected a new dataset folder");
      }
    }
    Path parent = out.getParent();
    Files.createDirectories(parent);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Best effort: a temporary folder that could not be removed is named after the import.
    }
  }

  /** Writes episode files and the manifest into the temporary folder. */
  private static final class Writer {
    private final Path folder;
    private final Options options;
    private final List<Map<String, Object>> entries = new ArrayList<>();
    private long steps;

    Writer(Path folder, Options options) {
      this.folder = folder;
      this.options = options;
    }

    void episode(StepSampler.Episode episode, String bag) throws IOException {
      int index = entries.size();
      int n = episode.steps();
      int size = options.imageSize();
      int frameBytes = 3 * size * size;
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      arrays.put("frames", NpyArray.ofBytes(episode.frames(), n + 1, size, size, 3));
      arrays.put("actions", NpyArray.ofFloats(episode.actions(), n, Action.SIZE));
      arrays.put("proprio", NpyArray.ofFloats(episode.proprio(), n + 1, Episode.PROPRIO_SIZE));
      arrays.put("task_state", NpyArray.ofFloats(new float[0], n + 1, 0));
      arrays.put(
          "goal_frame",
          NpyArray.ofBytes(
              Arrays.copyOfRange(episode.frames(), n * frameBytes, (n + 1) * frameBytes),
              size,
              size,
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
      String file = String.format("episode-%06d.npz", index);
      Npz.write(folder.resolve(file), arrays);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", file);
      entry.put("seed", (long) index);
      entry.put("steps", n);
      entry.put("policy", "recorded");
      entry.put("success", false);
      entry.put("source", Path.of(bag).getFileName().toString());
      entry.put("startTimeNanos", episode.timeNanos()[0]);
      entries.add(entry);
      steps += n;
    }

    void manifest() throws IOException {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("format", DatasetManifest.FORMAT);
      root.put("version", DatasetManifest.VERSION);
      root.put("task", options.task());
      root.put("imageWidth", options.imageSize());
      root.put("imageHeight", options.imageSize());
      root.put("encoding", "rgb8");
      root.put("controlPeriodSeconds", 1 / options.rateHz());
      root.put("actionNames", Arrays.asList(Action.DIMENSION_NAMES));
      root.put("proprioNames", Arrays.asList(Episode.PROPRIO_NAMES));
      root.put("taskStateNames", List.of());
      root.put("episodes", entries);
      AtomicFiles.write(folder.resolve("manifest.json"), stream -> JSON.writeValue(stream, root));
    }
  }
}
