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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench ros}: streams 640×480 rgb8 {@code sensor_msgs/Image} messages over
 * loopback TCPROS through a private roscore and prints received messages/s, MB/s and latency
 * (header stamp → receive, wall clock) p50/p99 for each publisher→subscriber pair of Java (this
 * module), rospy and roscpp (when Debian's {@code libroscpp-dev} is installed).
 */
@Command(
    name = "ros",
    mixinStandardHelpOptions = true,
    description = {
      "Image throughput and latency over TCPROS on loopback (starts its own roscore).",
      "Pairs are PUBLISHER-SUBSCRIBER of java, rospy, roscpp; the default runs java-java,",
      "java-rospy, rospy-java and, when libroscpp-dev is installed, roscpp-roscpp.",
      "Rate 0 means as fast as possible (java-java then keeps at most 2 images in flight)."
    })
final class BenchRosCommand implements Callable<Integer> {
  private static final List<String> KINDS = List.of("java", "rospy", "roscpp");
  private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\": ([-0-9.eE]+|NaN)");

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
      description = "PUBLISHER-SUBSCRIBER pairs, e.g. java-java,roscpp-java.")
  List<String> pairs;

  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;

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
    PrintWriter out = spec.commandLine().getOut();
    String roscppMissing = RosTools.roscppMissingMessage();
    List<String> chosen = pairs;
    if (chosen == null) {
      chosen = new ArrayList<>(List.of("java-java", "java-rospy", "rospy-java"));
      if (roscppMissing == null) {
        chosen.add("roscpp-roscpp");
      }
    }
    for (String pair : chosen) {
      String[] kinds = pair.split("-");
      if (kinds.length != 2 || !KINDS.contains(kinds[0]) || !KINDS.contains(kinds[1])) {
        throw new IllegalArgumentException(
            "--pairs " + pair + " is not PUBLISHER-SUBSCRIBER of java, rospy, roscpp");
      }
      if (pair.contains("roscpp") && roscppMissing != null) {
        throw new IllegalArgumentException("--pairs " + pair + ": " + roscppMissing);
      }
    }
    Path work = Files.createTempDirectory("foresight-bench-ros");
    try (RosTools ros = RosTools.startCore(work, Map.of())) {
      Path roscppPeer =
          chosen.stream().anyMatch(pair -> pair.contains("roscpp"))
              ? RosTools.roscppPeer(Path.of(System.getProperty("java.io.tmpdir"), "foresight"))
              : null;
      Bench bench = new Bench(ros, work, roscppPeer);
      out.printf(
          "foresight bench ros: %dx%d rgb8 sensor_msgs/Image (%d bytes on the wire), %.0f s per"
              + " run, loopback, roscore %s, %d cores, load average %.1f%n",
          WIDTH,
          HEIGHT,
          ImageMessage.TYPE.serializedSize(bench.image(0, new byte[WIDTH * HEIGHT * 3])),
          seconds,
          ros.masterUri(),
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      if (pairs == null && roscppMissing != null) {
        out.println("(roscpp-roscpp skipped: " + roscppMissing + ")");
      }
      if (chosen.stream().anyMatch(pair -> pair.contains("java"))) {
        // Let the JIT compile the Java send and receive paths before anything is measured.
        double measured = seconds;
        seconds = Math.min(3, measured);
        bench.run("java", "java", 0);
        seconds = measured;
        out.printf(
            "(Java paths warmed up for %.0f s first, not measured)%n", Math.min(3, measured));
      }
      out.printf(
          "%-14s %9s %11s %9s %8s %8s %9s%n",
          "pair", "offered", "received/s", "MB/s", "p50 ms", "p99 ms", "dropped");
      out.flush();
      for (double rate : rates) {
        for (String pair : chosen) {
          String[] kinds = pair.split("-");
          RosBenchRecorder.Result result = bench.run(kinds[0], kinds[1], rate);
          out.printf(
              "%-14s %9s %11.1f %9.1f %8.2f %8.2f %9s%n",
              pair.replace("-", "->"),
              rate == 0 ? "max" : String.format("%.0f Hz", rate),
              result.count() / result.seconds(),
              result.bytes() / result.seconds() / 1e6,
              result.p50Millis(),
              result.p99Millis(),
              result.dropped() < 0 ? "-" : String.valueOf(result.dropped()));
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

  /** Runs pairs against one roscore. */
  private final class Bench {
    private final RosTools ros;
    private final Path work;
    private final Path roscppPeer;

    Bench(RosTools ros, Path work, Path roscppPeer) {
      this.ros = ros;
      this.work = work;
      this.roscppPeer = roscppPeer;
    }

    ImageMessage image(int seq, byte[] pixels) {
      return ImageMessage.fromImage(
          Header.of(seq, RosBenchRecorder.nowNanos(), "bench"),
          new Image(WIDTH, HEIGHT, PixelEncoding.RGB8, pixels));
    }

    private Process startPeer(String kind, List<String> args, String log) throws IOException {
      if (kind.equals("rospy")) {
        return ros.startPythonScript("peer.py", args, work.resolve(log));
      }
      List<String> command = new ArrayList<>();
      command.add(roscppPeer.toString());
      command.add(args.get(0).replace("image_", ""));
      command.addAll(args.subList(1, args.size()));
      return ros.start(command, work.resolve(log));
    }

    RosBenchRecorder.Result run(String publisherKind, String subscriberKind, double rate)
        throws Exception {
      String topicName = "/bench/" + publisherKind + "_" + subscriberKind + "_" + (long) rate;
      Topic<ImageMessage> topic = Topic.of(topicName, ImageMessage.TYPE);
      Path json = work.resolve(publisherKind + "_" + subscriberKind + (long) rate + ".json");
      Files.deleteIfExists(json);
      List<AutoCloseable> resources = new ArrayList<>();
      try {
        RosBenchRecorder recorder = null;
        RosSubscriber<ImageMessage> subscriber = null;
        Process subscriberProcess = null;
        if (subscriberKind.equals("java")) {
          RosNode node = startNode("bench_java_sub", resources);
          recorder = new RosBenchRecorder((int) Math.min(2_000_000, seconds * 20_000));
          subscriber = node.subscribe(topic, recorder::onMessage);
        } else {
          subscriberProcess =
              startPeer(
                  subscriberKind,
                  List.of("image_sub", topicName, String.valueOf(seconds), json.toString()),
                  subscriberKind + "_sub.log");
          Process started = subscriberProcess;
          resources.add(() -> RosTools.stop(started));
        }
        if (publisherKind.equals("java")) {
          RosNode node = startNode("bench_java_pub", resources);
          RosPublisher<ImageMessage> publisher = node.advertise(topic, false, 2);
          RosSubscriber<ImageMessage> javaSubscriber = subscriber;
          awaitConnected(
              () ->
                  publisher.subscriberCount() > 0
                      && (javaSubscriber == null || javaSubscriber.connectedPublisherCount() > 0));
          if (recorder != null) {
            RosBenchRecorder javaRecorder = recorder;
            publishFor(publisher, rate, 1.0, javaRecorder::received, null);
            long start = RosBenchRecorder.nowNanos();
            recorder.open(start, start + (long) (seconds * 1e9));
            publishFor(publisher, rate, seconds, javaRecorder::received, null);
            Thread.sleep(200);
            return recorder.result(seconds, publisher.droppedCount());
          }
          Process peer = subscriberProcess;
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
          return readJson(json, subscriberKind, publisher.droppedCount());
        }
        Process publisherProcess =
            startPeer(
                publisherKind,
                List.of(
                    "image_pub", topicName, String.valueOf(seconds + 1.5), String.valueOf(rate)),
                publisherKind + "_pub.log");
        resources.add(() -> RosTools.stop(publisherProcess));
        if (recorder == null) {
          if (!subscriberProcess.waitFor((long) seconds + 60, TimeUnit.SECONDS)) {
            throw new IOException(subscriberKind + " subscriber did not finish");
          }
          return readJson(json, subscriberKind, -1);
        }
        RosBenchRecorder javaRecorder = recorder;
        RosSubscriber<ImageMessage> javaSubscriber = subscriber;
        awaitConnected(() -> javaSubscriber.connectedPublisherCount() > 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (javaRecorder.received() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        Thread.sleep(1000); // warm-up, as the other subscribers do
        long start = RosBenchRecorder.nowNanos();
        recorder.open(start, start + (long) (seconds * 1e9));
        Thread.sleep((long) (seconds * 1000) + 300);
        return recorder.result(seconds, -1);
      } finally {
        for (int i = resources.size() - 1; i >= 0; i--) {
          resources.get(i).close();
        }
      }
    }

    private RosNode startNode(String name, List<AutoCloseable> resources)
        throws IOException, InterruptedException {
      RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), name, "127.0.0.1"));
      resources.add(node);
      return node;
    }

    private RosBenchRecorder.Result readJson(Path json, String kind, long dropped)
        throws IOException {
      if (!Files.exists(json)) {
        throw new IOException(
            "the "
                + kind
                + " subscriber wrote no result: "
                + RosTools.read(work.resolve(kind + "_sub.log")));
      }
      Map<String, Double> numbers = new java.util.HashMap<>();
      Matcher matcher = JSON_NUMBER.matcher(Files.readString(json));
      while (matcher.find()) {
        numbers.put(
            matcher.group(1),
            "NaN".equals(matcher.group(2)) ? Double.NaN : Double.parseDouble(matcher.group(2)));
      }
      return new RosBenchRecorder.Result(
          numbers.get("count").longValue(),
          numbers.get("seconds"),
          numbers.get("bytes"),
          numbers.get("p50_ms"),
          numbers.get("p99_ms"),
          dropped);
    }

    /**
     * Publishes images at {@code rate} (0: as fast as possible) for {@code durationSeconds} or
     * until {@code stop} is set. With {@code received} given and rate 0, keeps at most 2 images in
     * flight.
     */
    private void publishFor(
        RosPublisher<ImageMessage> publisher,
        double rate,
        double durationSeconds,
        LongSupplier received,
        AtomicBoolean stop) {
      byte[] pixels = new byte[WIDTH * HEIGHT * 3];
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
        publisher.publish(image((int) sent, pixels));
        sent++;
      }
    }
  }

  private static void awaitConnected(BooleanSupplier connected)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!connected.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("publisher and subscriber did not connect within 30 s");
      }
      Thread.sleep(10);
    }
  }
}
