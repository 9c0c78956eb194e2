package dev.foresight.ros2.tools;

import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.Header;
import dev.foresight.ros2.msg.Image;
import dev.foresight.ros2.msg.Ros2MessageType;
import dev.foresight.ros2.msg.Time;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The program behind {@code foresight bench ros2}: streams rgb8 {@code sensor_msgs/msg/Image}
 * messages over loopback UDP and prints received messages/s, MB/s and latency p50/p99 for Java →
 * Java (one way, two nodes in this process) and Java → C++ → Java (round trip through the C++
 * Fast-DDS peer, which sends every image back). Reliable QoS, keep last 10: large images over UDP
 * need it. Latency is wall clock from the header stamp to the listener. A program, not a test.
 */
public final class Ros2ImageBench {
  /** Who is at the other end. */
  public enum Pair {
    /** Java publisher and subscriber, two nodes in this process; one-way latency. */
    JAVA_JAVA("java-java"),
    /** Java publisher, the C++ peer echoing, Java subscriber; round-trip latency. */
    JAVA_CPP_JAVA("java-cpp-java");

    private final String label;

    Pair(String label) {
      this.label = label;
    }

    /** The name on the command line. */
    public String label() {
      return label;
    }

    /** The pair named {@code label}. */
    public static Pair parse(String label) {
      for (Pair pair : values()) {
        if (pair.label.equals(label)) {
          return pair;
        }
      }
      throw new IllegalArgumentException(
          "pair '" + label + "' is not known, expected java-java or java-cpp-java");
    }
  }

  /**
   * What to run.
   *
   * @param seconds measured seconds per run, (0, 600]
   * @param ratesHz offered rates in Hz, 0 = as fast as possible (at most 2 images in flight)
   * @param pairs pairs to measure
   * @param width image width in pixels
   * @param height image height in pixels
   * @param domainId DDS domain of the run
   * @param peerDirectory where the C++ peer is built
   */
  public record Settings(
      double seconds,
      List<Double> ratesHz,
      List<Pair> pairs,
      int width,
      int height,
      int domainId,
      Path peerDirectory) {
    /** Checks the ranges. */
    public Settings {
      if (!(seconds > 0 && seconds <= 600)) {
        throw new IllegalArgumentException(
            "seconds " + seconds + " is out of range, expected (0, 600]");
      }
      for (double rate : ratesHz) {
        if (!(rate >= 0 && rate <= 100_000)) {
          throw new IllegalArgumentException(
              "rate " + rate + " Hz is out of range, expected [0, 100000]");
        }
      }
      if (width < 1 || height < 1 || (long) width * height * 3 > 64L << 20) {
        throw new IllegalArgumentException(
            "image " + width + "x" + height + " is out of range, expected 1 to 64 MiB of rgb8");
      }
      ratesHz = List.copyOf(ratesHz);
      pairs = List.copyOf(pairs);
    }
  }

  /** One run's numbers. */
  public record Result(
      Pair pair,
      double offeredHz,
      long sent,
      long received,
      double seconds,
      long bytes,
      double p50Millis,
      double p99Millis) {
    /** Received messages per second. */
    public double rateHz() {
      return received / seconds;
    }

    /** Received megabytes (10^6 bytes) of pixels per second. */
    public double megabytesPerSecond() {
      return bytes / seconds / 1e6;
    }
  }

  /** Unmeasured publishing before each run's window. */
  private static final long WARM_UP_NANOS = 2_000_000_000L;

  private Ros2ImageBench() {}

  /** Wall-clock now in nanoseconds since the epoch. */
  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Runs every pair at every rate and prints one line per run to {@code out}.
   *
   * @throws IOException when the C++ peer is asked for but cannot be built or started
   */
  public static List<Result> run(Settings settings, PrintWriter out)
      throws IOException, InterruptedException {
    Path peer = null;
    if (settings.pairs().contains(Pair.JAVA_CPP_JAVA)) {
      peer = FastDdsPeerBuild.build(settings.peerDirectory());
    }
    int bytes = settings.width() * settings.height() * 3;
    out.printf(
        "foresight bench ros2: %dx%d rgb8 sensor_msgs/msg/Image (%d pixel bytes), reliable keep"
            + " last 10, UDPv4 loopback, domain %d, %.1f s per run after 2 s of warm-up, %d cores%n",
        settings.width(),
        settings.height(),
        bytes,
        settings.domainId(),
        settings.seconds(),
        Runtime.getRuntime().availableProcessors());
    out.flush();
    List<Result> results = new java.util.ArrayList<>();
    for (Pair pair : settings.pairs()) {
      for (double rate : settings.ratesHz()) {
        Result result = runOne(settings, pair, rate, peer);
        results.add(result);
        out.printf(
            "%-14s %-8s offered: %8.1f msg/s received, %7.1f MB/s, %s latency p50 %7.2f ms p99"
                + " %7.2f ms, %d of %d received%n",
            pair.label(),
            rate == 0 ? "max" : String.format("%.0f Hz", rate),
            result.rateHz(),
            result.megabytesPerSecond(),
            pair == Pair.JAVA_JAVA ? "one-way" : "round-trip",
            result.p50Millis(),
            result.p99Millis(),
            result.received(),
            result.sent());
        out.flush();
      }
    }
    return results;
  }

  private static Result runOne(Settings settings, Pair pair, double rate, Path peer)
      throws IOException, InterruptedException {
    Ros2MessageType<Image> type = Image.type(settings.width() * settings.height() * 3);
    String out = "/foresight_bench/image";
    String back = pair == Pair.JAVA_JAVA ? out : "/foresight_bench/image_echo";
    int capacity =
        (int)
            Math.min(
                10_000_000, Math.max(1000, (rate == 0 ? 20_000 : rate) * settings.seconds() * 2));
    Recorder recorder = new Recorder(capacity);
    Process echo = null;
    try (Ros2Node sender =
            Ros2Node.start(Ros2NodeSettings.of("bench_sender").withDomainId(settings.domainId()));
        Ros2Node receiver =
            Ros2Node.start(
                Ros2NodeSettings.of("bench_receiver").withDomainId(settings.domainId()))) {
      if (pair == Pair.JAVA_CPP_JAVA) {
        echo =
            new ProcessBuilder(
                    peer.toString(),
                    "echo-image",
                    "" + settings.domainId(),
                    out,
                    back,
                    "" + (settings.seconds() + 30))
                .redirectErrorStream(true)
                .start();
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        if (!"ready".equals(first)) {
          throw new IOException("the C++ peer did not start: " + first);
        }
      }
      receiver.createSubscriber(Ros2Topic.of(back, type), Ros2Qos.RELIABLE, recorder::onMessage);
      Ros2Publisher<Image> publisher =
          sender.createPublisher(Ros2Topic.of(out, type), Ros2Qos.RELIABLE);
      if (!publisher.awaitSubscriptions(pair == Pair.JAVA_JAVA ? 1 : 1, Duration.ofSeconds(20))) {
        throw new IOException("no subscription matched " + out + " within 20 s");
      }
      Thread.sleep(500); // lets the echo's writer match the Java reader too
      byte[] pixels = new byte[settings.width() * settings.height() * 3];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) i;
      }
      // Warm-up (JIT, discovery of the echo's writer, history), not measured.
      long warmUpEnd = nowNanos() + WARM_UP_NANOS;
      long start = warmUpEnd;
      long end = start + (long) (settings.seconds() * 1e9);
      recorder.open(start, end);
      long sent = 0;
      long totalSent = 0;
      long period = rate == 0 ? 0 : (long) (1e9 / rate);
      long next = System.nanoTime();
      while (true) {
        long now = nowNanos();
        if (now >= end) {
          break;
        }
        if (period > 0) {
          next += period;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        } else {
          long stall = System.nanoTime() + 1_000_000_000L;
          while (totalSent - recorder.total() >= 2 && System.nanoTime() < stall) {
            LockSupport.parkNanos(20_000);
          }
        }
        long stamp = nowNanos();
        publisher.publish(
            new Image(
                new Header(Time.fromNanos(stamp), "bench"),
                settings.height(),
                settings.width(),
                "rgb8",
                (byte) 0,
                settings.width() * 3,
                pixels));
        totalSent++;
        if (stamp >= start) {
          sent++;
        }
      }
      Thread.sleep(1000); // stragglers
      return recorder.result(pair, rate, sent, settings.seconds());
    } finally {
      if (echo != null) {
        echo.destroy();
        if (!echo.waitFor(5, TimeUnit.SECONDS)) {
          echo.destroyForcibly();
        }
      }
    }
  }

  /** Latencies of the images stamped inside the measured window; called on one DDS thread. */
  private static final class Recorder {
    private final long[] latencies;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private int count;
    private long bytes;
    private volatile long received;
    private volatile long total;

    Recorder(int capacity) {
      latencies = new long[capacity];
    }

    void onMessage(Image image) {
      long now = nowNanos();
      long stamp = image.header().stamp().toNanos();
      total++;
      if (stamp >= windowStart && stamp <= windowEnd) {
        received++;
        if (count < latencies.length) {
          latencies[count++] = now - stamp;
        }
        bytes += image.data().length;
      }
    }

    /** Every image received, in the window or not. */
    long total() {
      return total;
    }

    void open(long start, long end) {
      windowStart = start;
      windowEnd = end;
    }

    synchronized Result result(Pair pair, double rate, long sent, double seconds) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new Result(
          pair,
          rate,
          sent,
          received,
          seconds,
          bytes,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
  }
}
