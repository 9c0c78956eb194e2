package dev.foresight.launch;

import dev.foresight.ros.bag.BagConnection;
import dev.foresight.ros.bag.BagMessage;
import dev.foresight.ros.bag.BagMessages;
import dev.foresight.ros.bag.RosBag;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.TwistStamped;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Imports ROS 1 bags into a dataset of format v1 ({@code foresight data import}): frames, poses,
 * gripper positions and commands put in stamp order by {@link StampedStreams} and sampled by {@link
 * StepSampler} (as {@code foresight record} does live), written by {@link DatasetWriter}. The
 * dataset is written into a temporary folder beside {@code out} and renamed into place at the end,
 * so a bad bag leaves nothing behind.
 */
final class BagImport {
  /** Joint name of the gripper in {@code sensor_msgs/JointState}. */
  static final String GRIPPER_JOINT = StampedStreams.GRIPPER_JOINT;

  /**
   * What to import.
   *
   * @param bags bag files, read in this order; each starts a new episode
   * @param out dataset folder to create (absent or empty)
   * @param camera camera topic ({@code sensor_msgs/Image} or {@code CompressedImage}), global
   * @param pose end-effector pose topic ({@code PoseStamped}), global
   * @param joints joint state topic ({@code JointState} with a {@code gripper} joint), global
   * @param command applied command topic ({@code TwistStamped}), global
   * @param episodeTopic {@code std_msgs/String} topic whose messages end an episode, global, or
   *     null
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
      String episodeTopic,
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
      checkSampling(rateHz, gapSeconds, imageSize, maxSteps);
    }
  }

  /**
   * Checks the sampling options that import and record share; each message names the option.
   *
   * @throws IllegalArgumentException for a value out of range
   */
  static void checkSampling(double rateHz, double gapSeconds, int imageSize, int maxSteps) {
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
      DatasetWriter writer =
          DatasetWriter.create(temporary, options.task(), options.imageSize(), options.rateHz());
      long messages = 0;
      long bytes = 0;
      for (int b = 0; b < bags.size(); b++) {
        messages += read(bags.get(b), options, writer);
        bytes += bags.get(b).sizeBytes();
        if (log != null) {
          log.printf(
              "bag %d/%d %s: %d episodes, %d steps so far%n",
              b + 1, bags.size(), bags.get(b).name(), writer.episodes(), writer.steps());
          log.flush();
        }
      }
      if (writer.episodes() == 0) {
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
      if (Files.isDirectory(out)) {
        Files.delete(out);
      }
      Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
      return new Summary(
          writer.episodes(), writer.steps(), bytes, messages, (System.nanoTime() - start) / 1e9);
    } finally {
      for (RosBag bag : bags) {
        bag.close();
      }
      if (temporary != null) {
        deleteTree(temporary);
      }
    }
  }

  private static long read(RosBag bag, Options options, DatasetWriter writer) throws IOException {
    BagFrames frames = new BagFrames(options.imageSize());
    long period = Math.round(1e9 / options.rateHz());
    String source = Path.of(bag.name()).getFileName().toString();
    StepSampler sampler =
        new StepSampler(
            period,
            Math.round(options.gapSeconds() * 1e9),
            options.maxSteps(),
            frames.frameBytes(),
            episode -> writer.episode(episode, source));
    StampedStreams streams =
        new StampedStreams(
            sampler,
            frames,
            bag.name(),
            period,
            options.camera(),
            options.pose(),
            options.joints(),
            options.command());
    List<String> topics =
        new ArrayList<>(
            List.of(options.camera(), options.pose(), options.joints(), options.command()));
    if (options.episodeTopic() != null) {
      topics.add(options.episodeTopic());
    }
    BagMessages messages = bag.messages(topics);
    long count = 0;
    for (BagMessage m = messages.next(); m != null; m = messages.next(), count++) {
      String topic = m.topic();
      long t = m.timeNanos();
      if (topic.equals(options.camera())) {
        if (m.connection().type().equals(CompressedImage.TYPE.typeName())) {
          streams.image(m.decode(CompressedImage.TYPE), t);
        } else {
          streams.image(m.decode(ImageMessage.TYPE), t);
        }
      } else if (topic.equals(options.pose())) {
        streams.pose(m.decode(PoseStamped.TYPE), t);
      } else if (topic.equals(options.joints())) {
        streams.joints(m.decode(JointState.TYPE), t);
      } else if (topic.equals(options.episodeTopic())) {
        streams.boundary();
      } else {
        streams.command(m.decode(TwistStamped.TYPE), t);
      }
    }
    streams.finish();
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
    if (options.episodeTopic() != null) {
      requireType(bag, "--episode-topic", options.episodeTopic(), StringMessage.TYPE.typeName());
    }
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
}
