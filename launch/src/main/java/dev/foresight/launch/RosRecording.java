package dev.foresight.launch;

import dev.foresight.ros.Topic;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Records live ROS topics (ROS 1 or ROS 2, through a {@link NodeTransport}) into a dataset of
 * format v1 ({@code foresight record}): the camera, end-effector pose, joint states and applied
 * commands go through the same {@link StampedStreams} and {@link StepSampler} as a bag import, into
 * a {@link DatasetWriter} that continues an existing dataset.
 *
 * <p>On ROS 2 the camera is subscribed as sensor data (best effort), the other topics reliable, as
 * ROS 2 publishers of them offer. Subscriber callbacks only queue the message with its receive time
 * (a bounded queue; a full queue drops and counts); the calling thread decodes, samples and writes.
 * When every topic has been silent for the gap (by the wall clock), the open episode is written; at
 * the end of a duration or on a stop request (Ctrl-C) too; after the episode count, an episode
 * begun after the last counted one is not. After an error the open episode is not written: only
 * complete episodes are ever in the dataset.
 */
final class RosRecording {
  /** Messages waiting for the recording thread before new ones are dropped. */
  static final int QUEUE_CAPACITY = 1024;

  /**
   * Camera messages among them (each may hold a full-size image, ~1 MB at 640×480 RGB) before new
   * ones are dropped.
   */
  static final int QUEUED_IMAGES = 32;

  /** Time between progress lines. */
  static final Duration PROGRESS_PERIOD = Duration.ofSeconds(2);

  /**
   * What to record.
   *
   * @param out dataset folder: absent, empty, or a dataset of the same layout to continue
   * @param camera camera topic ({@code sensor_msgs/Image} or {@code CompressedImage}), resolved
   * @param pose end-effector pose topic ({@code PoseStamped}), resolved
   * @param joints joint state topic ({@code JointState} with a {@code gripper} joint), resolved
   * @param command applied command topic ({@code TwistStamped}), resolved
   * @param episodeTopic {@code std_msgs/String} topic whose messages end an episode, or null
   * @param rateHz steps per second
   * @param gapSeconds silence of a stream that ends an episode
   * @param imageSize frame side in pixels
   * @param maxSteps most steps of one episode
   * @param task task name written to the manifest
   * @param durationSeconds stop after this long; 0 for no limit
   * @param episodes stop after writing this many episodes (one begun after them is not written); 0
   *     for no limit
   * @param topicTimeoutSeconds longest wait for the first message of camera, pose and joints
   */
  record Options(
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
      String task,
      double durationSeconds,
      int episodes,
      double topicTimeoutSeconds) {
    /** Checks ranges; each message names the option. */
    Options {
      BagImport.checkSampling(rateHz, gapSeconds, imageSize, maxSteps);
      if (!(durationSeconds >= 0)) {
        throw new IllegalArgumentException(
            "--duration " + durationSeconds + " is negative, expected seconds >= 0 (0: no limit)");
      }
      if (episodes < 0) {
        throw new IllegalArgumentException(
            "--episodes " + episodes + " is negative, expected a count >= 0 (0: no limit)");
      }
      if (!(topicTimeoutSeconds > 0 && topicTimeoutSeconds <= 3600)) {
        throw new IllegalArgumentException(
            "--topic-timeout " + topicTimeoutSeconds + " is out of range, expected (0, 3600] s");
      }
    }
  }

  /**
   * What was recorded in this run.
   *
   * @param episodes episodes written by this run
   * @param steps steps written by this run
   * @param datasetEpisodes episodes in the dataset now
   * @param meanSyncErrorMillis mean frame-to-pose time over the steps written
   * @param maxSyncErrorMillis largest frame-to-pose time
   * @param late messages dropped because they came too late for their stamp
   * @param dropped messages dropped from the full queue
   */
  record Summary(
      int episodes,
      long steps,
      int datasetEpisodes,
      double meanSyncErrorMillis,
      double maxSyncErrorMillis,
      long late,
      long dropped) {}

  private record Received(Object message, long receiveNanos) {}

  private final Options options;
  private final NodeTransport node;
  private final PrintWriter log;
  private final BlockingQueue<Received> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger queuedImages = new AtomicInteger();
  private final Map<String, Long> firstMessage = new LinkedHashMap<>();
  private int episodes;
  private long steps;
  private double syncSum;
  private double syncMax;
  private volatile boolean accepting = true;

  private RosRecording(Options options, NodeTransport node, PrintWriter log) {
    this.options = options;
    this.node = node;
    this.log = log;
  }

  /**
   * Records until the duration or episode count is reached or {@code stop} turns true.
   *
   * @param node the node to subscribe with; closed at the end
   * @param log receives progress lines
   * @throws IllegalArgumentException one line for a bad option or output folder, a topic that never
   *     publishes, a topic of the wrong type, or a clock that jumps back
   * @throws IOException one line naming the topic for an image that cannot be read
   */
  static Summary run(Options options, NodeTransport node, PrintWriter log, BooleanSupplier stop)
      throws IOException, InterruptedException {
    return new RosRecording(options, node, log).record(stop);
  }

  private Summary record(BooleanSupplier stop) throws IOException, InterruptedException {
    Path out = options.out().toAbsolutePath();
    boolean existed = Files.exists(out);
    DatasetWriter writer = null;
    try {
      writer =
          DatasetWriter.resume(out, "--out", options.task(), options.imageSize(), options.rateHz());
      if (writer.resumedEpisodes() > 0) {
        log.printf(
            "continuing %s: %d episodes, %d steps already there%n",
            out, writer.resumedEpisodes(), writer.steps());
        log.flush();
      }
      return record(writer, stop);
    } finally {
      node.close();
      if (!existed && (writer == null || writer.episodes() == 0)) {
        deleteIfEmpty(out);
      }
    }
  }

  private Summary record(DatasetWriter writer, BooleanSupplier stop)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    long timeoutNanos = Math.round(options.topicTimeoutSeconds() * 1e9);
    boolean compressed =
        RecordTopicTypes.subscribeCamera(
            node, options, start + timeoutNanos, type -> subscribe(options.camera(), type));
    long period = Math.round(1e9 / options.rateHz());
    BagFrames frames = new BagFrames(options.imageSize());
    StepSampler sampler =
        new StepSampler(
            period,
            Math.round(options.gapSeconds() * 1e9),
            options.maxSteps(),
            frames.frameBytes(),
            episode -> {
              writer.episode(episode, "record " + options.camera());
              episodes++;
              steps += episode.steps();
              for (float error : episode.syncErrorMillis()) {
                syncSum += error;
                syncMax = Math.max(syncMax, error);
              }
            });
    StampedStreams streams =
        new StampedStreams(
            sampler,
            frames,
            null,
            period,
            options.camera(),
            options.pose(),
            options.joints(),
            options.command());
    subscribe(options.pose(), PoseStamped.TYPE);
    subscribe(options.joints(), JointState.TYPE);
    subscribe(options.command(), TwistStamped.TYPE);
    if (options.episodeTopic() != null) {
      subscribe(options.episodeTopic(), StringMessage.TYPE);
    }
    log.printf(
        Locale.ROOT,
        "recording on %s: %s (%s), %s, %s, %s at %.6g Hz into %s%n",
        node.rosVersion(),
        options.camera(),
        compressed ? "CompressedImage" : "Image",
        options.pose(),
        options.joints(),
        options.command(),
        options.rateHz(),
        options.out());
    log.flush();

    long gapNanos = Math.round(options.gapSeconds() * 1e9);
    long lastMessage = System.nanoTime();
    boolean open = false;
    long nextProgress = start + PROGRESS_PERIOD.toNanos();
    boolean commandNoted = false;
    boolean countReached = false;
    long boundaryAt = 0;
    while (true) {
      long now = System.nanoTime();
      countReached = options.episodes() > 0 && episodes >= options.episodes();
      if (countReached
          || stop.getAsBoolean()
          || (options.durationSeconds() > 0 && now - start >= options.durationSeconds() * 1e9)) {
        break;
      }
      Received received = queue.poll(50, TimeUnit.MILLISECONDS);
      now = System.nanoTime();
      if (received != null) {
        feed(streams, received);
        boundaryAt = received.message() instanceof StringMessage ? now : boundaryAt;
        lastMessage = now;
        open = true;
      } else if (open && now - lastMessage > gapNanos) {
        streams.finish(); // every topic fell silent: the episode ended
        open = false;
      }
      if (boundaryAt != 0 && now - boundaryAt > StampedStreams.REORDER_NANOS) {
        // No newer stamps to release it (e.g. a simulation clock at rest): the episode ends now.
        streams.releaseBoundary();
        boundaryAt = 0;
      }
      if (now - start > timeoutNanos) {
        RecordTopicTypes.checkFirstMessages(node, options, firstMessage.keySet());
        if (!commandNoted && !firstMessage.containsKey(options.command())) {
          log.printf(
              Locale.ROOT,
              "no command on %s within %s s: actions are zero until one arrives%n",
              options.command(),
              options.topicTimeoutSeconds());
          commandNoted = true;
        }
      }
      if (now >= nextProgress) {
        progress(writer, streams);
        nextProgress = now + PROGRESS_PERIOD.toNanos();
      }
    }
    accepting = false;
    if (!countReached) {
      // Stopped by duration or Ctrl-C: what arrived so far completes the open episode.
      for (Received received = queue.poll(); received != null; received = queue.poll()) {
        feed(streams, received);
      }
      streams.finish();
    }
    progress(writer, streams);
    return new Summary(
        episodes,
        steps,
        writer.episodes(),
        steps == 0 ? 0 : syncSum / (steps + episodes),
        syncMax,
        streams.lateCount(),
        dropped.get());
  }

  /** Camera images as sensor data (ROS 2: best effort), the rest reliable. */
  private <T> void subscribe(String topic, dev.foresight.ros.msg.MessageType<T> type) {
    boolean image = type.equals(ImageMessage.TYPE) || type.equals(CompressedImage.TYPE);
    node.subscribe(
        Topic.of(topic, type),
        image ? NodeTransport.Delivery.SENSOR_DATA : NodeTransport.Delivery.RELIABLE,
        message -> {
          if (!accepting) {
            return;
          }
          Instant now = Instant.now();
          if (image && queuedImages.incrementAndGet() > QUEUED_IMAGES) {
            queuedImages.decrementAndGet();
            dropped.incrementAndGet();
            return;
          }
          if (!queue.offer(
              new Received(message, now.getEpochSecond() * 1_000_000_000L + now.getNano()))) {
            if (image) {
              queuedImages.decrementAndGet();
            }
            dropped.incrementAndGet();
          }
        });
  }

  private void feed(StampedStreams streams, Received received) throws IOException {
    Object message = received.message();
    long t = received.receiveNanos();
    String topic;
    if (message instanceof ImageMessage image) {
      topic = options.camera();
      queuedImages.decrementAndGet();
      streams.image(image, t);
    } else if (message instanceof CompressedImage image) {
      topic = options.camera();
      queuedImages.decrementAndGet();
      streams.image(image, t);
    } else if (message instanceof PoseStamped pose) {
      topic = options.pose();
      streams.pose(pose, t);
    } else if (message instanceof JointState joints) {
      topic = options.joints();
      streams.joints(joints, t);
    } else if (message instanceof TwistStamped command) {
      topic = options.command();
      streams.command(command, t);
    } else {
      topic = options.episodeTopic();
      streams.boundary();
    }
    firstMessage.putIfAbsent(topic, t);
  }

  private void progress(DatasetWriter writer, StampedStreams streams) {
    log.printf(
        Locale.ROOT,
        "recorded %d episodes, %d steps (dataset: %d episodes); sync error mean %.1f ms, max %.1f"
            + " ms; %d late, %d dropped%n",
        episodes,
        steps,
        writer.episodes(),
        steps == 0 ? 0 : syncSum / (steps + episodes),
        syncMax,
        streams.lateCount(),
        dropped.get());
    log.flush();
  }

  private static void deleteIfEmpty(Path folder) {
    try (var entries = Files.list(folder)) {
      if (entries.findAny().isEmpty()) {
        Files.delete(folder);
      }
    } catch (IOException e) {
      // Absent, or it holds something: either way it stays as it is.
    }
  }
}
