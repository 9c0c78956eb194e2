package dev.foresight.launch;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.tools.RosTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench ros}: streams 640×480 rgb8 {@code sensor_msgs/Image} messages over
 * loopback TCPROS through a private roscore and prints received messages/s, MB/s and latency (stamp
 * → receive, wall clock) p50/p99 for Java→Java, Java→rospy and rospy→Java.
 */
@Command(
    name = "ros",
    mixinStandardHelpOptions = true,
    description = {
      "Image throughput and latency over TCPROS on loopback (starts its own roscore).",
      "Pairs: java-java, java-rospy, rospy-java. Rate 0 means as fast as possible",
      "(java-java then keeps at most 2 images in flight)."
    })
final class BenchRosCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seconds", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  double seconds = 10;

  @Option(
      names = "--rates",
      split = ",",
      description = "Offered rates in Hz, 0 = max (default ${DEFAULT-VALUE}).")
  List<Double> rates = List.of(1000.0);

  @Option(
      names = "--pairs",
      split = ",",
      description = "Publisher-subscriber pairs (default ${DEFAULT-VALUE}).")
  List<String> pairs = List.of("java-java", "java-rospy", "rospy-java");

  @Option(names = "--width", description = "Image width (default ${DEFAULT-VALUE}).")
  int width = 640;

  @Option(names = "--height", description = "Image height (default ${DEFAULT-VALUE}).")
  int height = 480;

  private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\": ([-0-9.eE]+|NaN)");

  @Override
  public Integer call() throws Exception {
    if (!(seconds > 0 && seconds <= 600)) {
      throw new IllegalArgumentException(
          "--seconds " + seconds + " is out of range, expected (0, 600]");
    }
    for (double rate : rates) {
      if (!(rate >= 0 && rate <= 100_000)) {
        throw new IllegalArgumentException(
            "--rates " + rate + " is out of range, expected [0, 100000] Hz");
      }
    }
    for (String pair : pairs) {
      if (!List.of("java-java", "java-rospy", "rospy-java").contains(pair)) {
        throw new IllegalArgumentException(
            "--pairs " + pair + " is unknown, expected java-java, java-rospy or rospy-java");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("foresight-bench-ros");
    try (RosTools ros = RosTools.startCore(work, Map.of())) {
      int bytes = ImageMessage.TYPE.serializedSize(testImage(0, new byte[width * height * 3]));
      out.printf(
          "foresight bench ros: %dx%d rgb8 sensor_msgs/Image (%d bytes on the wire), %.0f s per run,"
              + " loopback, roscore %s, %d cores%n",
          width,
          height,
          bytes,
          seconds,
          ros.masterUri(),
          Runtime.getRuntime().availableProcessors());
      out.printf(
          "%-12s %9s %11s %9s %8s %8s %9s%n",
          "pair", "offered", "received/s", "MB/s", "p50 ms", "p99 ms", "dropped");
      for (double rate : rates) {
        for (String pair : pairs) {
          Result result =
              switch (pair) {
                case "java-java" -> javaToJava(ros, rate);
                case "java-rospy" -> javaToRospy(ros, work, rate);
                default -> rospyToJava(ros, work, rate);
              };
          out.printf(
              "%-12s %9s %11.1f %9.1f %8.2f %8.2f %9d%n",
              pair,
              rate == 0 ? "max" : String.format("%.0f Hz", rate),
              result.count / result.seconds,
              result.bytes / result.seconds / 1e6,
              result.p50Millis,
              result.p99Millis,
              result.dropped);
          out.flush();
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }
    return 0;
  }

  /** One run's numbers. */
  private record Result(
      long count, double seconds, double bytes, double p50Millis, double p99Millis, long dropped) {}

  /** Wall-clock now in nanoseconds since the epoch (microsecond resolution on Linux). */
  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private ImageMessage testImage(int seq, byte[] pixels) {
    return ImageMessage.fromImage(
        Header.of(seq, nowNanos(), "bench"), new Image(width, height, PixelEncoding.RGB8, pixels));
  }

  /** Collects latencies of messages received inside the measured window. */
  private static final class Recorder {
    private final long[] latencies;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private int count;
    private long bytes;
    volatile long received;

    Recorder(int capacity) {
      latencies = new long[capacity];
    }

    void onMessage(ImageMessage message) {
      long now = nowNanos();
      received++;
      long stamp = message.header().stamp().toNanos();
      if (stamp >= windowStart && now <= windowEnd && count < latencies.length) {
        latencies[count++] = now - stamp;
        bytes += message.data().length;
      }
    }

    void open(long start, long end) {
      windowStart = start;
      windowEnd = end;
    }

    synchronized Result result(double seconds, long dropped) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new Result(
          count, seconds, bytes, percentile(sorted, 0.50), percentile(sorted, 0.99), dropped);
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }
  }

  private RosNode startNode(RosTools ros, String name) throws IOException, InterruptedException {
    return RosNode.start(RosNodeSettings.of(ros.masterUri(), name, "127.0.0.1"));
  }

  private Result javaToJava(RosTools ros, double rate) throws Exception {
    Topic<ImageMessage> topic = Topic.of("/bench/java_java", ImageMessage.TYPE);
    Recorder recorder = new Recorder((int) Math.min(2_000_000, seconds * 20_000));
    try (RosNode publisherNode = startNode(ros, "bench_java_pub");
        RosNode subscriberNode = startNode(ros, "bench_java_sub")) {
      RosPublisher<ImageMessage> publisher = publisherNode.advertise(topic, false, 2);
      RosSubscriber<ImageMessage> subscriber = subscriberNode.subscribe(topic, recorder::onMessage);
      awaitConnected(
          () -> publisher.subscriberCount() > 0 && subscriber.connectedPublisherCount() > 0);
      publishFor(publisher, rate, 1.0, () -> recorder.received, null);
      long start = nowNanos();
      recorder.open(start, start + (long) (seconds * 1e9));
      publishFor(publisher, rate, seconds, () -> recorder.received, null);
      Thread.sleep(200);
      return recorder.result(seconds, publisher.droppedCount());
    }
  }

  private Result javaToRospy(RosTools ros, Path work, double rate) throws Exception {
    Topic<ImageMessage> topic = Topic.of("/bench/java_rospy", ImageMessage.TYPE);
    Path result = work.resolve("java_rospy.json");
    Files.deleteIfExists(result);
    try (RosNode publisherNode = startNode(ros, "bench_java_pub")) {
      RosPublisher<ImageMessage> publisher = publisherNode.advertise(topic, false, 2);
      Process peer =
          ros.startPythonScript(
              "peer.py",
              List.of("image_sub", topic.name(), String.valueOf(seconds), result.toString()),
              work.resolve("java_rospy.log"));
      try {
        awaitConnected(() -> publisher.subscriberCount() > 0);
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher =
            new Thread(
                () -> {
                  try {
                    peer.waitFor();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  done.set(true);
                });
        watcher.setDaemon(true);
        watcher.start();
        publishFor(publisher, rate, seconds + 30, null, done);
        if (!Files.exists(result)) {
          throw new IOException(
              "the rospy subscriber wrote no result: "
                  + RosTools.read(work.resolve("java_rospy.log")));
        }
        Map<String, Double> numbers = parseJson(Files.readString(result));
        return new Result(
            numbers.get("count").longValue(),
            numbers.get("seconds"),
            numbers.get("bytes"),
            numbers.get("p50_ms"),
            numbers.get("p99_ms"),
            publisher.droppedCount());
      } finally {
        RosTools.stop(peer);
      }
    }
  }

  private Result rospyToJava(RosTools ros, Path work, double rate) throws Exception {
    Topic<ImageMessage> topic = Topic.of("/bench/rospy_java", ImageMessage.TYPE);
    Recorder recorder = new Recorder((int) Math.min(2_000_000, seconds * 20_000));
    try (RosNode subscriberNode = startNode(ros, "bench_java_sub")) {
      RosSubscriber<ImageMessage> subscriber = subscriberNode.subscribe(topic, recorder::onMessage);
      Process peer =
          ros.startPythonScript(
              "peer.py",
              List.of(
                  "image_pub", topic.name(), String.valueOf(seconds + 1.5), String.valueOf(rate)),
              work.resolve("rospy_java.log"));
      try {
        awaitConnected(() -> subscriber.connectedPublisherCount() > 0);
        // Skip the first second, then measure.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (recorder.received == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        Thread.sleep(500);
        long start = nowNanos();
        recorder.open(start, start + (long) (seconds * 1e9));
        Thread.sleep((long) (seconds * 1000) + 300);
        return recorder.result(seconds, 0);
      } finally {
        RosTools.stop(peer);
      }
    }
  }

  /**
   * Publishes images at {@code rate} (0: as fast as possible) for {@code durationSeconds} or until
   * {@code stop} is set. With {@code received} given and rate 0, keeps at most 2 images in flight.
   */
  private void publishFor(
      RosPublisher<ImageMessage> publisher,
      double rate,
      double durationSeconds,
      java.util.function.LongSupplier received,
      AtomicBoolean stop) {
    byte[] pixels = new byte[width * height * 3];
    long period = rate > 0 ? (long) (1e9 / rate) : 0;
    long start = System.nanoTime();
    long end = start + (long) (durationSeconds * 1e9);
    long next = start;
    long sent = 0;
    long receivedAtStart = received == null ? 0 : received.getAsLong();
    while (System.nanoTime() < end && (stop == null || !stop.get())) {
      if (period > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        next += period;
      } else if (received != null) {
        while (sent - (received.getAsLong() - receivedAtStart) >= 2 && System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      }
      pixels[0] = (byte) sent;
      publisher.publish(testImage((int) sent, pixels));
      sent++;
    }
  }

  private static void awaitConnected(java.util.function.BooleanSupplier connected)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!connected.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("publisher and subscriber did not connect within 30 s");
      }
      Thread.sleep(10);
    }
  }

  private static Map<String, Double> parseJson(String json) {
    Map<String, Double> numbers = new java.util.HashMap<>();
    Matcher matcher = JSON_NUMBER.matcher(json);
    while (matcher.find()) {
      numbers.put(
          matcher.group(1),
          "NaN".equals(matcher.group(2)) ? Double.NaN : Double.parseDouble(matcher.group(2)));
    }
    return numbers;
  }
}
